namespace CharRnnLsp.Core.Files;

/// <summary>What a path names once symlinks are followed. Only <see cref="Regular"/> files are ever opened for reading:
/// opening a FIFO blocks until a writer comes, a device reads forever (/dev/zero) or acts on open.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    /// <summary>A type this platform reports that none of the above covers.</summary>
    Other,
}

internal static class FileKindNames
{
    /// <summary>"a FIFO", "a directory", ...: reads after "is".</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO",
        FileKind.Socket => "a socket",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        _ => "not a regular file",
    };
}

/// <summary>The path exists but is not a regular file, so it was not opened; the message is one line.</summary>
internal sealed class NotRegularFileException(string path, FileKind kind)
    : IOException($"{path} is {kind.Describe()}, not a regular file")
{
    public FileKind Kind { get; } = kind;
}
