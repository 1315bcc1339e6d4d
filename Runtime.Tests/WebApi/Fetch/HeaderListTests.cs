using Workers.Runtime.WebApi.Fetch;

namespace Workers.Runtime.Tests.WebApi.Fetch;

[TestFixture]
public sealed class HeaderListTests
{
    [Test]
    public void Get_RepeatedName_CombinesWithCommaSpace()
    {
        var list = new HeaderList();
        list.Append("Accept", "a");
        list.Append("accept", "b");
        Assert.That(list.Get("ACCEPT"), Is.EqualTo("a, b"));
    }

    [Test]
    public void Append_ExistingName_KeepsFirstCase()
    {
        var list = new HeaderList();
        list.Append("X-Foo", "1");
        list.Append("x-foo", "2");
        Assert.That(list.Entries.Select(e => e.Key), Is.EqualTo(new[] { "X-Foo", "X-Foo" }));
    }

    [Test]
    public void Set_SeveralValues_ReplacesFirstAndRemovesOthers()
    {
        var list = new HeaderList();
        list.Append("a", "1");
        list.Append("b", "2");
        list.Append("A", "3");
        list.Set("a", "4");
        Assert.That(list.Entries, Is.EqualTo(new[] { KeyValuePair.Create("a", "4"), KeyValuePair.Create("b", "2") }));
    }

    [Test]
    public void SortAndCombine_MixedNames_SortsLowerCasesAndKeepsSetCookieSeparate()
    {
        var list = new HeaderList();
        list.Append("Set-Cookie", "a=1");
        list.Append("B", "x");
        list.Append("a", "y");
        list.Append("set-cookie", "b=2");
        list.Append("b", "z");
        Assert.That(list.SortAndCombine(), Is.EqualTo(new[]
        {
            KeyValuePair.Create("a", "y"),
            KeyValuePair.Create("b", "x, z"),
            KeyValuePair.Create("set-cookie", "a=1"),
            KeyValuePair.Create("set-cookie", "b=2"),
        }));
    }

    [Test]
    public void ToWireFields_RepeatedNames_CombinesInFirstOrderExceptSetCookie()
    {
        var list = new HeaderList();
        list.Append("X-B", "1");
        list.Append("Set-Cookie", "a=1");
        list.Append("X-A", "2");
        list.Append("x-b", "3");
        list.Append("Set-Cookie", "b=2");
        Assert.That(list.ToWireFields(), Is.EqualTo(new[]
        {
            KeyValuePair.Create("X-B", "1, 3"),
            KeyValuePair.Create("Set-Cookie", "a=1"),
            KeyValuePair.Create("X-A", "2"),
            KeyValuePair.Create("Set-Cookie", "b=2"),
        }));
    }

    [TestCase("content-type", true)]
    [TestCase("X_Custom!#$%&'*+-.^`|~", true)]
    [TestCase("", false)]
    [TestCase("a b", false)]
    [TestCase("a:b", false)]
    [TestCase("é", false)]
    [TestCase("a\"", false)]
    public void IsValidName_Token_MatchesRfc9110(string name, bool valid)
        => Assert.That(HeaderList.IsValidName(name), Is.EqualTo(valid));

    [TestCase("ok value", true)]
    [TestCase("a\0b", false)]
    [TestCase("a\rb", false)]
    [TestCase("a\nb", false)]
    [TestCase("tab\tinside", true)]
    public void IsValidValue_ControlCharacters_RejectsNulCrLf(string value, bool valid)
        => Assert.That(HeaderList.IsValidValue(value), Is.EqualTo(valid));

    [Test]
    public void NormalizeValue_SurroundingHttpWhitespace_IsStripped()
        => Assert.That(HeaderList.NormalizeValue(" \t\r\n a b \n\t"), Is.EqualTo("a b"));
}
