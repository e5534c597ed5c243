using CharRnnLsp.Training;
using CharRnnLsp.Training.Cli;
using Xunit;

namespace CharRnnLsp.Training.Tests;

public class ArgumentReaderTests
{
    [Fact]
    public void ParsesOptionsInBothFormsAndThePathLast()
    {
        var options = TrainCommand.Parse(new ArgumentReader(["./src", "--hidden", "256", "--lr=0.01", "--cell", "gru", "--resume", "--max-time", "1h30m"]));
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
        var options = TrainCommand.Parse(new ArgumentReader(["x", "--preset", "large", "--layers", "2"]));
        Assert.Equal(512, options.Hidden);
        Assert.Equal(2, options.Layers);
    }

    [Fact]
    public void RepeatableOptionsCollectEveryValue()
    {
        var options = TrainCommand.Parse(new ArgumentReader(["x", "--include", "*.c", "--include", "*.h"]));
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
    public void RejectsBadInputWithOneLineReason(string expected, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => TrainCommand.Parse(new ArgumentReader(args)));
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
        => Assert.Equal(seconds, DurationParser.Parse(text, "max-time").TotalSeconds, 6);

    [Fact]
    public void LatestCheckpointSitsBesideTheBest()
        => Assert.Equal(Path.Combine("out", "m.latest.safetensors"), TrainOptions.LatestPathFor(Path.Combine("out", "m.safetensors")));
}
