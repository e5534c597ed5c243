// A test double of cuBLAS (libcublas.so.13) on the CPU: column-major SGEMM and SGEMV with cuBLAS's argument
// conventions, accumulated in double. Device pointers are host pointers (fake_cuda.cpp). Built by build-fake-cuda.sh.
#include <cstdint>

static const float* at(unsigned long long p) { return reinterpret_cast<const float*>(p); }

extern "C" {
int cublasCreate_v2(void** handle) { static int the_handle; *handle = &the_handle; return 0; }
int cublasDestroy_v2(void*) { return 0; }
int cublasSetStream_v2(void*, void*) { return 0; }
int cublasSetMathMode(void*, int) { return 0; }

// C[m, n] = alpha op(A)[m, k] op(B)[k, n] + beta C, all column-major; op is 0 (N) or 1 (T).
int cublasSgemm_v2(void*, int transa, int transb, int m, int n, int k, const float* alpha,
                   unsigned long long a, int lda, unsigned long long b, int ldb, const float* beta, unsigned long long c, int ldc)
{
    float* C = reinterpret_cast<float*>(c);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++)
        {
            double sum = 0;
            for (int p = 0; p < k; p++)
            {
                float x = transa ? at(a)[p + (long long)i * lda] : at(a)[i + (long long)p * lda];
                float y = transb ? at(b)[j + (long long)p * ldb] : at(b)[p + (long long)j * ldb];
                sum += (double)x * y;
            }
            float& out = C[i + (long long)j * ldc];
            out = (float)(*alpha * sum + (*beta == 0 ? 0.0 : (double)*beta * out));
        }
    return 0;
}

// y[m] = alpha A[m, n] x + beta y (trans 0), column-major.
int cublasSgemv_v2(void*, int trans, int m, int n, const float* alpha, unsigned long long a, int lda,
                   unsigned long long x, int incx, const float* beta, unsigned long long y, int incy)
{
    if (trans != 0) return 7;   // CUBLAS_STATUS_INVALID_VALUE: only what CudaBlas uses
    float* Y = reinterpret_cast<float*>(y);
    for (int i = 0; i < m; i++)
    {
        double sum = 0;
        for (int j = 0; j < n; j++) sum += (double)at(a)[i + (long long)j * lda] * at(x)[(long long)j * incx];
        Y[(long long)i * incy] = (float)(*alpha * sum + (*beta == 0 ? 0.0 : (double)*beta * Y[(long long)i * incy]));
    }
    return 0;
}
}
