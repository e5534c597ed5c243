using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Training;
using CharRnnLsp.Training.Cli;
using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>charrnn-train as a user runs it, in-process (the published test runner has no `dotnet` to start
/// a child with): a run on the GPU that learns and whose checkpoint samples on the CPU; and what a machine
/// without a GPU says.</summary>
public sealed class CudaTrainingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("charrnn-cuda").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("0")]
    [InlineData("0.3")]
    public void A_run_on_the_gpu_learns_and_its_checkpoint_samples_on_the_cpu(string dropout)
    {
        bool testDouble;
        using (var device = CudaAvailability.RequireGpu()) testDouble = CudaAvailability.IsTestDouble(device);
        string corpus = WriteCorpus();
        string model = Path.Combine(_folder, "out", "m.safetensors");
        // The CPU test double of the libraries is slow: it gets a smaller model and a shorter run. With one layer,
        // dropout is all ours (the top layer's); with two, cuDNN's between the layers too.
        string[] shape = testDouble
            ? ["--layers", "1", "--hidden", "48", "--embedding", "16", "--batch", "8", "--seq", "32", "--lr", "0.01", "--max-iters", "100", "--eval-every", "50", "--eval-chars", "4000"]
            : ["--layers", "2", "--hidden", "128", "--batch", "32", "--seq", "64", "--lr", "0.003", "--max-iters", "400", "--eval-every", "100"];
        var (code, output, error) = Run([corpus, "--out", model, "--device", "cuda", "--dropout", dropout, "--sample-every", "0", "--log-every", "50", .. shape]);
        Assert.True(code == 0, error + output);
        Assert.Contains("device: cuda:0", output);
        var progress = CheckpointStore.ReadProgress(Checkpoint.Load(TrainOptions.LatestPathFor(model)))!;
        Assert.Equal(testDouble ? 100 : 400, progress.Iteration);
        double first = progress.History[0].ValLoss, last = progress.History[^1].ValLoss;
        Assert.True(last <= first && last < 0.5, $"validation loss should fall below 0.5 nats/char (uniform: 3.3): {string.Join(", ", progress.History.Select(h => h.ValLoss))}");

        var sample = Run(["sample", model, "--prime", "the ", "--length", "80", "--seed", "1", "--temperature", "0.3"]);
        Assert.True(sample.Code == 0, sample.Error);
        Assert.StartsWith("the ", sample.Output);
        Assert.Contains("fox", sample.Output); // the corpus's commonest word after "the quick brown"
    }

    [Fact]
    public void A_gpu_run_with_dropout_stopped_halfway_resumes_to_the_very_bits_of_an_unbroken_one()
    {
        using (CudaAvailability.RequireGpu()) { }
        string corpus = WriteCorpus();
        // Two layers: cuDNN's dropout between them (its generator restarted from the checkpointed one) and ours on top.
        string[] common = [corpus, "--device", "cuda", "--layers", "2", "--hidden", "32", "--embedding", "16", "--batch", "8", "--seq", "16", "--dropout", "0.3",
            "--eval-every", "20", "--eval-chars", "2000", "--sample-every", "0", "--checkpoint-every", "10"];
        string straight = Path.Combine(_folder, "a", "m.safetensors"), halves = Path.Combine(_folder, "b", "m.safetensors");
        Assert.Equal(0, Run([.. common, "--out", straight, "--max-iters", "40"]).Code);
        Assert.Equal(0, Run([.. common, "--out", halves, "--max-iters", "20"]).Code);
        var resumed = Run([.. common, "--out", halves, "--max-iters", "40", "--resume"]);
        Assert.True(resumed.Code == 0, resumed.Error);
        Assert.Contains("resumed from", resumed.Output);
        var expected = Checkpoint.Load(TrainOptions.LatestPathFor(straight));
        var actual = Checkpoint.Load(TrainOptions.LatestPathFor(halves));
        Assert.Equal(40, CheckpointStore.ReadProgress(actual)!.Iteration);
        // No float atomics and the same dropout masks: the same bits, as on the CPU engine.
        TensorAssert.Identical(expected.Parameters, actual.Parameters, "parameters after 40 iterations");
        TensorAssert.Identical(expected.ExtraTensors[CheckpointStore.HiddenTensor].Data,
            actual.ExtraTensors[CheckpointStore.HiddenTensor].Data, "carried hidden state after 40 iterations");
    }

    [Fact]
    public void Without_a_gpu_device_cuda_is_a_one_line_error_and_auto_trains_on_the_cpu()
    {
        if (CudaDevice.Count(out _) > 0) Assert.Skip("a GPU is present: this test is about machines without one");
        string corpus = WriteCorpus();
        var refused = Run([corpus, "--out", Path.Combine(_folder, "a", "m.safetensors"), "--device", "cuda", "--max-iters", "1"]);
        Assert.Equal(ExitCodes.Device, refused.Code);
        Assert.StartsWith("charrnn-train: cuda: no CUDA device", refused.Error);
        Assert.Single(refused.Error.TrimEnd().Split('\n'));

        var auto = Run([corpus, "--out", Path.Combine(_folder, "b", "m.safetensors"), "--hidden", "16", "--embedding", "8", "--batch", "4",
            "--seq", "16", "--max-iters", "2", "--eval-every", "2", "--eval-chars", "200", "--sample-every", "0"]);
        Assert.True(auto.Code == 0, auto.Error);
        Assert.Contains("device: cpu (", auto.Output);
        Assert.Contains("[auto: no usable GPU (", auto.Output);
    }

    [Fact]
    public void A_bad_device_name_is_a_usage_error()
    {
        var (code, _, error) = Run([WriteCorpus(), "--device", "gpu"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("charrnn-train: usage: --device must be auto, cpu, onednn, cuda or cuda:N, got 'gpu'", error.Trim());
    }

    private string WriteCorpus()
    {
        string path = Path.Combine(_folder, "corpus.txt");
        var lines = Enumerable.Range(0, 3000).Select(i => $"the quick brown fox jumps over the lazy dog {i % 10}.");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
