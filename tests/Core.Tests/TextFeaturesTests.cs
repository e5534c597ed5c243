using CharRnnLsp.Core.Evaluation;
using Xunit;

namespace CharRnnLsp.Core.Tests;

public class TextFeaturesTests
{
    private static float[] Feature(string text, string name)
        => TextFeatures.Compute(text.Select(c => (int)c).ToArray()).Values[Array.IndexOf(TextFeatures.Names, name)];

    private static string Marks(string text, string name)
        => new(Feature(text, name).Select(v => v > 0 ? '1' : '0').ToArray());

    [Fact]
    public void StringsRunFromTheOpeningQuoteToTheClosingOne()
        => Assert.Equal("00001111110", Marks("x = \"a\\\"b\";", "inside string"));

    [Fact]
    public void CommentsCoverLineAndBlockForms()
    {
        Assert.Equal("00011111000", Marks("a; // hi\nb;", "inside comment"));
        Assert.Equal("0111111100", Marks("a/* x */b;", "inside comment"));
    }

    [Fact]
    public void ApostrophesInProseAreNotStrings()
        => Assert.DoesNotContain('1', Marks("don't stop", "inside string"));

    [Fact]
    public void DepthIndentAndColumnFollowTheText()
    {
        string text = "f(a[1]);\n    g();";
        Assert.Equal([1, 1, 2, 2, 1, 0], Feature(text, "bracket depth")[1..7]);
        Assert.Equal(4, Feature(text, "indentation")[^1]);
        Assert.Equal(8, Feature(text, "position in line")[^1]);
        Assert.Equal(0, Feature(text, "position in line")[8]);
    }

    [Fact]
    public void LatexEnvironmentsNest()
    {
        string text = "\\begin{a}\\begin{b}x\\end{b}y\\end{a}z";
        float[] env = Feature(text, "inside LaTeX environment");
        Assert.Equal(2, env[text.IndexOf('x')]);
        Assert.Equal(1, env[text.IndexOf('y')]);
        Assert.Equal(0, env[text.IndexOf('z')]);
    }

    [Fact]
    public void PearsonIsOneForALinearRelationAndZeroForAConstant()
    {
        Assert.Equal(1.0, CellFinder.Pearson([1, 2, 3, 4], [2f, 4f, 6f, 8f]), 9);
        Assert.Equal(-1.0, CellFinder.Pearson([1, 2, 3, 4], [8f, 6f, 4f, 2f]), 9);
        Assert.Equal(0.0, CellFinder.Pearson([1, 2, 3, 4], [5f, 5f, 5f, 5f]), 9);
    }
}
