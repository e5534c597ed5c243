using CharRnnLsp.Server.Completion.Shaping;

namespace CharRnnLsp.Server.Tests;

public class BracketScannerTests
{
    [Theory]
    [InlineData("f(a, (b))", 0)]
    [InlineData("if (x) {", 1)]
    [InlineData("puts(\"(((\");", 0)]
    [InlineData("c = '{';", 0)]
    [InlineData("s = \"\\\"(\";", 0)]          // an escaped quote does not end the string
    [InlineData("x = 1; // (((", 0)]
    [InlineData("a[/* ] */ 0", 1)]
    [InlineData("don't (stop", 1)]                  // an apostrophe in a word is not a quote
    public void Counts_only_brackets_outside_literals_and_comments(string line, int delta) =>
        Assert.Equal(delta, new BracketScanner().Feed(line));

    [Fact]
    public void Block_comments_carry_across_lines_and_literals_do_not()
    {
        var scanner = new BracketScanner();
        Assert.Equal(1, scanner.Feed("f( /* start"));
        Assert.Equal(0, scanner.Feed("   ) still comment"));
        Assert.Equal(-1, scanner.Feed("end */ )"));
        Assert.Equal(0, scanner.Feed("\"unterminated ("));
        Assert.Equal(1, scanner.Feed("("));
    }

    [Theory]
    [InlineData("python", "x = f(a  # (((", 1)]
    [InlineData("python", "s = '#(' + g(", 1)]             // a # inside a string is not a comment
    [InlineData("latex", "\\frac{a}{b % }}}", 1)]          // % starts a comment
    [InlineData("latex", "50\\% of {x", 1)]                // \% is a percent sign, not a comment
    [InlineData("latex", "``quoted'' \\emph{it's (", 2)]   // TeX quotes are typography, not literals
    [InlineData("latex", "\\{ \\left( x", 1)]             // \{ is a brace character; \left( opens what \right) closes
    [InlineData("sql", "select f(x -- )))", 1)]
    [InlineData("c", "x = 1; # ((", 2)]                    // # is a preprocessor sign in C, not a comment
    [InlineData("someNewLanguage", "a // (", 0)]           // unknown languages get the C family
    public void Follows_the_comment_syntax_of_the_document_language(string languageId, string line, int delta) =>
        Assert.Equal(delta, new BracketScanner(LexicalSyntax.ForLanguage(languageId)).Feed(line));
}
