namespace CharRnnLsp.Core.Data;

/// <summary>A contiguous run of tokens: [Start, Start + Length).</summary>
public readonly record struct TokenRange(long Start, long Length)
{
    public long End => Start + Length;
}

/// <summary>
/// Ordered slices of one token stream read as if they were one sequence: a split made of whole files spread
/// over the tree. Offsets into the joined sequence are "virtual"; <see cref="Read"/> maps them to the stream.
/// </summary>
public sealed class TokenSlices
{
    private readonly TokenRange[] _ranges;
    private readonly long[] _virtualStarts; // [ranges + 1]: prefix sums of the lengths

    public TokenStream Stream { get; }
    public IReadOnlyList<TokenRange> Ranges => _ranges;
    public long Length => _virtualStarts[^1];

    public TokenSlices(TokenStream stream, IEnumerable<TokenRange> ranges)
    {
        Stream = stream;
        _ranges = ranges.Where(r => r.Length > 0).ToArray();
        _virtualStarts = new long[_ranges.Length + 1];
        for (int i = 0; i < _ranges.Length; i++)
        {
            var r = _ranges[i];
            if (r.Start < 0 || r.End > stream.Length)
                throw new ArgumentException($"token range [{r.Start}, {r.End}) is outside the {stream.Length} tokens");
            _virtualStarts[i + 1] = _virtualStarts[i] + r.Length;
        }
    }

    public TokenSlices(TokenStream stream, TokenRange range) : this(stream, [range]) { }

    /// <summary>The whole stream as one slice.</summary>
    public static TokenSlices All(TokenStream stream) => new(stream, new TokenRange(0, stream.Length));

    /// <summary>Copies joined-sequence tokens [start, start + destination.Length), crossing slice borders as needed.</summary>
    public void Read(long start, Span<int> destination)
    {
        if (start < 0 || destination.Length > Length - start)
            throw new ArgumentOutOfRangeException(nameof(start), $"tokens [{start}, {start + destination.Length}) are outside the {Length} tokens of the slices");
        int slice = SliceAt(start);
        while (destination.Length > 0)
        {
            long within = start - _virtualStarts[slice];
            int take = (int)Math.Min(destination.Length, _ranges[slice].Length - within);
            Stream.Read(_ranges[slice].Start + within, destination[..take]);
            destination = destination[take..];
            start += take;
            slice++;
        }
    }

    /// <summary>The first <paramref name="count"/> tokens of the joined sequence, at most.</summary>
    public int[] Head(long count)
    {
        var tokens = new int[(int)Math.Min(count, Length)];
        Read(0, tokens);
        return tokens;
    }

    /// <summary>About <paramref name="count"/> tokens taken as equal shares from the start of every slice, so a sample of a
    /// split spread over a tree is spread too; all of them when there are fewer.</summary>
    public int[] Spread(long count)
    {
        if (count >= Length) return Head(Length);
        long share = count / Math.Max(_ranges.Length, 1);
        var tokens = new List<int>((int)count);
        foreach (var range in _ranges) tokens.AddRange(Stream.ToArray(range.Start, (int)Math.Min(share, range.Length)));
        return [.. tokens];
    }

    private int SliceAt(long virtualOffset)
    {
        int index = Array.BinarySearch(_virtualStarts, virtualOffset);
        // An exact hit on a start begins that slice; otherwise the slice is the one before the insertion point.
        return index >= 0 ? Math.Min(index, _ranges.Length - 1) : ~index - 1;
    }
}
