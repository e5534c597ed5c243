using System.Diagnostics;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Distributed;
using Xunit;

namespace CharRnnLsp.Training.Tests;

/// <summary>Data-parallel training under a real mpirun (Open MPI), 2 ranks on this machine.</summary>
public class DistributedTrainingTests
{
    private static readonly string[] Shape = ["--hidden", "32", "--embedding", "16", "--layers", "2", "--batch", "8", "--seq", "32",
        "--seed", "7", "--dropout", "0.1", "--sample-every", "0"];
    // --device cpu: these tests pin the managed engine (auto takes oneDNN, for ranks as for one process); the
    // oneDNN engine's ranks have their own test.
    private static readonly string[] Small = [.. Shape, "--device", "cpu"];

    [Fact]
    public void TwoRanksEndWithTheParametersOfOneProcessWithTheSameGlobalBatch()
    {
        if (SkippedWithoutMpi()) return;
        string corpus = CliRunner.CopyOfOwnSources();
        string[] run = ["--max-iters", "200", "--eval-every", "100", .. Small];
        string ranks = Out(corpus, "ranks"), twoThreads = Out(corpus, "t2"), oneThread = Out(corpus, "t1");

        var distributed = MpiRunner.Run(2, [corpus, "--out", ranks, "--threads", "1", "--progress", "json", .. run]);
        Assert.True(distributed.ExitCode == 0, distributed.Err + distributed.Out);
        Assert.Single(distributed.Out.Split('\n'), line => line.Contains("\"event\":\"stopped\"")); // rank 0 alone reports
        Assert.True(CliRunner.Run([corpus, "--out", twoThreads, "--threads", "2", .. run]).ExitCode == 0);
        Assert.True(CliRunner.Run([corpus, "--out", oneThread, "--threads", "1", .. run]).ExitCode == 0);

        var fromRanks = Latest(ranks);
        Assert.Equal(200, CheckpointStore.ReadProgress(fromRanks)!.Iteration);
        // Rank r's streams are worker r's of a 2-thread process, and a sum of two is the same in either order.
        AssertSameState(Latest(twoThreads), fromRanks);
        // One thread runs all 8 streams through one GEMM: the same sums, grouped differently.
        double difference = RelativeDifference(Latest(oneThread).Parameters, fromRanks.Parameters);
        Assert.True(difference <= 1e-5, $"2 ranks vs 1 thread: relative difference {difference}");
        Assert.True(difference > 0, "expected rounding differences from the other grouping; the comparison would not see a bug");
    }

    [Fact]
    public void TwoRanksOnOneDnnEndWithTheParametersOfOneOneDnnProcessWithTwoThreads()
    {
        if (SkippedWithoutMpi()) return;
        string corpus = CliRunner.CopyOfOwnSources();
        string[] run = ["--max-iters", "200", "--eval-every", "100", .. Shape, "--device", "onednn"];
        string ranks = Out(corpus, "ranks"), twoThreads = Out(corpus, "t2");

        var process = CliRunner.Run([corpus, "--out", twoThreads, "--threads", "2", .. run]);
        Assert.True(process.ExitCode == 0, process.Err + process.Out);
        string device = process.Out.Split('\n').First(line => line.StartsWith("device:", StringComparison.Ordinal));
        if (!device.Contains("oneDNN", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"SKIPPED: oneDNN is not available, so MPI ranks on the oneDNN engine are NOT verified ({device})");
            return;
        }
        var distributed = MpiRunner.Run(2, [corpus, "--out", ranks, "--threads", "1", .. run]);
        Assert.True(distributed.ExitCode == 0, distributed.Err + distributed.Out);
        Assert.Contains("oneDNN 2, libdnnl.so.2, 1 thread per rank, 2 MPI ranks", distributed.Out);

        // Rank r's streams are worker r's of the 2-thread process (StreamRange.Share both times), each through the
        // same oneDNN primitives, and a sum of two gradient copies or loss sums is the same in either order.
        AssertSameState(Latest(twoThreads), Latest(ranks));
    }

