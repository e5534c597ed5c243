using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Common;

/// <summary>
/// Core's one DllImport resolver (an assembly may have only one): each native wrapper loads its library
/// from wherever it found it and registers the handle under the logical name its [LibraryImport]s use.
/// </summary>
internal static class NativeLibraries
{
    private static readonly ConcurrentDictionary<string, IntPtr> Handles = new();

    static NativeLibraries() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly,
        (name, _, _) => Handles.TryGetValue(name, out var handle) ? handle : IntPtr.Zero);

    public static void Register(string logicalName, IntPtr handle) => Handles[logicalName] = handle;
}
