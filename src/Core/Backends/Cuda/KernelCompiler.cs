using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using CharRnnLsp.Core.Backends.Cuda.Native;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>
/// Compiles the backend's CUDA C (Kernels.cu, embedded in this assembly) to a CUBIN for one GPU architecture
/// with NVRTC, and keeps the result in a disk cache keyed by the source, the architecture, the options and the
/// NVRTC version, so a second run loads it without compiling. The cache is
/// $CHARRNN_KERNEL_CACHE, else $XDG_CACHE_HOME/charrnn-lsp/kernels, else ~/.cache/charrnn-lsp/kernels (the temp
/// folder when there is no home);
/// files are written atomically, and an unwritable cache only costs the compile.
/// </summary>
internal static unsafe class KernelCompiler
{
    public const string CacheVariable = "CHARRNN_KERNEL_CACHE";
    private static readonly Lazy<string> EmbeddedSource = new(ReadEmbeddedSource);

    /// <summary>The kernels' CUDA C source.</summary>
    public static string Source => EmbeddedSource.Value;

    /// <summary>A CUBIN of <paramref name="source"/> for sm_{major}{minor}; <paramref name="fromCache"/> says whether it was compiled now.</summary>
    public static byte[] Compile(string source, int major, int minor, out bool fromCache)
    {
        CudaLibraryLoader.Require(CudaLibrarySpec.Nvrtc);
        string[] options = [$"--gpu-architecture=sm_{major}{minor}", "--std=c++17"];
        string cachePath = Path.Combine(CacheFolder(), CacheKey(source, options) + ".cubin");
        if (TryRead(cachePath) is { } cached) { fromCache = true; return cached; }
        byte[] cubin = CompileNow(source, options);
        TryWrite(cachePath, cubin);
        fromCache = false;
        return cubin;
    }

    /// <summary>(major, minor) of the NVRTC that loaded.</summary>
    private static (int Major, int Minor) NvrtcVersion()
    {
        CudaLibraryLoader.Require(CudaLibrarySpec.Nvrtc);
        int major, minor;
        NvrtcNative.Check(NvrtcNative.Version(&major, &minor), "nvrtcVersion");
        return (major, minor);
    }

    private static byte[] CompileNow(string source, string[] options)
    {
        nint program;
        fixed (byte* text = Utf8(source)) fixed (byte* name = Utf8("charrnn_kernels.cu"))
            NvrtcNative.Check(NvrtcNative.CreateProgram(&program, text, name, 0, null, null), "nvrtcCreateProgram");
        try
        {
            var handles = options.Select(o => GCHandle.Alloc(Utf8(o), GCHandleType.Pinned)).ToArray();
            try
            {
                var pointers = stackalloc byte*[options.Length];
                for (int i = 0; i < options.Length; i++) pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
                int status = NvrtcNative.CompileProgram(program, options.Length, pointers);
                if (status == NvrtcNative.CompilationError)
                    throw new CudaException($"NVRTC could not compile the kernels for {options[0]}: {FirstLogLine(program)}");
                NvrtcNative.Check(status, "nvrtcCompileProgram");
            }
            finally { foreach (var h in handles) h.Free(); }
            nuint size;
            NvrtcNative.Check(NvrtcNative.GetCubinSize(program, &size), "nvrtcGetCUBINSize");
            var cubin = new byte[(int)size];
            fixed (byte* destination = cubin) NvrtcNative.Check(NvrtcNative.GetCubin(program, destination), "nvrtcGetCUBIN");
            return cubin;
        }
        finally { NvrtcNative.DestroyProgram(&program); }
    }

    private static string FirstLogLine(nint program)
    {
        nuint size;
        if (NvrtcNative.GetProgramLogSize(program, &size) != 0 || size <= 1) return "no log";
        var log = new byte[(int)size];
        fixed (byte* p = log) NvrtcNative.GetProgramLog(program, p);
        string text = Encoding.UTF8.GetString(log, 0, log.Length - 1);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Contains("error")) ?? text.Trim();
    }

    private static string CacheKey(string source, string[] options)
    {
        var (major, minor) = NvrtcVersion();
        string material = $"{source}\n{string.Join(' ', options)}\nnvrtc {major}.{minor}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..24].ToLowerInvariant();
    }

    public static string CacheFolder()
    {
        if (Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } explicitFolder) return explicitFolder;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : home.Length > 0 ? Path.Combine(home, ".cache") : Path.GetTempPath();
        return Path.Combine(root, "charrnn-lsp", "kernels");
    }

    private static byte[]? TryRead(string path)
    {
        try { return File.Exists(path) ? File.ReadAllBytes(path) : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static void TryWrite(string path, byte[] cubin)
    {
        try { AtomicFile.Write(path, stream => stream.Write(cubin)); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text + "\0");

    private static string ReadEmbeddedSource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CharRnnLsp.Core.Backends.Cuda.Kernels.cu")
            ?? throw new InvalidOperationException("Kernels.cu is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
