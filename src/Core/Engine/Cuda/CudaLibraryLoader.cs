using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Engine.Cuda;

/// <summary>
/// Loads each NVIDIA library at most once per process, from the first candidate <see cref="CudaLibraryLocator"/>
/// lists that loads and exports the expected symbol, and registers it for the [LibraryImport] bindings.
/// A library's siblings in the same folder (cuDNN's sub-libraries, cuBLASLt) are loaded first: the loader
/// then finds them by soname when the main library asks for them, whether or not the folder is on its path.
/// </summary>
public static class CudaLibraryLoader
{
    private static readonly ConcurrentDictionary<string, Lazy<(string? Path, string? Missing)>> Results = new();

    /// <summary>The path that loaded for <paramref name="spec"/>; throws a one-line CudaException when none did.</summary>
    public static string Require(CudaLibrarySpec spec)
        => TryRequire(spec, out string path, out string missing) ? path : throw new CudaException(missing);

    public static bool TryRequire(CudaLibrarySpec spec, out string path, out string missing)
    {
        var result = Results.GetOrAdd(spec.LogicalName, _ => new(() => Load(spec, CudaLibraryLocator.FromProcess()))).Value;
        (path, missing) = (result.Path ?? "", result.Missing ?? "");
        return result.Path is not null;
    }

    private static (string? Path, string? Missing) Load(CudaLibrarySpec spec, CudaLibraryLocator locator)
    {
        foreach (var candidate in locator.Candidates(spec))
        {
            if (candidate.Folder is { } folder) LoadSiblings(folder, spec);
            if (!NativeLibrary.TryLoad(candidate.PathOrName, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, spec.Symbol, out _)) { NativeLibrary.Free(handle); continue; }
            NativeLibraries.Register(spec.LogicalName, handle);
            return (candidate.Folder is null ? $"{candidate.PathOrName} (from the loader path)" : candidate.PathOrName, null);
        }
        var folders = locator.SearchedFolders();
        string searched = folders.Count == 0 ? "the loader path" : $"the loader path and {string.Join(", ", folders.Take(4))}{(folders.Count > 4 ? $" and {folders.Count - 4} more folders" : "")}";
        return (null, $"{spec.Description} ({spec.FileNames[0]}) not found in {searched}; set {CudaLibraryLocator.PathVariable} to the folder that holds it");
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
