using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Backends.Cuda.Native;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Training;
using CharRnnLsp.Training.Cli;
using CharRnnLsp.Training.Tests;
using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>
/// GPU ranks under a real mpirun (Open MPI), summing with NCCL. Without a GPU they run in the second pass of
/// tests/Cuda.Tests on the CPU test doubles (Emulation/), whose NCCL sums across the rank processes through files;
/// in the plain pass they report themselves skipped.
/// </summary>
public sealed class NcclTrainingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("charrnn-nccl").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // No dropout: each rank draws its own masks for its streams, which one process would draw otherwise.
    private static readonly string[] Small = ["--device", "cuda", "--layers", "2", "--hidden", "16", "--embedding", "8", "--batch", "4",
        "--seq", "16", "--dropout", "0", "--max-iters", "20", "--eval-every", "20", "--eval-chars", "200", "--sample-every", "0", "--seed", "3"];

    [Fact]
    public void Two_gpu_ranks_end_with_the_parameters_of_one_gpu_process_with_the_same_global_batch()
    {
        RequireTwoGpuRanks();
        if (!CudaLibraryLoader.TryRequire(CudaLibrarySpec.Nccl, out _, out string missing)) Assert.Skip($"NO NCCL ON THIS MACHINE, GPU ranks not tested: {missing}");
        string corpus = WriteCorpus(), ranks = Path.Combine(_folder, "ranks", "m.safetensors"), alone = Path.Combine(_folder, "alone", "m.safetensors");

        var distributed = MpiRunner.Run(2, [corpus, "--out", ranks, .. Small], Environment());
        Assert.True(distributed.ExitCode == 0, distributed.Err + distributed.Out);
        Assert.Contains("2 ranks summing with NCCL", distributed.Out);
        var solo = CliRunner.Run([corpus, "--out", alone, .. Small]);
        Assert.True(solo.ExitCode == 0, solo.Err);

        var expected = Checkpoint.Load(TrainOptions.LatestPathFor(alone));
        var actual = Checkpoint.Load(TrainOptions.LatestPathFor(ranks));
        var (expectedRun, actualRun) = (CheckpointStore.ReadProgress(expected)!, CheckpointStore.ReadProgress(actual)!);
        Assert.Equal(20, actualRun.Iteration);
        // The training loss each rank reports is the whole batch's: NCCL summed the ranks' parts.
        Assert.Equal(expectedRun.History[^1].TrainLoss, actualRun.History[^1].TrainLoss, expectedRun.History[^1].TrainLoss * 1e-5);
        // The ranks' gradient GEMMs run over half the rows each, then NCCL adds them: the same sums, grouped differently.
        TensorAssert.Close(expected.Parameters, actual.Parameters, "parameters after 20 iterations", tolerance: 1e-5);
        TensorAssert.Close(expected.ExtraTensors[CheckpointStore.HiddenTensor].Data, actual.ExtraTensors[CheckpointStore.HiddenTensor].Data,
            "carried hidden state, gathered from the ranks", tolerance: 1e-5);
    }

    [Fact]
    public void Without_nccl_gpu_ranks_stop_with_one_line_each_and_the_mpi_exit_code()
    {
        RequireTwoGpuRanks();
        string withoutNccl = FoldersWithoutNccl();
        var refused = MpiRunner.Run(2, [WriteCorpus(), "--out", Path.Combine(_folder, "m.safetensors"), .. Small],
            Environment(withoutNccl));
        Assert.Equal(ExitCodes.Mpi, refused.ExitCode); // mpirun passes on the first failed rank's code
        // One line from each rank that got to say it: mpirun ends the job when the first rank exits.
        var ours = refused.Err.Split('\n').Where(l => l.StartsWith("charrnn-train:", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count is 1 or 2, refused.Err);
        Assert.All(ours, line => Assert.Matches(@"^charrnn-train: mpi: rank [01]: GPU ranks sum their gradients with NCCL: NCCL \(libnccl\.so\.2\) not found in .*; set CHARRNN_CUDA_PATH", line));
    }

    // Two ranks, each on a GPU of its own (NCCL refuses two ranks on one GPU), or both on the test double.
    private static void RequireTwoGpuRanks()
    {
        using (var device = CudaAvailability.RequireGpu())
            if (!CudaAvailability.IsTestDouble(device) && CudaDevice.Count(out _) < 2) Assert.Skip("ONE GPU ONLY: GPU ranks need two, not tested");
        if (MpiRunner.Launcher is null) Assert.Skip("NO MPIRUN, GPU ranks not tested (scripts/install-test-deps.sh installs openmpi-bin)");
        // The published GPU test runner (bench/gpu/pack.sh) may run where there is no `dotnet` to start the ranks with.
        if (!(System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "dotnet"))))
            Assert.Skip("NO DOTNET ON PATH to start charrnn-train under mpirun: GPU ranks not tested");
    }

    // The fake NCCL meets the other ranks in TMPDIR, which this test cleans up.
    private Dictionary<string, string> Environment(string? cudaPath = null)
    {
        var variables = new Dictionary<string, string> { ["TMPDIR"] = _folder };
        if (cudaPath is not null) variables[CudaLibraryLocator.PathVariable] = cudaPath;
        return variables;
    }

    // A CHARRNN_CUDA_PATH of one folder with links to every library of the current one but NCCL.
    private string FoldersWithoutNccl()
    {
        var elsewhere = new CudaLibraryLocator(name => name == CudaLibraryLocator.PathVariable ? null : System.Environment.GetEnvironmentVariable(name));
        if (elsewhere.SearchedFolders().Any(folder => Directory.EnumerateFiles(folder, "libnccl.so*").Any())
            || System.Runtime.InteropServices.NativeLibrary.TryLoad("libnccl.so.2", out _))
            Assert.Skip("NCCL IS INSTALLED WHERE IT CANNOT BE HIDDEN: the missing-NCCL error not tested");
        string links = Directory.CreateDirectory(Path.Combine(_folder, "cuda-without-nccl")).FullName;
        foreach (string folder in (System.Environment.GetEnvironmentVariable(CudaLibraryLocator.PathVariable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            foreach (string file in Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "lib*.so*") : [])
                if (!Path.GetFileName(file).StartsWith("libnccl", StringComparison.Ordinal) && !File.Exists(Path.Combine(links, Path.GetFileName(file))))
                    File.CreateSymbolicLink(Path.Combine(links, Path.GetFileName(file)), file);
        return links;
    }

    private string WriteCorpus()
    {
        string path = Path.Combine(_folder, "corpus.txt");
        File.WriteAllLines(path, Enumerable.Range(0, 3000).Select(i => $"the quick brown fox jumps over the lazy dog {i % 10}."));
        return path;
    }
}
