using static Workers.Runtime.Tests.TestIsolate;

namespace Workers.Runtime.Tests.WebApi.Fetch;

[TestFixture]
public sealed class HeadersTests
{
    [Test]
    public async Task FetchConstructors_InheritFromFunctionPrototype_SoBindWorks()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const BoundHeaders = Headers.bind(null, { a: '1' });
            [[Headers, Request, Response].every(c => Object.getPrototypeOf(c) === Function.prototype && c instanceof Function),
             new BoundHeaders().get('a'),
             typeof Response.json.call]
            """), Is.EqualTo("""[true,"1","function"]"""));

    [Test]
    public async Task Constructor_SequenceOfPairs_GetIsCaseInsensitive()
        => Assert.That(await EvalInFreshIsolateAsync("new Headers([['b','1'],['A','2']]).get('a')"), Is.EqualTo("2"));

    [Test]
    public async Task Constructor_Record_AddsEachProperty()
        => Assert.That(await EvalInFreshIsolateAsync("[...new Headers({ 'X-One': '1', two: '2' })]"), Is.EqualTo("""[["two","2"],["x-one","1"]]"""));

    [Test]
    public async Task Constructor_OtherHeaders_CopiesWithoutSharing()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const a = new Headers({ x: '1' });
            const b = new Headers(a);
            b.set('x', '2');
            a.get('x') + b.get('x')
            """), Is.EqualTo("12"));

    [Test]
    public async Task Constructor_Map_IsIterated()
        => Assert.That(await EvalInFreshIsolateAsync("new Headers(new Map([['k', 'v']])).get('k')"), Is.EqualTo("v"));

    [Test]
    public async Task Constructor_PairOfThree_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers([['a','b','c']])"), Does.StartWith("TypeError: Failed to construct 'Headers'"));

    [Test]
    public async Task Constructor_NonObject_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers(42)"), Does.StartWith("TypeError: Failed to construct 'Headers'"));

    [Test]
    public async Task Constructor_InvalidNameInRecord_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers({ 'bad name': 'x' })"), Is.EqualTo("TypeError: Failed to construct 'Headers': Invalid name"));

    [Test]
    public async Task Constructor_WithoutNew_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("Headers()"), Does.StartWith("TypeError"));

    [Test]
    public async Task Append_ExistingName_GetCombinesValues()
        => Assert.That(await EvalInFreshIsolateAsync("const h = new Headers(); h.append('a', '1'); h.append('A', '2'); h.get('a')"), Is.EqualTo("1, 2"));

    [Test]
    public async Task Append_InvalidName_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers().append('a b', 'x')"), Is.EqualTo("TypeError: Failed to execute 'append' on 'Headers': Invalid name"));

    [TestCase("a\\nb")]
    [TestCase("a\\rb")]
    [TestCase("a\\0b")]
    public async Task Append_InvalidValue_ThrowsTypeError(string value)
        => Assert.That(await ErrorInFreshIsolateAsync($"new Headers().append('a', '{value}')"), Is.EqualTo("TypeError: Failed to execute 'append' on 'Headers': Invalid value"));

    [Test]
    public async Task Append_NonByteString_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers().append('a', '\\u0100')"), Does.StartWith("TypeError: Failed to execute 'append' on 'Headers'"));

    [Test]
    public async Task Append_MissingArgument_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers().append('a')"), Does.StartWith("TypeError: Failed to execute 'append' on 'Headers': 2 arguments required"));

    [Test]
    public async Task Set_ValueWithSurroundingWhitespace_IsNormalized()
        => Assert.That(await EvalInFreshIsolateAsync("const h = new Headers(); h.set('a', ' \\t x y \\n'); '[' + h.get('a') + ']'"), Is.EqualTo("[x y]"));

    [Test]
    public async Task Set_ExistingValues_ReplacesAll()
        => Assert.That(await EvalInFreshIsolateAsync("const h = new Headers([['a','1'],['a','2']]); h.set('a', '3'); h.get('a')"), Is.EqualTo("3"));

    [Test]
    public async Task Delete_ExistingName_RemovesAllValues()
        => Assert.That(await EvalInFreshIsolateAsync("const h = new Headers([['a','1'],['A','2'],['b','3']]); h.delete('a'); [h.has('a'), h.get('a'), h.get('b')]"), Is.EqualTo("""[false,null,"3"]"""));

    [Test]
    public async Task Get_Missing_ReturnsNull()
        => Assert.That(await EvalInFreshIsolateAsync("new Headers().get('nope')"), Is.EqualTo("null"));

    [Test]
    public async Task Get_InvalidName_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers().get('')"), Is.EqualTo("TypeError: Failed to execute 'get' on 'Headers': Invalid name"));

    [Test]
    public async Task Has_InvalidName_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers().has('a:b')"), Is.EqualTo("TypeError: Failed to execute 'has' on 'Headers': Invalid name"));

    [Test]
    public async Task GetSetCookie_SeveralCookies_ReturnsEachSeparately()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const h = new Headers();
            h.append('Set-Cookie', 'a=1');
            h.append('set-cookie', 'b=2, c=3');
            h.getSetCookie()
            """), Is.EqualTo("""["a=1","b=2, c=3"]"""));

    [Test]
    public async Task Iterator_MixedNames_SortedLowerCasedCombinedWithSetCookieSeparate()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const h = new Headers([['Z','1'],['set-cookie','a=1'],['B','2'],['b','3'],['Set-Cookie','b=2']]);
            [...h]
            """), Is.EqualTo("""[["b","2, 3"],["set-cookie","a=1"],["set-cookie","b=2"],["z","1"]]"""));

    [Test]
    public async Task KeysAndValues_Iterate_YieldNamesAndValues()
        => Assert.That(await EvalInFreshIsolateAsync("const h = new Headers({ b: '2', a: '1' }); [[...h.keys()], [...h.values()]]"), Is.EqualTo("""[["a","b"],["1","2"]]"""));

    [Test]
    public async Task SymbolIterator_IsEntries()
        => Assert.That(await EvalInFreshIsolateAsync("Headers.prototype[Symbol.iterator] === Headers.prototype.entries"), Is.EqualTo("true"));

    [Test]
    public async Task Iterator_ToStringTagAndNext_AreProper()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const it = new Headers({ a: '1' }).entries();
            [Object.prototype.toString.call(it), typeof it.next, it[Symbol.iterator]() === it, JSON.stringify(it.next()), JSON.stringify(it.next())]
            """), Is.EqualTo("""["[object Headers Iterator]","function",true,"{\"value\":[\"a\",\"1\"],\"done\":false}","{\"done\":true}"]"""));

    [Test]
    public async Task IteratorNext_OnOtherObject_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers().keys().next.call({})"), Is.EqualTo("TypeError: Illegal invocation"));

    [Test]
    public async Task Iterator_HeaderAddedWhileIterating_IsSeen()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const h = new Headers({ a: '1' });
            const names = [];
            for (const [name] of h) { names.push(name); if (name === 'a') h.append('b', '2'); }
            names
            """), Is.EqualTo("""["a","b"]"""));

    [Test]
    public async Task ForEach_CallsWithValueNameAndHeaders()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const h = new Headers({ b: '2', a: '1' });
            const seen = [];
            h.forEach(function (value, name, obj) { seen.push(name + '=' + value + (obj === h) + this.tag); }, { tag: '!' });
            seen
            """), Is.EqualTo("""["a=1true!","b=2true!"]"""));

    [Test]
    public async Task ForEach_NotCallable_ThrowsTypeError()
        => Assert.That(await ErrorInFreshIsolateAsync("new Headers().forEach(1)"), Does.StartWith("TypeError: Failed to execute 'forEach' on 'Headers'"));

    [Test]
    public async Task ToString_Instance_IsObjectHeaders()
        => Assert.That(await EvalInFreshIsolateAsync("Object.prototype.toString.call(new Headers())"), Is.EqualTo("[object Headers]"));

    [Test]
    public async Task Subclass_Instance_HasSubclassPrototypeAndHeadersBehaviour()
        => Assert.That(await EvalInFreshIsolateAsync("""
            class My extends Headers { extra() { return 'x' + this.get('a'); } }
            const m = new My({ a: '1' });
            [m instanceof My, m instanceof Headers, m.extra()]
            """), Is.EqualTo("""[true,true,"x1"]"""));

    [Test]
    public async Task Method_OnWrongObject_ThrowsIllegalInvocation()
        => Assert.That(await ErrorInFreshIsolateAsync("Headers.prototype.get.call({}, 'a')"), Is.EqualTo("TypeError: Illegal invocation"));

    [Test]
    public async Task Lengths_MatchIdlAndInstanceHasNoOwnKeys()
        => Assert.That(await EvalInFreshIsolateAsync("[Object.keys(new Headers()).length, Headers.prototype.append.length, Headers.prototype.get.length, Headers.length]"), Is.EqualTo("[0,2,1,0]"));

    [Test]
    public async Task Constructor_HeadersWithReplacedIterator_UsesTheIterator()
        => Assert.That(await EvalInFreshIsolateAsync("""
            const h = new Headers([['a', '1']]);
            h[Symbol.iterator] = function* () { yield ['b', '2']; };
            const copy = new Headers(h);
            [copy.get('a'), copy.get('b')].join(',')
            """), Is.EqualTo(",2"));
}
