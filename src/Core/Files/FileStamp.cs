namespace CharRnnLsp.Core.Files;

/// <summary>What tells a changed file from an unchanged one without reading it: size and modification time (ns since 1970).</summary>
public readonly record struct FileStamp(long Size, long ModifiedNanoseconds)
{
    /// <summary>Through .NET, where raw native names are not available; null when the path cannot be examined.</summary>
    public static FileStamp? Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            return new FileStamp(info.Length, (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
