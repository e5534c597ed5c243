namespace CharRnnLsp.Core.Data;

/// <summary>One window of B streams x T steps, time-major: element t*B + b is step t of stream b.</summary>
public sealed record Batch(int[] Inputs, int[] Targets);

/// <summary>
/// Cuts a token sequence (slices of a stream read as one) into B parallel streams, each a contiguous part of
/// floor(n/B) tokens, and walks them T steps at a time so hidden state can be carried from one window to the
/// next (truncated BPTT). Targets are the next token. The tail that does not fill a whole window is never
/// visited: at most B - 1 tokens plus T tokens per stream. Offsets are 64-bit: corpora past 2^31 tokens work.
/// </summary>
public sealed class Batcher
{
    private readonly TokenSlices _tokens;
    private readonly long _streamLength;
    private readonly int[] _streamWindow; // [T + 1]: one stream's inputs and its last target
    private long _position;

    public int BatchSize { get; }
    public int SeqLength { get; }
    /// <summary>Windows in one pass over the range.</summary>
    public long WindowsPerEpoch { get; }
    /// <summary>Epochs completed so far (the position wrapped this many times).</summary>
    public int Epoch { get; set; }

    public Batcher(TokenSlices tokens, int batchSize, int seqLength)
    {
        if (batchSize < 1) throw new ArgumentException($"batch size must be positive, got {batchSize}");
        if (seqLength < 1) throw new ArgumentException($"sequence length must be positive, got {seqLength}");
        _tokens = tokens;
        _streamLength = tokens.Length / batchSize;
        _streamWindow = new int[seqLength + 1];
        BatchSize = batchSize;
        SeqLength = seqLength;
        // Each window needs T inputs plus one more token for the last target.
        WindowsPerEpoch = _streamLength > 0 ? (_streamLength - 1) / seqLength : 0;
        if (WindowsPerEpoch == 0)
            throw new ArgumentException(
                $"{tokens.Length} tokens are too few for batch size {batchSize} x sequence length {seqLength} (need more than {(long)batchSize * (seqLength + 1) - 1})");
    }

    public Batcher(TokenStream tokens, TokenRange range, int batchSize, int seqLength)
        : this(new TokenSlices(tokens, range), batchSize, seqLength) { }

    /// <summary>Index of the next window in the current epoch; save it with Epoch to resume exactly.</summary>
    public long Position
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
        for (long window = 0; window < WindowsPerEpoch; window++)
        {
            var batch = new Batch(new int[SeqLength * BatchSize], new int[SeqLength * BatchSize]);
            Fill(window, batch.Inputs, batch.Targets);
            yield return batch;
        }
    }

    private void Fill(long window, Span<int> inputs, Span<int> targets)
    {
        int size = SeqLength * BatchSize;
        if (inputs.Length != size || targets.Length != size)
            throw new ArgumentException($"batch buffers must hold T*B = {size} tokens");
        long offsetInStream = window * SeqLength;
        for (int b = 0; b < BatchSize; b++)
        {
            _tokens.Read(b * _streamLength + offsetInStream, _streamWindow);
            for (int t = 0; t < SeqLength; t++)
            {
                inputs[t * BatchSize + b] = _streamWindow[t];
                targets[t * BatchSize + b] = _streamWindow[t + 1];
            }
        }
    }
}
