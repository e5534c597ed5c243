using CharRnnLsp.Core.Backends;
using CharRnnLsp.Core.Data;

namespace CharRnnLsp.Training;

/// <summary>
/// Mean validation loss (nats/char) over the first <c>maxChars</c> characters of a split (0 = all), from a
/// fresh hidden state; the B streams start spread over the split, so a split of slices across a tree is sampled
/// all over it, on a graph of its own so evaluation never disturbs the training state.
/// </summary>
public sealed class Evaluator
{
    private readonly Batcher _batches;
    private readonly long _maxChars;

    /// <summary>The batch shape a loss graph for <see cref="MeanLoss"/> must have.</summary>
    public int BatchSize => _batches.BatchSize;
    public int SeqLength => _batches.SeqLength;

    public Evaluator(TokenSlices split, int batchSize, int seqLength, long maxChars)
    {
        // Fewer streams when the split is short, so that each stream still holds a window.
        int streams = (int)Math.Min(batchSize, split.Length / (seqLength + 1));
        if (streams < 1)
            throw new CorpusException($"the validation split has only {split.Length} characters, fewer than --seq {seqLength} + 1; use a larger corpus or --val-frac");
        _batches = new Batcher(split, streams, seqLength);
        _maxChars = maxChars;
    }

    /// <summary><paramref name="graph"/>: BatchSize x SeqLength, over the current parameters (ITrainingEngine.CreateLossGraph).</summary>
    public double MeanLoss(ILossGraph graph)
    {
        graph.ResetHidden();
        double total = 0;
        long count = 0;
        foreach (var batch in _batches.OnePass())
        {
            total += graph.ForwardLoss(batch.Inputs, batch.Targets);
            count += batch.Inputs.Length;
            if (_maxChars > 0 && count >= _maxChars) break;
        }
        return total / count;
    }
}
