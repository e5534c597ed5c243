using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Tests;

/// <summary>Makes what .NET cannot: FIFOs, socket files, files whose names are not UTF-8.</summary>
internal static unsafe partial class SpecialFiles
{
    private const int OWrOnlyCreateTruncate = 0x1 | 0x40 | 0x200;

    public static string MakeFifo(string path)
    {
        if (MkFifo(path, Convert.ToUInt32("644", 8)) != 0) throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        return path;
    }

    /// <summary>Binding a Unix socket makes a socket file. .NET deletes it when the socket closes, so it is bound
    /// under another name and renamed: the socket file stays.</summary>
    public static string MakeSocket(string path)
    {
        string bound = path + ".bound";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }
        return path;
    }

    /// <summary>A file named by raw bytes (e.g. Latin-1 "café.c"), <paramref name="relativePath"/> below <paramref name="root"/>.</summary>
    public static void WriteRawName(string root, byte[] relativePath, byte[] content)
    {
        byte[] path = [.. System.Text.Encoding.UTF8.GetBytes(root), (byte)'/', .. relativePath, 0];
        int fd;
        fixed (byte* p = path) fd = Open(p, OWrOnlyCreateTruncate, Convert.ToUInt32("644", 8));
        if (fd < 0) throw new IOException($"creating a raw-named file failed: errno {Marshal.GetLastPInvokeError()}");
        fixed (byte* c = content) _ = Write(fd, c, content.Length);
        _ = Close(fd);
    }

    /// <summary>As <see cref="WriteRawName"/>, for a folder.</summary>
    public static void MakeRawNamedDirectory(string root, byte[] relativePath)
    {
        byte[] path = [.. System.Text.Encoding.UTF8.GetBytes(root), (byte)'/', .. relativePath, 0];
        fixed (byte* p = path)
        {
            if (MkDir(p, Convert.ToUInt32("755", 8)) != 0) throw new IOException($"mkdir failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static partial int MkDir(byte* path, uint mode);

    [LibraryImport("libc", EntryPoint = "write")]
    private static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}

/// <summary>A regression in these tests would block forever in open(2); the bound turns that into a failure.
/// It is not a speed check: the work takes milliseconds.</summary>
internal static class HangGuard
{
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);

    public static Task<T> Run<T>(Func<T> work) => Task.Run(work).WaitAsync(Bound);
}
