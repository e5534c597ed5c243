using Xunit;

namespace CharRnnLsp.Training.Tests;

/// <summary>A small model trained once by the real charrnn-train on this repository's C# sources,
/// shared by the tests that inspect a trained model (eval, vis).</summary>
public sealed class TrainedModelFixture
{
    public string Corpus { get; }
    public string Checkpoint { get; }

    public TrainedModelFixture()
    {
        Corpus = CliRunner.CopyOfOwnSources();
        Checkpoint = Path.Combine(Corpus, "model", "m.safetensors");
        var (code, stdout, stderr) = CliRunner.Run([Corpus, "--out", Checkpoint, "--hidden", "64", "--embedding", "16",
            "--batch", "16", "--seq", "50", "--lr", "0.01", "--max-iters", "200", "--eval-every", "100", "--sample-every", "100",
            "--sample-length", "40", "--quiet", "--seed", "2"]);
        if (code != 0) throw new InvalidOperationException($"training the fixture model failed ({code}): {stderr}{stdout}");
    }
}

[CollectionDefinition(nameof(TrainedModelFixture))]
public sealed class TrainedModelCollection : ICollectionFixture<TrainedModelFixture>;
