using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Training;

/// <summary>
/// Mean validation loss (nats/char) over the first <c>maxChars</c> characters of a split, from a fresh
/// hidden state, with its own graph so evaluation never disturbs the training state.
/// </summary>
public sealed class Evaluator
{
    private readonly int[] _tokens;
    private readonly int _start, _length, _streams, _seqLength, _threads;
    private readonly long _maxChars;
    private TrainingGraph? _graph;

    public Evaluator(int[] tokens, int start, int length, int batchSize, int seqLength, long maxChars, int threads)
    {
        (_tokens, _start, _length, _seqLength, _maxChars, _threads) = (tokens, start, length, seqLength, maxChars, threads);
        _streams = Math.Max(1, Math.Min(batchSize, (length - 1) / seqLength));
        if (length - 1 < seqLength)
            throw new CorpusException($"the validation split has only {length} characters, fewer than --seq {seqLength} + 1; use a larger corpus or --val-frac");
    }

    public int Streams => _streams;

    public double MeanLoss(CharModel model)
    {
        _graph ??= new TrainingGraph(model, _streams, _seqLength, _threads);
        _graph.ResetHidden();
        var batches = new Batcher(_tokens, _start, _length, _streams, _seqLength);
        var inputs = new int[_streams * _seqLength];
        var targets = new int[inputs.Length];
        double total = 0;
        long count = 0;
        while (!batches.Next(inputs, targets) || count == 0)
        {
            total += _graph.ForwardLoss(inputs, targets);
            count += inputs.Length;
            if (_maxChars > 0 && count >= _maxChars) break;
            if (batches.Position == 0) break;
        }
        return total / count;
    }
}
