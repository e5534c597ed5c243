
namespace CharRnnLsp.Core.Files;

/// <summary>
/// The temp files <see cref="AtomicFile"/> writes are named <c>.NAME.&lt;32 hex digits&gt;.tmp</c>; a kill during a
/// write leaves one behind (megabytes for a checkpoint). The next write of the same target removes them.
/// A temp is abandoned when nobody holds its write lock (the writer's FileShare.None flock dies with its
/// process) and it was last written over <see cref="MinimumAge"/> ago. The lock alone would race the moment
/// between a writer closing its temp and renaming it, and would not hold where .NET's file locking is
/// turned off (DOTNET_SYSTEM_IO_DISABLEFILELOCKING); a live writer's temp is always younger than the age.
/// </summary>
internal static class StrayTempFiles
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(2);
    private const int GuidHexDigits = 32;

    public static string NameFor(string targetName, Guid id) => $".{targetName}.{id:N}.tmp";

    /// <summary>True only for the exact temp name pattern of this target (another target's temps never match).</summary>
    public static bool IsTempOf(string fileName, string targetName)
    {
        string prefix = "." + targetName + ".";
        if (fileName.Length != prefix.Length + GuidHexDigits + ".tmp".Length) return false;
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal) || !fileName.EndsWith(".tmp", StringComparison.Ordinal)) return false;
        return !fileName.AsSpan(prefix.Length, GuidHexDigits).ContainsAnyExcept("0123456789abcdef");
    }

    /// <summary>Best effort: a temp that cannot be examined or removed is left for a later write.</summary>
    public static void RemoveAbandoned(string directory, string targetName)
    {
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, "*.tmp")
                .Where(path => IsTempOf(Path.GetFileName(path), targetName))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (string path in candidates) TryRemove(path);
    }

    private static void TryRemove(string path)
    {
        try
        {
            // Opening a FIFO that merely has the name would block; only regular files are considered.
            if (RegularFile.KindOf(path) != FileKind.Regular) return;
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < MinimumAge) return;
            // Taking the exclusive lock fails while a live writer holds it.
            using var locked = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
