using CharRnnLsp.Core.Common;

namespace CharRnnLsp.Core.Backends;

/// <summary>
/// Where training runs: the CPU engine (TrainingGraph, host optimizer) or the CUDA one (everything on the GPU).
/// One call is one optimizer step. The model's parameter array, the optimizer's moments and the carried hidden
/// state are current on the host only after <see cref="SyncToHost"/>, which evaluation, sampling and
/// checkpoints call first.
/// </summary>
public interface ITrainingEngine : IDisposable
{
    /// <summary>Where it runs, for the log: "cpu (OpenBLAS 0.3.21, 2 threads)", "cuda:0 (NVIDIA H100 ...)".</summary>
    string Description { get; }

    /// <summary>Forward, backward, global-norm clipping (0 = off) and the optimizer step on one batch
    /// (inputs, targets: time-major [T*B]). Returns the mean training loss in nats/char before the step.
    /// Dropout masks come from <paramref name="dropoutRandom"/>, whose state a checkpoint saves.</summary>
    float Step(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float learningRate, float gradClip, DeterministicRandom dropoutRandom);

    /// <summary>Zeroes the carried hidden state (a new pass over the data).</summary>
    void ResetHidden();

    /// <summary>Replaces the carried hidden state, [L, S, B, H] (a resumed run).</summary>
    void LoadHidden(ReadOnlySpan<float> hidden);

    /// <summary>Brings the model's parameters and the optimizer's moments and step count up to date on the host,
    /// and returns the carried hidden state [L, S, B, H].</summary>
    float[] SyncToHost();

    /// <summary>A forward-only graph of another batch shape over the engine's current parameters (validation).</summary>
    ILossGraph CreateLossGraph(int batchSize, int seqLength);
}

/// <summary>Forward-only loss over B streams x T steps with its own carried hidden state.</summary>
public interface ILossGraph : IDisposable
{
    void ResetHidden();

    /// <summary>Summed cross-entropy in nats over the T*B targets (inputs, targets: time-major [T*B]).</summary>
    double ForwardLoss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets);
}
