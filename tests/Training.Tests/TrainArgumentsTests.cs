using CharRnnLsp.Training;
using CharRnnLsp.Training.Cli;
using Xunit;

namespace CharRnnLsp.Training.Tests;

/// <summary>The train verb's declarations as the real command tree parses them (no process started).</summary>
public class TrainArgumentsTests
{
    private static TrainOptions Parse(params string[] args) => new CommandLine.Tree(TextWriter.Null).ParseTrainOptions(args);

    [Fact]
    public void ParsesOptionsInBothFormsAndThePathLast()
    {
        var options = Parse(["./src", "--hidden", "256", "--lr=0.01", "--cell", "gru", "--resume", "--max-time", "1h30m"]);
        Assert.Equal("./src", options.CorpusPath);
        Assert.Equal(256, options.Hidden);
        Assert.Equal(0.01f, options.LearningRate);
        Assert.Equal(Core.Model.CellType.Gru, options.Cell);
        Assert.True(options.Resume);
        Assert.Equal(TimeSpan.FromMinutes(90), options.MaxTime);
    }

    [Fact]
    public void PresetSetsTheShapeAndExplicitOptionsOverrideIt()
    {
        var options = Parse(["x", "--preset", "large", "--layers", "2"]);
        Assert.Equal(512, options.Hidden);
        Assert.Equal(2, options.Layers);
    }

    [Fact]
    public void RepeatableOptionsCollectEveryValue()
    {
        var options = Parse(["x", "--include", "*.c", "--include", "*.h"]);
        Assert.Equal(["*.c", "*.h"], options.Include);
    }

    [Theory]
    [InlineData("unknown option '--hiden'", "x", "--hiden", "3")]
    [InlineData("--hidden must be an integer", "x", "--hidden", "big")]
    [InlineData("--lr must be between", "x", "--lr", "-1")]
    [InlineData("--cell must be one of lstm, gru, rnn", "x", "--cell", "transformer")]
    [InlineData("missing PATH", "--hidden", "8")]
    [InlineData("unexpected argument 'y'", "x", "y")]
    [InlineData("--max-time must be a duration", "x", "--max-time", "soon")]
    [InlineData("--resume and --init-from cannot be combined", "x", "--resume", "--init-from", "a.safetensors")]
    [InlineData("--batch needs a value", "x", "--batch")]
    [InlineData("--lr is given more than once", "x", "--lr", "0.1", "--lr=0.2")]
    [InlineData("--preset must be one of tiny, small, medium, large", "x", "--preset", "huge")]
    [InlineData("--train-frac plus --val-frac must not exceed 1", "x", "--train-frac", "0.9", "--val-frac", "0.2")]
    [InlineData("unknown option '--hidden'", "sample", "m.safetensors", "--hidden", "3")]
    public void RejectsBadInputWithOneLineReason(string expected, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1.5h", 5400)]
    [InlineData("1h30m", 5400)]
    public void ParsesDurations(string text, double seconds)
        => Assert.Equal(seconds, Parse("x", "--max-time", text).MaxTime!.Value.TotalSeconds, 6);

    [Fact]
    public void TheTrainVerbAndABarePathBindTheSameOptions()
    {
        var bare = Parse("x", "--hidden", "32", "--include", "*.c");
        var verb = Parse("train", "x", "--hidden", "32", "--include", "*.c");
        Assert.Equal(bare.Include, verb.Include);
        Assert.Equal(bare with { Include = verb.Include, Exclude = verb.Exclude }, verb); // the lists compare by reference
    }

    [Fact]
    public void DefaultsComeFromTheDeclarations()
    {
        var options = Parse("x");
        Assert.Equal((2, 128, 64), (options.Layers, options.Hidden, options.Embedding)); // the small preset
        Assert.Equal(Path.Combine(".charrnn", "model.safetensors"), options.Out);
        Assert.Equal("auto", options.Device);
        Assert.Equal(50, options.BatchSize);
        Assert.Null(options.MaxTime);
    }

    [Fact]
    public void AResponseFileStandsForItsArguments()
    {
        string file = Path.GetTempFileName();
        File.WriteAllLines(file, ["--hidden 96", "--cell gru"]);
        var options = Parse("x", "@" + file, "--layers", "3");
        Assert.Equal((96, 3), (options.Hidden, options.Layers));
        Assert.Equal(Core.Model.CellType.Gru, options.Cell);
    }

    [Fact]
    public void LatestCheckpointSitsBesideTheBest()
        => Assert.Equal(Path.Combine("out", "m.latest.safetensors"), TrainOptions.LatestPathFor(Path.Combine("out", "m.safetensors")));
}
