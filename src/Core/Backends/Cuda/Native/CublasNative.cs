using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Backends.Cuda.Native;

/// <summary>The cuBLAS entry points the backend uses (logical name "cublas"). cuBLAS is column-major: a
/// row-major [rows, cols] matrix is a column-major [cols, rows] one, which CudaBlas translates.
/// Scalars (alpha, beta) are host pointers, cuBLAS's default pointer mode.</summary>
internal static unsafe partial class CublasNative
{
    private const string Library = "cublas";
    public const int NoTranspose = 0, Transpose = 1;
    public const int DefaultMath = 0, Tf32TensorOpMath = 3;

    [LibraryImport(Library, EntryPoint = "cublasCreate_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Create(nint* handle);
    [LibraryImport(Library, EntryPoint = "cublasDestroy_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Destroy(nint handle);
    [LibraryImport(Library, EntryPoint = "cublasSetStream_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetStream(nint handle, nint stream);
    [LibraryImport(Library, EntryPoint = "cublasSetMathMode")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetMathMode(nint handle, int mode);
    [LibraryImport(Library, EntryPoint = "cublasSgemm_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Sgemm(nint handle, int transA, int transB, int m, int n, int k,
        float* alpha, ulong a, int lda, ulong b, int ldb, float* beta, ulong c, int ldc);
    [LibraryImport(Library, EntryPoint = "cublasSgemv_v2")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Sgemv(nint handle, int trans, int m, int n, float* alpha, ulong a, int lda,
        ulong x, int incX, float* beta, ulong y, int incY);

    public static void Check(int status, string call)
    {
        if (status != 0) throw new CudaException($"{call} failed: cuBLAS status {status}");
    }
}
