using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using CharRnnLsp.Core.Common;

namespace CharRnnLsp.Core.Backends.Cuda.Native;

/// <summary>
/// Loads each NVIDIA library at most once per process, from the first candidate <see cref="CudaLibraryLocator"/>
/// lists that loads and exports the expected symbol, and registers it for the [LibraryImport] bindings.
/// A library's siblings in the same folder (cuDNN's sub-libraries, cuBLASLt) are loaded first: the loader
/// then finds them by soname when the main library asks for them, whether or not the folder is on its path.
/// </summary>
internal static class CudaLibraryLoader
{
    private static readonly ConcurrentDictionary<string, Lazy<(string? Path, string? Missing)>> Results = new();

    /// <summary>The path that loaded for <paramref name="spec"/>; throws a one-line CudaException when none did.</summary>
    public static string Require(CudaLibrarySpec spec)
        => TryRequire(spec, out string path, out string missing) ? path : throw new CudaException(missing);

    public static bool TryRequire(CudaLibrarySpec spec, out string path, out string missing)
    {
        var result = Results.GetOrAdd(spec.LogicalName, _ => new(() =>
            Load(spec, CudaLibraryLocator.FromProcess(), spec.NamedByCudaMajor ? DriverCudaVersion() / 1000 : null))).Value;
        (path, missing) = (result.Path ?? "", result.Missing ?? "");
        return result.Path is not null;
    }

    /// <summary>Loads the first candidate that loads and exports the symbol, passing over files that need a newer
    /// CUDA than <paramref name="driverMajor"/> (a CUDA 13 cuBLAS on a CUDA 12 driver would load, then fail).</summary>
    internal static (string? Path, string? Missing) Load(CudaLibrarySpec spec, CudaLibraryLocator locator, int? driverMajor)
    {
        (string Path, int Major)? tooNew = null; // the first file found and passed over: the driver is older than it needs
        foreach (var candidate in locator.Candidates(spec))
        {
            if (spec.CudaMajorOf(Path.GetFileName(candidate.PathOrName)) is { } major && major > driverMajor)
            {
                if (candidate.Folder is not null) tooNew ??= (candidate.PathOrName, major); // a bare name was only asked for
                continue;
            }
            if (candidate.Folder is { } folder) LoadSiblings(folder, spec);
            if (!NativeLibrary.TryLoad(candidate.PathOrName, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, spec.Symbol, out _)) { NativeLibrary.Free(handle); continue; }
            NativeLibraries.Register(spec.LogicalName, handle);
            return (candidate.Folder is null ? $"{candidate.PathOrName} (from the loader path)" : candidate.PathOrName, null);
        }
        var folders = locator.SearchedFolders();
        string searched = folders.Count == 0 ? "the loader path" : $"the loader path and {string.Join(", ", folders.Take(4))}{(folders.Count > 4 ? $" and {folders.Count - 4} more folders" : "")}";
        if (tooNew is { } passedOver)
            return (null, $"{spec.Description}: only {passedOver.Path} found, which needs a CUDA {passedOver.Major} driver, and this " +
                          $"driver supports CUDA {driverMajor}; set {CudaLibraryLocator.PathVariable} to a folder with the CUDA {driverMajor} version");
        return (null, $"{spec.Description} ({spec.FileNames[0]}) not found in {searched}; set {CudaLibraryLocator.PathVariable} to the folder that holds it");
    }

    /// <summary>The CUDA version the driver supports (13000 for 13.0), or int.MaxValue when there is no driver to ask
    /// (then nothing is passed over for it, and opening the device reports the missing driver).</summary>
    public static unsafe int DriverCudaVersion()
    {
        if (!TryRequire(CudaLibrarySpec.Driver, out _, out _)) return int.MaxValue;
        int version;
        return CudaDriverNative.DriverGetVersion(&version) == 0 ? version : int.MaxValue;
    }

    // Sibling libraries may depend on one another in an order we do not know: load what loads, and repeat
    // while that makes progress.
    private static void LoadSiblings(string folder, CudaLibrarySpec spec)
    {
        var pending = spec.SiblingPrefixes
            .SelectMany(prefix => Directory.GetFiles(folder, prefix + "*"))
            .Where(path => Path.GetFileName(path).Contains(".so", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        bool progress = true;
        while (pending.Count > 0 && progress)
        {
            progress = false;
            foreach (var path in pending.ToList())
                if (NativeLibrary.TryLoad(path, out _)) { pending.Remove(path); progress = true; }
        }
    }
}
