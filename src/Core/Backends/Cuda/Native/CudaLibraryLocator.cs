namespace CharRnnLsp.Core.Backends.Cuda.Native;

/// <summary>One NVIDIA library the backend needs: the logical name its [LibraryImport]s use, the file names
/// to try (newest major version first), a symbol that proves the right library loaded, the prefixes of
/// sibling files it loads itself (cuDNN's sub-libraries, cuBLASLt, NVRTC's builtins), which are loaded from
/// the same folder first so that they resolve wherever the folder is, and whether the file names' major
/// version is the CUDA version the library needs from the driver (libcublas.so.13 needs a CUDA 13 driver).</summary>
internal sealed record CudaLibrarySpec(string LogicalName, string Description, string[] FileNames, string Symbol, string[] SiblingPrefixes,
    bool NamedByCudaMajor = false)
{
    public static readonly CudaLibrarySpec Driver = new("cuda", "the CUDA driver", ["libcuda.so.1", "libcuda.so"], "cuInit", []);
    public static readonly CudaLibrarySpec Nvrtc = new("nvrtc", "NVRTC",
        ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"], "nvrtcCompileProgram", ["libnvrtc-builtins.so"], NamedByCudaMajor: true);
    public static readonly CudaLibrarySpec Cublas = new("cublas", "cuBLAS",
        ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"], "cublasSgemm_v2", ["libcublasLt.so"], NamedByCudaMajor: true);
    public static readonly CudaLibrarySpec Cudnn = new("cudnn", "cuDNN 9", ["libcudnn.so.9"], "cudnnRNNForward", ["libcudnn_"]);
    /// <summary>Only for GPU ranks under MPI, so not in <see cref="All"/>.</summary>
    public static readonly CudaLibrarySpec Nccl = new("nccl", "NCCL", ["libnccl.so.2", "libnccl.so"], "ncclCommInitRank", []);

    /// <summary>The CUDA major version a file of this library needs from the driver: 13 for libcublas.so.13,
    /// null when the name does not say (an unversioned .so, or a library whose version is its own, as cuDNN's).</summary>
    public int? CudaMajorOf(string fileName)
    {
        int at = fileName.IndexOf(".so.", StringComparison.Ordinal);
        if (!NamedByCudaMajor || at < 0) return null;
        var version = fileName.AsSpan(at + ".so.".Length);
        int digits = 0;
        while (digits < version.Length && char.IsAsciiDigit(version[digits])) digits++;
        return digits > 0 ? int.Parse(version[..digits]) : null;
    }

    /// <summary>In load order: cuBLAS before cuDNN, which uses it.</summary>
    public static readonly CudaLibrarySpec[] All = [Driver, Nvrtc, Cublas, Cudnn];
}

/// <summary>
/// Where the CUDA libraries are looked for, in this order:
/// 1. CHARRNN_CUDA_PATH (folders separated by ':'; a folder or a root with lib64/ or lib/ below it);
/// 2. the loader's own search (LD_LIBRARY_PATH, ld.so.cache), asked by file name alone;
/// 3. CUDA toolkits: CUDA_HOME, CUDA_PATH, /usr/local/cuda, /usr/local/cuda-* (newest first), and the driver
///    folders /usr/local/nvidia/lib64 and /usr/lib/wsl/lib;
/// 4. Python environments (VIRTUAL_ENV, CONDA_PREFIX, and the environment of every python3 on PATH): the
///    lib/ folders of the nvidia-* wheels below site-packages/nvidia (nvidia/cudnn/lib, nvidia/nccl/lib, nvidia/cu13/lib, ...).
/// Pure: it lists candidates; <see cref="CudaLibraryLoader"/> tries them.
/// </summary>
internal sealed class CudaLibraryLocator(Func<string, string?> environment)
{
    public const string PathVariable = "CHARRNN_CUDA_PATH";

    public static CudaLibraryLocator FromProcess() => new(Environment.GetEnvironmentVariable);

    /// <summary>A place to try: a full path in a folder, or a bare file name for the loader to resolve.</summary>
    public sealed record Candidate(string PathOrName, string? Folder);

    public IEnumerable<Candidate> Candidates(CudaLibrarySpec spec)
    {
        var explicitFolders = ExplicitFolders().ToList();
        foreach (var name in spec.FileNames)
            foreach (var folder in explicitFolders)
                if (File.Exists(Path.Combine(folder, name))) yield return new(Path.Combine(folder, name), folder);
        foreach (var name in spec.FileNames) yield return new(name, null);
        var folders = ToolkitFolders().Concat(PythonWheelFolders()).Distinct().ToList();
        foreach (var name in spec.FileNames)
            foreach (var folder in folders)
                if (File.Exists(Path.Combine(folder, name))) yield return new(Path.Combine(folder, name), folder);
    }

    /// <summary>Every folder searched besides the loader's own, for an error message.</summary>
    public IReadOnlyList<string> SearchedFolders()
        => ExplicitFolders().Concat(ToolkitFolders()).Concat(PythonWheelFolders()).Distinct().ToList();

    private IEnumerable<string> ExplicitFolders()
    {
        foreach (var entry in Split(environment(PathVariable)))
        {
            yield return entry;
            foreach (var sub in (string[])["lib64", "lib"])
                if (Directory.Exists(Path.Combine(entry, sub))) yield return Path.Combine(entry, sub);
        }
    }

    private IEnumerable<string> ToolkitFolders()
    {
        var roots = new List<string>();
        foreach (var variable in (string[])["CUDA_HOME", "CUDA_PATH"])
            if (environment(variable) is { Length: > 0 } root) roots.Add(root);
        roots.Add("/usr/local/cuda");
        if (Directory.Exists("/usr/local"))
            roots.AddRange(Directory.GetDirectories("/usr/local", "cuda-*").OrderByDescending(VersionOf));
        foreach (var root in roots)
            foreach (var sub in (string[])["lib64", "lib", "targets/x86_64-linux/lib"])
                if (Directory.Exists(Path.Combine(root, sub))) yield return Path.Combine(root, sub);
        foreach (var driverFolder in (string[])["/usr/local/nvidia/lib64", "/usr/lib/wsl/lib"])
            if (Directory.Exists(driverFolder)) yield return driverFolder;
    }

    private IEnumerable<string> PythonWheelFolders()
    {
        var environments = new List<string>();
        foreach (var variable in (string[])["VIRTUAL_ENV", "CONDA_PREFIX"])
            if (environment(variable) is { Length: > 0 } root) environments.Add(root);
        // A venv's bin/python3 is a link to the base interpreter: its folder's parent, not the link's target, is the environment.
        foreach (var bin in Split(environment("PATH")))
            if (File.Exists(Path.Combine(bin, "python3")) && Path.GetDirectoryName(Path.GetFullPath(bin)) is { } root)
                environments.Add(root);
        foreach (var root in environments.Distinct())
            foreach (var packages in SitePackages(root))
            {
                string nvidia = Path.Combine(packages, "nvidia");
                if (!Directory.Exists(nvidia)) continue;
                foreach (var package in Directory.GetDirectories(nvidia).Order(StringComparer.Ordinal))
                {
                    if (Directory.Exists(Path.Combine(package, "lib"))) yield return Path.Combine(package, "lib");
                    foreach (var nested in Directory.GetDirectories(package).Order(StringComparer.Ordinal))
                        if (Directory.Exists(Path.Combine(nested, "lib"))) yield return Path.Combine(nested, "lib");
                }
            }
    }

    private static IEnumerable<string> SitePackages(string root)
    {
        string lib = Path.Combine(root, "lib");
        if (!Directory.Exists(lib)) yield break;
        foreach (var python in Directory.GetDirectories(lib, "python3*").Order(StringComparer.Ordinal))
            foreach (var kind in (string[])["site-packages", "dist-packages"])
                if (Directory.Exists(Path.Combine(python, kind))) yield return Path.Combine(python, kind);
    }

    private static IEnumerable<string> Split(string? list)
        => (list ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static Version VersionOf(string cudaFolder)
        => Version.TryParse(Path.GetFileName(cudaFolder)["cuda-".Length..], out var v) ? v : new Version(0, 0);
}
