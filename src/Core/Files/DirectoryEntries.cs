namespace CharRnnLsp.Core.Files;

/// <summary>One entry of a folder: its name as shown (bad UTF-8 escaped), its path, and whether it leads to a folder.</summary>
internal sealed record DirectoryEntry(string Name, DiskPath Path, bool IsDirectory);

/// <summary>Lists folders and tells them apart by identity, for walks that must not loop.</summary>
internal static class DirectoryEntries
{
    /// <summary>Every entry, symlinks followed to decide <see cref="DirectoryEntry.IsDirectory"/>.</summary>
    public static List<DirectoryEntry> List(DiskPath directory)
    {
        if (directory.Native is null)
        {
            return new DirectoryInfo(directory.Shown).GetFileSystemInfos()
                .Select(e => new DirectoryEntry(e.Name, new DiskPath(e.FullName, null), e is DirectoryInfo))
                .ToList();
        }
        // The raw names, not .NET's listing: .NET turns a name that is not UTF-8 into one that names no file.
        // readdir's type spares a stat per entry on a large tree; symlinks and unknown types are looked at.
        return UnixFiles.ListNames(directory.Native)
            .Select(raw => (Name: NativeName.Escape(raw.Name), Path: directory.Child(raw.Name), raw.Type))
            .Select(entry => new DirectoryEntry(entry.Name, entry.Path, entry.Type switch
            {
                UnixFiles.EntryType.Directory => true,
                UnixFiles.EntryType.Regular => false,
                _ => IsDirectory(entry.Path),
            }))
            .ToList();
    }

    /// <summary>Equal for two routes to the same folder (symlinks, bind mounts): device and inode on Linux,
    /// the symlink-resolved path elsewhere. Falls back to the path itself when the folder cannot be examined.</summary>
    public static string IdentityOf(DiskPath directory)
    {
        if (directory.Native is null) return RealPath(new DirectoryInfo(directory.Shown));
        return UnixFiles.IdentityOf(directory.Native) is { } id ? $"{id.Device}:{id.Inode}" : directory.Shown;
    }

    private static bool IsDirectory(DiskPath path)
    {
        try { return path.Kind == FileKind.Directory; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // e.g. a symlink to itself: as a file it is reported unreadable
        }
    }

    private static string RealPath(DirectoryInfo dir)
    {
        try
        {
            if (dir.LinkTarget is not null)
            {
                var target = dir.ResolveLinkTarget(returnFinalTarget: true);
                return target is null ? dir.FullName : RealPath(new DirectoryInfo(target.FullName));
            }
            return dir.Parent is null ? dir.FullName : Path.Combine(RealPath(dir.Parent), dir.Name);
        }
        catch (IOException)
        {
            return dir.FullName; // unresolvable (a link cycle the OS refuses): its own path keeps it unique
        }
    }
}
