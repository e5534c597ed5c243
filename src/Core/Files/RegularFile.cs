using System.Text;

namespace CharRnnLsp.Core.Files;

/// <summary>
/// The one way Core opens a file for reading (corpus files, .gitignore files, checkpoints): only a regular
/// file is opened, anything else is refused with <see cref="NotRegularFileException"/> without waiting on it.
/// On Linux the type is checked before opening (so a device is never opened) and again on the open handle
/// (so a path swapped in between cannot slip through), and the open itself never blocks. Elsewhere only
/// folders are recognised: .NET reports no other file types and those systems are not a target.
/// </summary>
public static class RegularFile
{
    public static FileKind KindOf(string path) =>
        UnixFiles.Available ? UnixFiles.KindOf(NativeName.Encode(path))
        : Directory.Exists(path) ? FileKind.Directory
        : File.Exists(path) ? FileKind.Regular
        : FileKind.Missing;

    /// <summary>The type of a file reached by its raw name (see <see cref="NativeName"/>); Linux only.</summary>
    public static FileKind KindOf(byte[] nativePath) => UnixFiles.KindOf(nativePath);

    /// <exception cref="NotRegularFileException">The path is a folder, FIFO, socket or device.</exception>
    /// <exception cref="FileNotFoundException">Nothing is there.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 4096)
    {
        if (UnixFiles.Available) return OpenRead(NativeName.Encode(path), path, bufferSize);
        if (Directory.Exists(path)) throw new NotRegularFileException(path, FileKind.Directory);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize);
    }

    /// <summary>Opens a file by its raw name; <paramref name="shownPath"/> names it in errors. Linux only.</summary>
    public static FileStream OpenRead(byte[] nativePath, string shownPath, int bufferSize = 4096)
    {
        var kind = UnixFiles.KindOf(nativePath);
        if (kind is not (FileKind.Regular or FileKind.Missing)) throw new NotRegularFileException(shownPath, kind);
        var handle = UnixFiles.OpenReadNonBlocking(nativePath);
        try
        {
            kind = UnixFiles.KindOf(handle);
            if (kind != FileKind.Regular) throw new NotRegularFileException(shownPath, kind);
            return new FileStream(handle, FileAccess.Read, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>A small text file (e.g. a .gitignore) read whole as UTF-8.</summary>
    public static string ReadAllText(string path)
    {
        using var reader = new StreamReader(OpenRead(path), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
