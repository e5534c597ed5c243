using CharRnnLsp.Server.Suggestions;

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
}
