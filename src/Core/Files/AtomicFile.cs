
namespace CharRnnLsp.Core.Files;

/// <summary>
/// Replaces a file so that a crash leaves either the old or the new content, never half of one:
/// write a temp file in the same folder, fsync it, rename over the target, fsync the folder.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        StrayTempFiles.RemoveAbandoned(directory, Path.GetFileName(full));
        // Same folder so the rename stays on one file system and is atomic.
        string temp = Path.Combine(directory, StrayTempFiles.NameFor(Path.GetFileName(full), Guid.NewGuid()));
        try
        {
            // FileShare.None holds an exclusive lock (flock on Unix) while writing: StrayTempFiles leaves locked temps alone.
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        UnixFiles.TrySyncDirectory(directory);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the original error matters more */ }
    }
}
