namespace CharRnnLsp.Core.Distributed;

/// <summary>Streams [First, First + Count) of a batch: one rank's or one worker thread's share.</summary>
public readonly record struct StreamRange(int First, int Count)
{
    public static StreamRange All(int batchSize) => new(0, batchSize);

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> contiguous shares of <paramref name="batchSize"/>
    /// streams, the first batchSize mod parts shares one stream longer.</summary>
    public static StreamRange Share(int batchSize, int part, int parts)
    {
        int count = batchSize / parts + (part < batchSize % parts ? 1 : 0);
        int first = part * (batchSize / parts) + Math.Min(part, batchSize % parts);
        return new(first, count);
    }

    /// <summary>These streams' values out of blocks of the whole batch: <paramref name="whole"/> [K, batchSize, width]
    /// (K time steps of inputs, or layers of hidden state) into <paramref name="share"/> [K, Count, width].</summary>
    public void Take<T>(ReadOnlySpan<T> whole, int batchSize, int width, Span<T> share)
    {
        int blocks = whole.Length / (batchSize * width);
        for (int k = 0; k < blocks; k++)
            whole.Slice((k * batchSize + First) * width, Count * width).CopyTo(share.Slice(k * Count * width, Count * width));
    }

    /// <summary>The inverse of <see cref="Take{T}"/>: <paramref name="share"/> [K, Count, width] into these streams'
    /// places in <paramref name="whole"/> [K, batchSize, width]; the other streams' values are left as they are.</summary>
    public void Place<T>(ReadOnlySpan<T> share, int batchSize, int width, Span<T> whole)
    {
        int blocks = share.Length / (Count * width);
        for (int k = 0; k < blocks; k++)
            share.Slice(k * Count * width, Count * width).CopyTo(whole.Slice((k * batchSize + First) * width, Count * width));
    }
}
