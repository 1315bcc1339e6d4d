using Workers.Runtime.Hosting.Config;

namespace Workers.Runtime.Tests.Hosting.Config;

[TestFixture]
public sealed class DotEnvParserTests
{
    private const string File = "/project/.dev.vars";

    private static Dictionary<string, string> Parse(string text) => new(DotEnvParser.Parse(text, File));

    [Test]
    public void Parse_KeyValueLines_CommentsAndBlankLines_ReadsPairsInOrder()
    {
        var result = DotEnvParser.Parse("""
            # secrets for local development

            API_KEY=abc123
              TOKEN=xyz
            # DISABLED=1
            LAST=z
            """, File);

        Assert.That(result.Keys, Is.EqualTo(new[] { "API_KEY", "TOKEN", "LAST" }));
        Assert.That(result.Values, Is.EqualTo(new[] { "abc123", "xyz", "z" }));
    }

    [Test]
    public void Parse_ExportPrefix_IsDropped()
    {
        Assert.That(Parse("export TOKEN=xyz\nexport\tOTHER=1\n"), Is.EqualTo(new Dictionary<string, string> { ["TOKEN"] = "xyz", ["OTHER"] = "1" }));
    }

    [Test]
    public void Parse_KeyNamedExport_IsAKey()
    {
        Assert.That(Parse("export=yes\n"), Is.EqualTo(new Dictionary<string, string> { ["export"] = "yes" }));
    }

    [Test]
    public void Parse_SpacesAroundEqualsAndValue_AreTrimmed()
    {
        Assert.That(Parse("GREETING = hello world   \n")["GREETING"], Is.EqualTo("hello world"));
    }

    [Test]
    public void Parse_ValueContainingEquals_KeepsEverythingAfterTheFirst()
    {
        Assert.That(Parse("URL=https://a.example/?q=1&r=2\n")["URL"], Is.EqualTo("https://a.example/?q=1&r=2"));
    }

    [Test]
    public void Parse_EmptyValue_IsEmptyString()
    {
        Assert.That(Parse("EMPTY=\nQUOTED=\"\"\n"), Is.EqualTo(new Dictionary<string, string> { ["EMPTY"] = "", ["QUOTED"] = "" }));
    }

    [Test]
    public void Parse_InlineCommentAfterUnquotedValue_IsDropped()
    {
        Assert.That(Parse("A=1 # the first\nB=two#no space needed\n"), Is.EqualTo(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two" }));
    }

    [Test]
    public void Parse_DoubleQuotes_ExpandEscapes()
    {
        Assert.That(Parse("""MULTI="line one\nline two\ttab \"quoted\" back\\slash \x kept" """)["MULTI"],
            Is.EqualTo("line one\nline two\ttab \"quoted\" back\\slash \\x kept"));
    }

    [Test]
    public void Parse_SingleQuotesAndBackticks_AreLiteral()
    {
        var result = Parse("""
            SINGLE='no \n escapes # not a comment'
            TICKS=`has 'single' and "double"`
            """);

        Assert.That(result["SINGLE"], Is.EqualTo("no \\n escapes # not a comment"));
        Assert.That(result["TICKS"], Is.EqualTo("has 'single' and \"double\""));
    }

    [Test]
    public void Parse_QuotedValueThenComment_KeepsTheValue()
    {
        Assert.That(Parse("HASHED=\"abc#123\"   # comment\n")["HASHED"], Is.EqualTo("abc#123"));
    }

    [Test]
    public void Parse_QuotedValueOverSeveralLines_KeepsTheNewlinesAndCountsLines()
    {
        var result = Parse("PEM=\"-----BEGIN-----\nabc\n-----END-----\"\nNEXT=1\n");

        Assert.That(result["PEM"], Is.EqualTo("-----BEGIN-----\nabc\n-----END-----"));
        Assert.That(result["NEXT"], Is.EqualTo("1"));
        var e = Assert.Throws<ConfigException>(() => DotEnvParser.Parse("PEM=\"a\nb\nc\"\nbroken\n", File))!;
        Assert.That(e.Line, Is.EqualTo(4));
    }

    [Test]
    public void Parse_WindowsLineEndings_AreNotPartOfValues()
    {
        Assert.That(Parse("A=1\r\nB=\"x\r\ny\"\r\n"), Is.EqualTo(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x\ny" }));
    }

    [Test]
    public void Parse_KeyGivenTwice_LastValueWinsInFirstPosition()
    {
        var result = DotEnvParser.Parse("A=1\nB=2\nA=3\n", File);

        Assert.That(result.Keys, Is.EqualTo(new[] { "A", "B" }));
        Assert.That(result["A"], Is.EqualTo("3"));
    }

    [Test]
    public void Parse_LineWithoutEquals_FailsNamingFileAndLine()
    {
        var e = Assert.Throws<ConfigException>(() => DotEnvParser.Parse("A=1\n\nsupersecretvalue\n", File))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.File, Is.EqualTo(File));
            Assert.That(e.Line, Is.EqualTo(3));
            Assert.That(e.Key, Is.Null);
            Assert.That(e.Message, Is.EqualTo($"{File}:3: expected NAME=VALUE, found no '=' after the name"));
        });
    }

    [Test]
    public void Parse_LineStartingWithABadCharacter_FailsWithoutRepeatingTheLine()
    {
        var e = Assert.Throws<ConfigException>(() => DotEnvParser.Parse("A=1\n$TOKEN=hunter2\n", File))!;

        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Does.Not.Contain("hunter2"));
    }

    [Test]
    public void Parse_UnclosedQuote_FailsNamingTheLineWhereItOpens()
    {
        var e = Assert.Throws<ConfigException>(() => DotEnvParser.Parse("A=1\nB=\"open\nC=2\n", File))!;

        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Reason, Does.Contain("never closed"));
    }

    [Test]
    public void Parse_TextAfterClosingQuote_Fails()
    {
        var e = Assert.Throws<ConfigException>(() => DotEnvParser.Parse("A=\"x\" y\n", File))!;

        Assert.That(e.Line, Is.EqualTo(1));
        Assert.That(e.Reason, Is.EqualTo("unexpected text after the closing quote of A"));
    }
}
