using CharRnnLsp.Core.Common;

namespace CharRnnLsp.Core.Model;

/// <summary>
/// Forward and backward of the model over a batch of B parallel streams x T steps (truncated BPTT),
/// with the activation buffers for that shape allocated once. The hidden state is carried from one
/// call to the next, as char-rnn does.
/// </summary>
public sealed class TrainingGraph : IDisposable
{
    public CharModel Model { get; }
    public int BatchSize { get; }
    public int SeqLength { get; }

    public TrainingGraph(CharModel model, int batchSize, int seqLength, int threads = 0)
    {
        Model = model; BatchSize = batchSize; SeqLength = seqLength;
        throw new NotImplementedException();
    }

    /// <summary>Carried state, [L, S, B, H] (S = StateVectorsPerLayer).</summary>
    public float[] Hidden => throw new NotImplementedException();

    public void ResetHidden() => throw new NotImplementedException();

    /// <summary>inputs, targets: time-major [T*B] (index t*B + b). Overwrites <paramref name="gradients"/>
    /// [Parameters.Length] with d(mean loss)/d(parameters). Returns the mean cross-entropy in nats/char.
    /// Dropout masks are drawn from <paramref name="rng"/> (ignored when the model's dropout is 0).</summary>
    public float ForwardBackward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, float[] gradients, DeterministicRandom rng)
        => throw new NotImplementedException();

    /// <summary>Forward only, no dropout: returns the summed cross-entropy in nats over the T*B targets.</summary>
    public double ForwardLoss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets) => throw new NotImplementedException();

    public void Dispose() { }
}
