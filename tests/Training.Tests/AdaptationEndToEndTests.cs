using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace CharRnnLsp.Training.Tests;

/// <summary>`eval`'s adaptive columns and `sample --adapt-on`, through the real charrnn-train.</summary>
[Collection(nameof(TrainedModelFixture))]
public class AdaptationEndToEndTests(TrainedModelFixture model, ITestOutputHelper log)
{
    [Fact]
    public void EvalPrintsTheAdaptiveColumnsBesideTheStaticModelAndTheNgram()
    {
        var (code, stdout, stderr) = CliRunner.Run(["eval", model.Checkpoint, model.Corpus, "--order", "4", "--probes", "20",
            "--max-chars", "20000", "--adapt-segment", "32"]);
        Assert.True(code == 0, stderr);
        log.WriteLine(stdout);
        Assert.Contains("| dynamic | + cache | + match | all | all + 4-gram | 4-gram KN |", stdout);
        var bits = Regex.Match(stdout, @"\| bits/char((?: \| [0-9.]+){7}) \|");
        Assert.True(bits.Success, stdout);
        double[] values = bits.Groups[1].Value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(double.Parse).ToArray();
        double staticBits = values[0], all = values[4];
        Assert.True(all < staticBits, $"all {all} bits/char is not below the static model's {staticBits}");
        Assert.Matches(@"\| reading speed, chars/s \(1 thread\) \|  \|(?: [0-9,]+ \|){5}  \|", stdout);
        Assert.Contains("greedy next 10 chars exact, after identifiers", stdout);
    }

    [Fact]
    public void SampleAdaptsToAFileAndContinuesIt()
    {
        string file = Path.Combine(model.Corpus, "adapt-on.txt");
        File.WriteAllText(file, string.Concat(Enumerable.Repeat("frobnicate_widget(x);\n", 150)));
        var adapted = CliRunner.Run(["sample", model.Checkpoint, "--adapt-on", file, "--argmax", "--length", "60"]);
        Assert.True(adapted.ExitCode == 0, adapted.Err);
        var plain = CliRunner.Run(["sample", model.Checkpoint, "--argmax", "--length", "60"]);
        log.WriteLine($"adapted: {adapted.Out}\nplain: {plain.Out}");
        Assert.Contains("frobnicate_widget(x);", adapted.Out);
        Assert.DoesNotContain("frobnicate", plain.Out);
    }

    [Fact]
    public void SampleRejectsAMissingAdaptationFileInOneLine()
    {
        var (code, stdout, stderr) = CliRunner.Run(["sample", model.Checkpoint, "--adapt-on", Path.Combine(model.Corpus, "missing.c")]);
        Assert.NotEqual(0, code);
        Assert.Contains("--adapt-on", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(stdout);
    }
}
