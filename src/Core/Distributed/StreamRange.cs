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
}
