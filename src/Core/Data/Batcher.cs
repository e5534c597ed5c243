namespace CharRnnLsp.Core.Data;

/// <summary>One window of B streams x T steps, time-major: element t*B + b is step t of stream b.</summary>
public sealed record Batch(int[] Inputs, int[] Targets);

/// <summary>
/// Cuts a token range into B parallel streams, each a contiguous slice of floor(n/B) tokens, and walks
/// them T steps at a time so hidden state can be carried from one window to the next (truncated BPTT).
/// Targets are the next token. The tail that does not fill a whole window is never visited: at most
/// B - 1 tokens of the range plus T tokens per stream.
/// </summary>
public sealed class Batcher
{
    private readonly int[] _tokens;
    private readonly int _start;
    private readonly int _streamLength;
    private int _position;

    public int BatchSize { get; }
    public int SeqLength { get; }
    /// <summary>Windows in one pass over the range.</summary>
    public int WindowsPerEpoch { get; }
    /// <summary>Epochs completed so far (the position wrapped this many times).</summary>
    public int Epoch { get; set; }

    public Batcher(int[] tokens, TokenRange range, int batchSize, int seqLength)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size must be positive, got {batchSize}");
        if (seqLength < 1) throw new ArgumentException($"sequence length must be positive, got {seqLength}");
        if (range.Start < 0 || range.Length < 0 || range.End > tokens.Length)
            throw new ArgumentException($"token range [{range.Start}, {range.End}) is outside the {tokens.Length} tokens");
        _tokens = tokens;
        _start = range.Start;
        _streamLength = range.Length / batchSize;
        BatchSize = batchSize;
        SeqLength = seqLength;
        // Each window needs T inputs plus one more token for the last target.
        WindowsPerEpoch = _streamLength > 0 ? (_streamLength - 1) / seqLength : 0;
        if (WindowsPerEpoch == 0)
            throw new ArgumentException(
                $"{range.Length} tokens are too few for batch size {batchSize} x sequence length {seqLength} (need more than {batchSize * (seqLength + 1) - 1})");
    }

    /// <summary>Index of the next window in the current epoch; save it with Epoch to resume exactly.</summary>
    public int Position
    {
        get => _position;
        set
        {
            if (value < 0 || value >= WindowsPerEpoch)
                throw new ArgumentOutOfRangeException(nameof(value), $"batch position must be in [0, {WindowsPerEpoch}), got {value}");
            _position = value;
        }
    }

    /// <summary>Fills the next window, [T*B] each, and advances; true when that window finished an epoch (Position is 0 again).</summary>
    public bool Next(Span<int> inputs, Span<int> targets)
    {
        Fill(_position, inputs, targets);
        if (++_position < WindowsPerEpoch) return false;
        _position = 0;
        Epoch++;
        return true;
    }

    /// <summary>Every window once, from the first, leaving Position alone: the validation pass.</summary>
    public IEnumerable<Batch> OnePass()
    {
        for (int window = 0; window < WindowsPerEpoch; window++)
        {
            var batch = new Batch(new int[SeqLength * BatchSize], new int[SeqLength * BatchSize]);
            Fill(window, batch.Inputs, batch.Targets);
            yield return batch;
        }
    }

    private void Fill(int window, Span<int> inputs, Span<int> targets)
    {
        int size = SeqLength * BatchSize;
        if (inputs.Length != size || targets.Length != size)
            throw new ArgumentException($"batch buffers must hold T*B = {size} tokens");
        int offsetInStream = window * SeqLength;
        for (int b = 0; b < BatchSize; b++)
        {
            int streamStart = _start + b * _streamLength + offsetInStream;
            for (int t = 0; t < SeqLength; t++)
            {
                inputs[t * BatchSize + b] = _tokens[streamStart + t];
                targets[t * BatchSize + b] = _tokens[streamStart + t + 1];
            }
        }
    }
}
