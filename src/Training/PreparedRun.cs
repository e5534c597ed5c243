using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Training;

/// <summary>Everything a TrainingSession works on, fresh or restored from a checkpoint. Disposing it unmaps the corpus.</summary>
public sealed class PreparedRun : IDisposable
{
    public required CharModel Model { get; init; }
    public required Vocabulary Vocabulary { get; init; }
    public required Optimizer Optimizer { get; init; }
    public required TrainingProgress Progress { get; init; }
    public required Batcher TrainBatches { get; init; }
    public required Evaluator Evaluator { get; init; }
    public required CheckpointStore Store { get; init; }
    public required Corpus Corpus { get; init; }
    public CorpusSummary CorpusSummary => Corpus.Summary;
    public required DataSplit Split { get; init; }
    /// <summary>The carried hidden state [L, S, B, H] of a resumed run; null for a fresh one.</summary>
    public float[]? CarriedHidden { get; init; }
    /// <summary>How the run began: "new", "init-from PATH" or "resumed from PATH".</summary>
    public required string Origin { get; init; }

    public void Dispose() => Corpus.Dispose();
}
