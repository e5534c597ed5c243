using CharRnnLsp.Core.Backends.Cuda.Native;
namespace CharRnnLsp.Core.Backends.Cuda;

/// <summary>Row-major matrix products on cuBLAS (column-major): C = op(A) op(B) in row-major terms is
/// C^T = op(B)^T op(A)^T in column-major ones, so A and B swap places, as cblas's row-major mode does.</summary>
internal sealed unsafe class CudaBlas(nint handle)
{
    /// <summary>C[m, n] = alpha op(A) op(B) + beta C; op(A) [m, k], op(B) [k, n]; all row-major with leading dimensions.</summary>
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ulong a, int lda, ulong b, int ldb, float beta, ulong c, int ldc)
    {
        CublasNative.Check(CublasNative.Sgemm(handle,
            transB ? CublasNative.Transpose : CublasNative.NoTranspose, transA ? CublasNative.Transpose : CublasNative.NoTranspose,
            n, m, k, &alpha, b, ldb, a, lda, &beta, c, ldc), "cublasSgemm");
    }

    /// <summary>sums[cols] = ones[rows] x M[rows, cols] (row-major M): the column sums, a bias gradient.</summary>
    public void ColumnSums(int rows, int cols, ulong matrix, ulong ones, ulong sums)
    {
        float alpha = 1f, beta = 0f;
        // Column-major, M is [cols, rows] with leading dimension cols; M ones = the sums.
        CublasNative.Check(CublasNative.Sgemv(handle, CublasNative.NoTranspose, cols, rows, &alpha, matrix, cols, ones, 1, &beta, sums, 1), "cublasSgemv");
    }
}