    [Fact]
    public void AKilledRankStopsTheOtherWithOneLineAndTheRunResumesExactly()
    {
        if (SkippedWithoutMpi()) return;
        string corpus = CliRunner.CopyOfOwnSources();
        string[] common = ["--max-iters", "400", "--checkpoint-every", "10", "--eval-every", "100", .. Small];
        string straight = Out(corpus, "straight"), killed = Out(corpus, "killed");
        Assert.True(CliRunner.Run([corpus, "--out", straight, "--threads", "2", .. common]).ExitCode == 0);

        string latest = TrainOptions.LatestPathFor(killed);
        string[] distributed = [corpus, "--out", killed, "--threads", "1", .. common];
        using (var mpirun = MpiRunner.Start(2, distributed))
        {
            var stderr = mpirun.StandardError.ReadToEndAsync();
            _ = mpirun.StandardOutput.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (Iteration(latest) < 30 && !mpirun.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
            Assert.False(mpirun.HasExited, "the run finished before a rank could be killed; make it longer");
            var ranks = MpiRunner.RankProcesses(mpirun);
            Assert.Equal([0, 1], ranks.Keys.Order());
            Assert.True(MpiRunner.HasMpiLoaded(ranks[0]), "a rank under mpirun should have loaded libmpi");

            Process.GetProcessById(ranks[1]).Kill(); // SIGKILL
            Assert.True(mpirun.WaitForExit(TimeSpan.FromSeconds(60)), "the surviving rank did not stop within 60 s");
            Assert.NotEqual(0, mpirun.ExitCode);
            var ours = stderr.Result.Split('\n').Where(l => l.StartsWith("charrnn-train:", StringComparison.Ordinal)).ToList();
            Assert.True(ours.Count == 1, stderr.Result);
            Assert.Contains("rank 0 of 2: the MPI launcher ended the job", ours[0]);
        }
        long killedAt = Iteration(latest); // loads: the checkpoint is whole
        Assert.InRange(killedAt, 30, 399);

        var resumed = MpiRunner.Run(2, [.. distributed, "--resume"]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        Assert.Contains($"resumed from {latest} at iteration {killedAt}", resumed.Out);
        AssertSameState(Latest(straight), Latest(killed));
    }

    [Fact]
    public void ARunOfTwoRanksResumesInOneProcessFromTheSameState()
    {
        if (SkippedWithoutMpi()) return;
        string corpus = CliRunner.CopyOfOwnSources();
        string[] common = ["--eval-every", "50", .. Small];
        string straight = Out(corpus, "straight"), switched = Out(corpus, "switched");
        Assert.True(CliRunner.Run([corpus, "--out", straight, "--max-iters", "160", "--threads", "2", .. common]).ExitCode == 0);

        var ranks = MpiRunner.Run(2, [corpus, "--out", switched, "--max-iters", "80", "--threads", "1", .. common]);
        Assert.True(ranks.ExitCode == 0, ranks.Err);
        var sample = CliRunner.Run(["sample", switched, "--length", "20", "--seed", "1"]);
        Assert.True(sample.ExitCode == 0, sample.Err); // an ordinary checkpoint
        var resumed = CliRunner.Run([corpus, "--out", switched, "--max-iters", "160", "--threads", "2", "--resume", .. common]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        AssertSameState(Latest(straight), Latest(switched));
    }

    [Fact]
    public void OutsideALauncherTrainingLoadsNoMpiLibrary()
    {
        Assert.False(MpiLauncher.IsPresent(_ => null));
        Assert.True(MpiLauncher.IsPresent(name => name == "OMPI_COMM_WORLD_SIZE" ? "2" : null));
        Assert.True(MpiLauncher.IsPresent(name => name == "PMI_SIZE" ? "4" : null));
        Assert.Same(SoloTeam.Instance, MpiTeam.JoinIfLaunched());
        Assert.False(MpiRunner.HasMpiLoaded(Environment.ProcessId));

        string corpus = CliRunner.CopyOfOwnSources();
        string outPath = Out(corpus, "solo");
        using var process = CliRunner.Start([corpus, "--out", outPath, "--max-iters", "100000", "--checkpoint-every", "5", .. Small]);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (Iteration(TrainOptions.LatestPathFor(outPath)) < 5 && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(20);
        Assert.False(process.HasExited, "training stopped early");
        bool loaded = MpiRunner.HasMpiLoaded(process.Id);
        process.Kill();
        Assert.False(loaded, "a run outside mpirun mapped libmpi");
    }

    private static bool SkippedWithoutMpi()
    {
        if (MpiRunner.Launcher is not null) return false;
        Console.Error.WriteLine("SKIPPED: mpirun is not installed; the MPI tests did not run (scripts/install-test-deps.sh installs openmpi-bin)");
        return true;
    }

    private static string Out(string corpus, string name) => Path.Combine(corpus, name, "m.safetensors");

    private static Checkpoint Latest(string outPath) => Checkpoint.Load(TrainOptions.LatestPathFor(outPath));

    private static long Iteration(string latestPath)
        => File.Exists(latestPath) ? CheckpointStore.ReadProgress(Checkpoint.Load(latestPath))!.Iteration : 0;

    // Parameters, carried hidden state and optimizer moments, bit for bit.
    private static void AssertSameState(Checkpoint expected, Checkpoint actual)
    {
        Assert.Equal(CheckpointStore.ReadProgress(expected)!.Iteration, CheckpointStore.ReadProgress(actual)!.Iteration);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.ExtraTensors.Keys.Order(), actual.ExtraTensors.Keys.Order());
        foreach (var (name, tensor) in expected.ExtraTensors) Assert.Equal(tensor.Data, actual.ExtraTensors[name].Data);
    }

    // ||a - b|| / ||a|| over the whole parameter vector.
    private static double RelativeDifference(float[] a, float[] b)
    {
        double difference = 0, norm = 0;
        for (int i = 0; i < a.Length; i++) { difference += Math.Pow(a[i] - b[i], 2); norm += Math.Pow(a[i], 2); }
        return Math.Sqrt(difference / norm);
    }
}
