using static Workers.Runtime.Tests.TestIsolate;

namespace Workers.Runtime.Tests.WebApi.Url;

/// <summary>How the URL classes are installed: from intrinsics captured before the script runs.</summary>
[TestFixture]
public sealed class UrlGlobalsTests
{
    [Test]
    public async Task SearchParamsIterator_AfterScriptReplacedIteratorIntrinsics_StillInheritsTheOriginalIteratorPrototype()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
            const getPrototypeOf = Object.getPrototypeOf;
            Array.prototype[Symbol.iterator] = function* () { yield 'tampered'; };
            Object.getPrototypeOf = () => null;
            const it = new URLSearchParams('a=1').keys();
            Object.getPrototypeOf = getPrototypeOf;
            [getPrototypeOf(getPrototypeOf(it)) === iteratorPrototype, it.next().value, typeof it[Symbol.iterator]]
            """), Is.EqualTo("""[true,"a","function"]"""));

    [Test]
    public async Task Url_ReplacedByTheScript_KeepsTheScriptsValue()
        => Assert.That(await EvalInFreshIsolateAsync("globalThis.URL = 5; URL"), Is.EqualTo("5"));

    [Test]
    public async Task SearchParams_DeletedByTheScript_IsGone()
        => Assert.That(await EvalInFreshIsolateAsync("delete globalThis.URLSearchParams; typeof URLSearchParams"), Is.EqualTo("undefined"));
}
