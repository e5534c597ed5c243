namespace CharRnnLsp.Core.Kernels;

/// <summary>Which GEMM implementation <see cref="Blas"/> dispatches to.</summary>
internal enum BlasImplementation { OpenBlas, Managed }

/// <summary>
/// Row-major single-precision GEMM: OpenBLAS when it loads, otherwise (or with env CHARRNN_BLAS=managed)
/// the managed SIMD kernel. C[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C.
/// </summary>
internal static unsafe class Blas
{
    public static BlasImplementation Implementation { get; } = Choose();

    /// <summary>"OpenBLAS (libopenblas.so.0)" or "managed SIMD", for the CLI to print.</summary>
    public static string Description => Implementation == BlasImplementation.OpenBlas
        ? $"OpenBLAS ({OpenBlasNative.LoadedName})" : "managed SIMD";

    private static BlasImplementation Choose()
    {
        var requested = Environment.GetEnvironmentVariable("CHARRNN_BLAS");
        if (string.Equals(requested, "managed", StringComparison.OrdinalIgnoreCase)) return BlasImplementation.Managed;
        return OpenBlasNative.IsAvailable ? BlasImplementation.OpenBlas : BlasImplementation.Managed;
    }

    /// <summary>Threads OpenBLAS may use inside one call; the training graph sets 1 because it
    /// parallelises over streams itself. No effect on the managed kernel (always single-threaded).</summary>
    public static void SetThreads(int threads)
    {
        if (Implementation == BlasImplementation.OpenBlas) OpenBlasNative.SetNumThreads(Math.Max(1, threads));
    }

    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        if (m == 0 || n == 0) return;
        if (Implementation == BlasImplementation.OpenBlas)
            OpenBlasNative.Sgemm(OpenBlasNative.RowMajor,
                transA ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                transB ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else
            ManagedGemm.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>Span form of <see cref="Gemm(bool,bool,int,int,int,float,float*,int,float*,int,float,float*,int)"/>;
    /// checks that the spans are long enough for the given leading dimensions.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        CheckLength(a.Length, transA ? k : m, transA ? m : k, lda, nameof(a));
        CheckLength(b.Length, transB ? n : k, transB ? k : n, ldb, nameof(b));
        CheckLength(c.Length, m, n, ldc, nameof(c));
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            Gemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    private static void CheckLength(int length, int rows, int cols, int ld, string name)
    {
        if (rows > 0 && cols > 0 && (ld < cols || length < (long)(rows - 1) * ld + cols))
            throw new ArgumentException($"matrix {name} too small for {rows}x{cols} with leading dimension {ld}");
    }
}
