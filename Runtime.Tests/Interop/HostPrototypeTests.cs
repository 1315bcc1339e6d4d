using static Workers.Runtime.Tests.TestIsolate;

namespace Workers.Runtime.Tests.Interop;

/// <summary>
/// Web API prototypes define their members on first use; whatever a script does first to a
/// prototype it has never touched must already see every member.
/// </summary>
[TestFixture]
public sealed class HostPrototypeTests
{
    [TestCase("Object.getOwnPropertyNames(Headers.prototype).includes('append')")]
    [TestCase("Reflect.ownKeys(Request.prototype).includes('clone')")]
    [TestCase("Object.keys(URL.prototype).includes('href')")]
    [TestCase("URLSearchParams.prototype.hasOwnProperty('sort')")]
    [TestCase("'decode' in TextDecoder.prototype")]
    [TestCase("typeof TextEncoder.prototype.encodeInto === 'function'")]
    [TestCase("Object.getOwnPropertyDescriptor(Response.prototype, 'status').get !== undefined")]
    [TestCase("new URL('http://h/').href === 'http://h/'")]
    [TestCase("new Headers({a: '1'}).get('a') === '1'")]
    [TestCase("JSON.stringify(Object.entries(Object.getOwnPropertyDescriptors(DOMException.prototype)).length > 3)")]
    [TestCase("Object.prototype.toString.call(URLSearchParams.prototype) === '[object URLSearchParams]'")]
    [TestCase("URL.prototype.constructor === URL")]
    [TestCase("(() => { for (const k in Headers.prototype) if (k === 'forEach') return true; return false; })()")]
    public async Task FirstTouchOfAPrototype_SeesItsMembers(string expression)
        => Assert.That(await EvalInFreshIsolateAsync(expression), Is.EqualTo("true"));

    [Test]
    public async Task MemberReplacedBeforeAnyOtherUse_StaysReplaced()
        => Assert.That(await EvalInFreshIsolateAsync("""
            URLSearchParams.prototype.get = () => 'mine';
            new URLSearchParams('a=1').get('a')
            """), Is.EqualTo("mine"));

    [Test]
    public async Task CopyingHeaders_WhenTheFirstInstanceNeverTouchedItsPrototype_UsesTheBuiltInIterator()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const first = new Headers([['a', '1']]);
            [...new Headers(first)].join()
            """), Is.EqualTo("a,1"));
}
