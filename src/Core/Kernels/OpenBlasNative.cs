using System.Reflection;
using System.Runtime.InteropServices;
using CharRnnLsp.Core.Common;

namespace CharRnnLsp.Core.Kernels;

/// <summary>
/// The few OpenBLAS entry points the engine uses. The logical library name "openblas" is mapped to
/// whichever of the usual sonames exists, so a missing library shows up as <see cref="IsAvailable"/> = false
/// instead of a DllNotFoundException in the middle of training.
/// </summary>
internal static partial class OpenBlasNative
{
    private const string LibraryName = "openblas";
    private static readonly string[] Candidates =
        ["libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0", "openblas", "libopenblas.dll", "libopenblas.dylib"];

    internal const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly IntPtr Handle = Load();

    public static bool IsAvailable => Handle != IntPtr.Zero;

    /// <summary>The file name that loaded, e.g. libopenblas.so.0; null when none did.</summary>
    public static string? LoadedName { get; private set; }

    private static IntPtr Load()
    {
        foreach (var name in Candidates)
            if (NativeLibrary.TryLoad(name, out var handle) && NativeLibrary.TryGetExport(handle, "cblas_sgemm", out _))
            {
                NativeLibraries.Register(LibraryName, handle);
                LoadedName = name;
                return handle;
            }
        return IntPtr.Zero;
    }

    [LibraryImport(LibraryName, EntryPoint = "cblas_sgemm")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static unsafe partial void Sgemm(int order, int transA, int transB, int m, int n, int k,
        float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(LibraryName, EntryPoint = "openblas_set_num_threads")]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void SetNumThreads(int threads);
}
