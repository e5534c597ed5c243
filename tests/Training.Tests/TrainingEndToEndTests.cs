using System.Diagnostics;
using System.Text;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Training;
using Xunit;

namespace CharRnnLsp.Training.Tests;

/// <summary>charrnn-train as a user runs it: a real corpus (this repository's sources), real processes.</summary>
public class TrainingEndToEndTests
{
    private static readonly string[] Small = ["--hidden", "32", "--embedding", "16", "--layers", "2", "--batch", "8", "--seq", "32", "--threads", "2", "--seed", "7"];

    [Fact]
    public void TrainsSavesBestAndLatestAndTheModelLearns()
    {
        string corpus = CliRunner.CopyOfOwnSources();
        string outPath = Path.Combine(corpus, "out", "m.safetensors");
        var (code, stdout, stderr) = CliRunner.Run([corpus, "--out", outPath, "--lr", "0.01", "--max-iters", "150", "--eval-every", "50", "--sample-every", "150", "--sample-length", "80", .. Small]);
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("files", stdout);
        Assert.Contains("sample at iteration 150", stdout);
        var best = Checkpoint.Load(outPath);
        var latest = Checkpoint.Load(TrainOptions.LatestPathFor(outPath));
        var progress = CheckpointStore.ReadProgress(latest)!;
        Assert.Equal(150, progress.Iteration);
        Assert.Equal(3, progress.History.Count);
        Assert.True(progress.History[^1].ValLoss < progress.History[0].ValLoss - 0.2,
            $"validation loss should fall: {string.Join(", ", progress.History.Select(h => h.ValLoss))}");
        Assert.True(progress.History[0].ValLoss < Math.Log(best.Vocabulary.Size), "after 50 iterations the model beats a uniform guess");
        Assert.Single(progress.Samples);
        Assert.True(latest.ExtraTensors.ContainsKey(CheckpointStore.HiddenTensor));
        Assert.Empty(best.ExtraTensors);

        var sample = CliRunner.Run(["sample", outPath, "--prime", "public ", "--length", "60", "--seed", "1", "--temperature", "0.5"]);
        Assert.True(sample.ExitCode == 0, sample.Err);
        Assert.StartsWith("public ", sample.Out);
        Assert.True(sample.Out.Length > 40);
        var again = CliRunner.Run(["sample", outPath, "--prime", "public ", "--length", "60", "--seed", "1", "--temperature", "0.5"]);
        Assert.Equal(sample.Out, again.Out);
    }

    [Fact]
    public void AKilledRunResumesToTheSameParametersBitForBit()
    {
        string corpus = CliRunner.CopyOfOwnSources();
        string[] common = ["--max-iters", "120", "--checkpoint-every", "10", "--eval-every", "40", "--sample-every", "0", "--dropout", "0.1", .. Small];
        string straight = Path.Combine(corpus, "a", "m.safetensors");
        var whole = CliRunner.Run([corpus, "--out", straight, .. common]);
        Assert.True(whole.ExitCode == 0, whole.Err);

        string killed = Path.Combine(corpus, "b", "m.safetensors");
        string latest = TrainOptions.LatestPathFor(killed);
        using (var process = CliRunner.Start([corpus, "--out", killed, .. common]))
        {
            var clock = Stopwatch.StartNew();
            long seen = 0;
            while (seen < 30 && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(20);
                if (File.Exists(latest)) seen = CheckpointStore.ReadProgress(Checkpoint.Load(latest))!.Iteration;
            }
            Assert.False(process.HasExited, "the run finished before it could be killed; make it longer");
            process.Kill(); // SIGKILL: no chance to save anything more
            process.WaitForExit();
        }
        long killedAt = CheckpointStore.ReadProgress(Checkpoint.Load(latest))!.Iteration;
        Assert.InRange(killedAt, 30, 119);

        var resumed = CliRunner.Run([corpus, "--out", killed, "--resume", .. common]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains($"resumed from {latest} at iteration {killedAt}", resumed.Out);
        Assert.Contains("cache: reused", resumed.Out); // the tree is not read again
        var expected = Checkpoint.Load(TrainOptions.LatestPathFor(straight));
        var actual = Checkpoint.Load(latest);
        Assert.Equal(120, CheckpointStore.ReadProgress(actual)!.Iteration);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.ExtraTensors[CheckpointStore.HiddenTensor].Data, actual.ExtraTensors[CheckpointStore.HiddenTensor].Data);
    }

    [Fact]
    public void CtrlCSavesACheckpointAndExitsCleanly()
    {
        string corpus = CliRunner.CopyOfOwnSources();
        string outPath = Path.Combine(corpus, "c", "m.safetensors");
        using var process = CliRunner.Start([corpus, "--out", outPath, "--max-iters", "100000", "--eval-every", "1000", "--log-every", "1", .. Small]);
        // Interrupt once training runs (not after a fixed delay: on a loaded machine reading the corpus can take longer).
        var firstIteration = new TaskCompletionSource();
        var stdout = new StringBuilder();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (stdout) stdout.AppendLine(line.Data);
            if (line.Data.StartsWith("iter ", StringComparison.Ordinal)) firstIteration.TrySetResult();
        };
        process.BeginOutputReadLine();
        Assert.True(firstIteration.Task.Wait(TimeSpan.FromSeconds(120)), "no iteration within 120 s");
        Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));
        process.WaitForExit(); // drains the redirected output
        Assert.Equal(130, process.ExitCode);
        var progress = CheckpointStore.ReadProgress(Checkpoint.Load(TrainOptions.LatestPathFor(outPath)))!;
        Assert.True(progress.Iteration > 0);
        lock (stdout) Assert.Contains("stopped: interrupted", stdout.ToString());
    }

    [Theory]
    [InlineData(3, "does not exist", "/nonexistent/tree")]
    [InlineData(2, "unknown option", ".", "--bogus")]
    [InlineData(2, "missing PATH")]
    public void BadInputGivesOneLineAndADistinctExitCode(int exitCode, string message, params string[] args)
    {
        var (code, _, stderr) = CliRunner.Run(args.Length == 0 ? ["train"] : args);
        Assert.Equal(exitCode, code);
        Assert.Contains(message, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void SamplingFromACorruptCheckpointFailsWithExitCode4()
    {
        string file = Path.GetTempFileName();
        File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        var (code, _, stderr) = CliRunner.Run(["sample", file]);
        Assert.Equal(4, code);
        Assert.StartsWith("charrnn-train: checkpoint:", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }
}
