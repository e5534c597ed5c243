namespace CharRnnLsp.Core.Files;

/// <summary>
/// A path as the file system knows it and as users see it. On Linux <see cref="Native"/> holds the raw bytes,
/// so a name that is not UTF-8 still reaches its file (<see cref="Shown"/> escapes it); elsewhere it is null
/// and the string is the path.
/// </summary>
internal sealed record DiskPath(string Shown, byte[]? Native)
{
    public static DiskPath Of(string path) => new(path, UnixFiles.Available ? NativeName.Encode(path) : null);

    /// <summary>The entry <paramref name="rawName"/> ('/'-separated, raw bytes) below this folder.</summary>
    public DiskPath Child(byte[] rawName) => Native is null
        ? new(Path.Combine(Shown, NativeName.Escape(rawName)), null)
        : new(Shown + "/" + NativeName.Escape(rawName), NativeName.Join(Native, rawName));

    /// <summary>What the path names, symlinks followed.</summary>
    public FileKind Kind => Native is null ? RegularFile.KindOf(Shown) : RegularFile.KindOf(Native);

    /// <summary>Size and modification time, symlinks followed; null when the path cannot be examined.</summary>
    public FileStamp? Stamp => Native is null ? FileStamp.Of(Shown) : UnixFiles.StampOf(Native);

    /// <inheritdoc cref="RegularFile.OpenRead(string, int)"/>
    public FileStream OpenRead(int bufferSize = 4096) =>
        Native is null ? RegularFile.OpenRead(Shown, bufferSize) : RegularFile.OpenRead(Native, Shown, bufferSize);

    public override string ToString() => Shown;
}
