namespace CharRnnLsp.Core.Data;

/// <summary>How far reading a tree has come; <see cref="TotalBytes"/> is the listed files' size on disk.</summary>
public sealed record CorpusReadingProgress(int FilesDone, int TotalFiles, long BytesDone, long TotalBytes, TimeSpan Elapsed, bool Finished)
{
    public double MegabytesPerSecond => BytesDone / 1e6 / Math.Max(Elapsed.TotalSeconds, 1e-3);

    /// <summary>Null until something was read.</summary>
    public TimeSpan? Remaining => BytesDone == 0 ? null
        : TimeSpan.FromSeconds(Math.Max(0, TotalBytes - BytesDone) / Math.Max(BytesDone / Math.Max(Elapsed.TotalSeconds, 1e-3), 1));
}
