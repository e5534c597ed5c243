using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CharRnnLsp.Core.Files;

/// <summary>
/// The few libc calls .NET has no API for: a file's type without opening it, a non-blocking open, a folder's
/// raw (byte) entry names, fsync of a folder. Paths are raw bytes because Linux names are bytes, not text.
/// statx (Linux 4.11, glibc 2.28) is used instead of stat because its buffer has one layout on every
/// architecture, while struct stat differs between x86-64, arm64 and the 32-bit ABIs.
/// </summary>
internal static unsafe partial class UnixFiles
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxIno = 0x100;
    private const int StatxBufferBytes = 256;
    private const uint StatxMtime = 0x40, StatxSize = 0x200;
    private const int StatxSizeOffset = 40, StatxMtimeOffset = 112;
    private const int StatxModeOffset = 28, StatxInoOffset = 32, StatxDevMajorOffset = 136, StatxDevMinorOffset = 140;
    // Linux's generic values (x86-64, arm64, riscv64, s390x, ppc64le agree on these three).
    private const int ORdOnly = 0, ONoCtty = 0x100, ONonBlock = 0x800, OCloExec = 0x80000;
    private const int ENoEnt = 2, EAcces = 13, ENotDir = 20, EPerm = 1;
    // readdir64's struct dirent64 is the kernel's linux_dirent64: the same on every architecture.
    private const int DirentNameOffset = 19, DirentTypeOffset = 18;
    private const byte DtDir = 4, DtReg = 8;

    /// <summary>statx is Linux-only (and missing from C libraries older than glibc 2.28); elsewhere callers fall back
    /// to what .NET can tell.</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && StatxWorks();

    private static bool StatxWorks()
    {
        try
        {
            KindOf("/"u8);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>The type of what <paramref name="path"/> names, following symlinks; never opens it.</summary>
    public static FileKind KindOf(ReadOnlySpan<byte> path)
    {
        byte* buffer = stackalloc byte[StatxBufferBytes];
        fixed (byte* p = Terminated(path))
        {
            if (Statx(AtFdCwd, p, 0, StatxType, buffer) == 0) return KindFromMode(*(ushort*)(buffer + StatxModeOffset));
        }
        int errno = Marshal.GetLastPInvokeError();
        if (errno is ENoEnt or ENotDir) return FileKind.Missing;
        throw ErrorFor(errno, path);
    }

    /// <summary>Size and modification time (nanoseconds since 1970) of what <paramref name="path"/> names, symlinks
    /// followed; null when it cannot be examined.</summary>
    public static FileStamp? StampOf(ReadOnlySpan<byte> path)
    {
        byte* buffer = stackalloc byte[StatxBufferBytes];
        fixed (byte* p = Terminated(path))
        {
            if (Statx(AtFdCwd, p, 0, StatxSize | StatxMtime, buffer) != 0) return null;
        }
        long seconds = *(long*)(buffer + StatxMtimeOffset);
        uint nanoseconds = *(uint*)(buffer + StatxMtimeOffset + 8);
        return new FileStamp(*(long*)(buffer + StatxSizeOffset), seconds * 1_000_000_000 + nanoseconds);
    }

    /// <summary>The type of an open file: what was opened, even if the path was swapped since it was checked.</summary>
    public static FileKind KindOf(SafeFileHandle handle)
    {
        byte* buffer = stackalloc byte[StatxBufferBytes];
        byte empty = 0;
        if (Statx((int)handle.DangerousGetHandle(), &empty, AtEmptyPath, StatxType, buffer) != 0)
            throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        return KindFromMode(*(ushort*)(buffer + StatxModeOffset));
    }

    /// <summary>Device and inode of a folder, following symlinks: two routes to one folder give the same pair.
    /// Null when the folder cannot be examined.</summary>
    public static (ulong Device, ulong Inode)? IdentityOf(ReadOnlySpan<byte> path)
    {
        byte* buffer = stackalloc byte[StatxBufferBytes];
        fixed (byte* p = Terminated(path))
        {
            if (Statx(AtFdCwd, p, 0, StatxIno, buffer) != 0) return null;
        }
        ulong device = ((ulong)*(uint*)(buffer + StatxDevMajorOffset) << 32) | *(uint*)(buffer + StatxDevMinorOffset);
        return (device, *(ulong*)(buffer + StatxInoOffset));
    }

    /// <summary>Opens for reading without waiting: a FIFO with no writer opens at once instead of blocking,
    /// and a terminal does not become the controlling one. O_NONBLOCK has no effect on regular files.</summary>
    public static SafeFileHandle OpenReadNonBlocking(ReadOnlySpan<byte> path)
    {
        int fd;
        fixed (byte* p = Terminated(path)) fd = Open(p, ORdOnly | ONoCtty | ONonBlock | OCloExec);
        if (fd < 0) throw ErrorFor(Marshal.GetLastPInvokeError(), path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>What readdir says an entry is, without a stat: a folder, a regular file, or unknown (a symlink, a file
    /// system that does not say) so that the caller must look.</summary>
    public enum EntryType : byte { Unknown, Directory, Regular }

    /// <summary>The raw names in a folder ("." and ".." left out), as the file system stores them, with their type.</summary>
    public static List<(byte[] Name, EntryType Type)> ListNames(ReadOnlySpan<byte> directory)
    {
        IntPtr stream;
        fixed (byte* p = Terminated(directory)) stream = OpenDir(p);
        if (stream == IntPtr.Zero) throw ErrorFor(Marshal.GetLastPInvokeError(), directory);
        var names = new List<(byte[], EntryType)>();
        try
        {
            byte* entry;
            while ((entry = ReadDir64(stream)) != null)
            {
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + DirentNameOffset);
                var type = entry[DirentTypeOffset] switch { DtDir => EntryType.Directory, DtReg => EntryType.Regular, _ => EntryType.Unknown };
                if (name is not ([(byte)'.'] or [(byte)'.', (byte)'.'])) names.Add((name.ToArray(), type));
            }
        }
        finally
        {
            _ = CloseDir(stream);
        }
        return names;
    }

    /// <summary>Makes a rename inside the folder durable; best effort (Linux and macOS: O_RDONLY is 0 on both).</summary>
    public static void TrySyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        try
        {
            int fd;
            fixed (byte* p = Terminated(NativeName.Encode(directory))) fd = Open(p, ORdOnly);
            if (fd < 0) return;
            _ = Fsync(fd);
            _ = Close(fd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    private static FileKind KindFromMode(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.Other,
    };

    /// <summary>The exception .NET itself would throw for this errno, so callers' existing catches apply.</summary>
    private static Exception ErrorFor(int errno, ReadOnlySpan<byte> path)
    {
        string name = NativeName.Escape(path);
        string message = $"{name}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            ENoEnt => new FileNotFoundException(message, name),
            ENotDir => new DirectoryNotFoundException(message),
            EAcces or EPerm => new UnauthorizedAccessException(message),
            _ => new IOException(message),
        };
    }

    private static byte[] Terminated(ReadOnlySpan<byte> path)
    {
        if (path.Contains((byte)0)) throw new IOException($"path contains a NUL byte: {NativeName.Escape(path)}");
        return [.. path, 0];
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int dirFd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static partial IntPtr OpenDir(byte* path);

    [LibraryImport("libc", EntryPoint = "readdir64")]
    private static partial byte* ReadDir64(IntPtr stream);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(IntPtr stream);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
