using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Kernels;

/// <summary>
/// Portable GEMM for machines without OpenBLAS. Goto-style: op(B) is packed into a [KC, NC] panel and op(A)
/// into an [MC, KC] panel (alpha folded in), so the 4x16 register-tiled kernel reads both with unit stride
/// whatever the transposes were. Single-threaded: the training graph already runs one worker per core.
/// </summary>
internal static unsafe class ManagedGemm
{
    private const int KC = 256, NC = 512, MC = 64, MR = 4, NR = 16;

    [ThreadStatic] private static float[]? _packedA, _packedB;

    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        if (m == 1 && !transA && k > 0 && alpha != 0f) { SingleRow(transB, n, k, alpha, a, b, ldb, beta, c); return; }
        ScaleC(m, n, beta, c, ldc);
        if (k == 0 || alpha == 0f) return;
        var packedA = _packedA ??= new float[MC * KC];
        var packedB = _packedB ??= new float[KC * NC];
        fixed (float* pa = packedA) fixed (float* pb = packedB)
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc), ncPadded = (nc + NR - 1) / NR * NR;
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    PackB(transB, b, ldb, pc, jc, kc, nc, ncPadded, pb);
                    for (int ic = 0; ic < m; ic += MC)
                    {
                        int mc = Math.Min(MC, m - ic);
                        PackA(transA, a, lda, ic, pc, mc, kc, alpha, pa);
                        for (int ir = 0; ir < mc; ir += MR)
                            for (int jr = 0; jr < nc; jr += NR)
                                MicroKernel(pa + ir * kc, pb + jr, kc, ncPadded,
                                    c + (long)(ic + ir) * ldc + jc + jr, ldc,
                                    Math.Min(MR, mc - ir), Math.Min(NR, nc - jr));
                    }
                }
            }
    }

    /// <summary>y[M] = alpha * A[M,N] x[N] + beta * y. Four rows at a time share each load of x; at batch 1
    /// this beats OpenBLAS's sgemv on the 2-core test machine (no threading or dispatch overhead).</summary>
    public static void Gemv(int m, int n, float alpha, float* a, int lda, float* x, float beta, float* y)
    {
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            float* a0 = a + (long)i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            int j = 0;
            for (; j + 8 <= n; j += 8)
            {
                var vx = Vector256.Load(x + j);
                s0 = Vector256.FusedMultiplyAdd(Vector256.Load(a0 + j), vx, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.Load(a1 + j), vx, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.Load(a2 + j), vx, s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.Load(a3 + j), vx, s3);
            }
            float d0 = Vector256.Sum(s0), d1 = Vector256.Sum(s1), d2 = Vector256.Sum(s2), d3 = Vector256.Sum(s3);
            for (; j < n; j++) { d0 += a0[j] * x[j]; d1 += a1[j] * x[j]; d2 += a2[j] * x[j]; d3 += a3[j] * x[j]; }
            Store(y + i, alpha * d0, beta); Store(y + i + 1, alpha * d1, beta);
            Store(y + i + 2, alpha * d2, beta); Store(y + i + 3, alpha * d3, beta);
        }
        for (; i < m; i++) Store(y + i, alpha * Dot(a + (long)i * lda, x, n), beta);
    }

    // One row of C (a batch of one stream, as dynamic evaluation runs): packing op(B) for it would cost as much as
    // the product, so it is a matrix-vector product over B as stored. c[N] = alpha * a[K] op(B)[K, N] + beta * c.
    private static void SingleRow(bool transB, int n, int k, float alpha, float* a, float* b, int ldb, float beta, float* c)
    {
        if (transB) { Gemv(n, k, alpha, b, ldb, a, beta, c); return; } // B is [N, K]: c = B a
        ScaleC(1, n, beta, c, n);
        // B is [K, N]: c += sum_p (alpha a[p]) B[p, :], 32 columns of c held in registers across all of K.
        int j = 0;
        for (; j + 32 <= n; j += 32)
        {
            Vector256<float> c0 = Vector256.Load(c + j), c1 = Vector256.Load(c + j + 8),
                             c2 = Vector256.Load(c + j + 16), c3 = Vector256.Load(c + j + 24);
            float* col = b + j;
            for (int p = 0; p < k; p++, col += ldb)
            {
                var x = Vector256.Create(alpha * a[p]);
                c0 = Vector256.FusedMultiplyAdd(Vector256.Load(col), x, c0);
                c1 = Vector256.FusedMultiplyAdd(Vector256.Load(col + 8), x, c1);
                c2 = Vector256.FusedMultiplyAdd(Vector256.Load(col + 16), x, c2);
                c3 = Vector256.FusedMultiplyAdd(Vector256.Load(col + 24), x, c3);
            }
            c0.Store(c + j); c1.Store(c + j + 8); c2.Store(c + j + 16); c3.Store(c + j + 24);
        }
        for (; j < n; j++)
        {
            float sum = 0f;
            for (int p = 0; p < k; p++) sum += a[p] * b[(long)p * ldb + j];
            c[j] += alpha * sum;
        }
    }

    // beta == 0 must not read y (it may be uninitialised scratch)
    private static void Store(float* y, float value, float beta) => *y = beta == 0f ? value : value + beta * *y;

    internal static float Dot(float* a, float* b, int n)
    {
        var acc0 = Vector256<float>.Zero; var acc1 = Vector256<float>.Zero;
        int j = 0;
        for (; j + 16 <= n; j += 16)
        {
            acc0 = Vector256.FusedMultiplyAdd(Vector256.Load(a + j), Vector256.Load(b + j), acc0);
            acc1 = Vector256.FusedMultiplyAdd(Vector256.Load(a + j + 8), Vector256.Load(b + j + 8), acc1);
        }
        float sum = Vector256.Sum(acc0 + acc1);
        for (; j < n; j++) sum += a[j] * b[j];
        return sum;
    }

    private static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f) row.Clear(); // not 0 * C: C may hold NaN garbage
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    // packedB[p, j] = op(B)[pc + p, jc + j], zero beyond nc so the kernel never needs a column tail.
    private static void PackB(bool transB, float* b, int ldb, int pc, int jc, int kc, int nc, int ncPadded, float* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            float* row = dst + p * ncPadded;
            if (!transB)
                new ReadOnlySpan<float>(b + (long)(pc + p) * ldb + jc, nc).CopyTo(new Span<float>(row, nc));
            else
                for (int j = 0; j < nc; j++) row[j] = b[(long)(jc + j) * ldb + pc + p];
            for (int j = nc; j < ncPadded; j++) row[j] = 0f;
        }
    }

    // packedA[i, p] = alpha * op(A)[ic + i, pc + p], rows padded with zeros up to a multiple of MR.
    private static void PackA(bool transA, float* a, int lda, int ic, int pc, int mc, int kc, float alpha, float* dst)
    {
        int mcPadded = (mc + MR - 1) / MR * MR;
        for (int i = 0; i < mcPadded; i++)
        {
            float* row = dst + i * kc;
            if (i >= mc) { new Span<float>(row, kc).Clear(); continue; }
            if (!transA)
                for (int p = 0; p < kc; p++) row[p] = alpha * a[(long)(ic + i) * lda + pc + p];
            else
                for (int p = 0; p < kc; p++) row[p] = alpha * a[(long)(pc + p) * lda + ic + i];
        }
    }

    // C[rows, cols] += packedA[4, kc] * packedB[kc, 16 (of ldb)]; rows <= 4, cols <= 16.
    private static void MicroKernel(float* a, float* b, int kc, int ldb, float* c, int ldc, int rows, int cols)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default,
                         c20 = default, c21 = default, c30 = default, c31 = default;
        float* a0 = a, a1 = a + kc, a2 = a + 2 * kc, a3 = a + 3 * kc;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b + p * ldb);
            var b1 = Vector256.Load(b + p * ldb + 8);
            var x = Vector256.Create(a0[p]); c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[p]); c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[p]); c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[p]); c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
        }
        if (rows == MR && cols == NR)
        {
            AddRow(c, c00, c01); AddRow(c + ldc, c10, c11); AddRow(c + 2 * ldc, c20, c21); AddRow(c + 3 * ldc, c30, c31);
            return;
        }
        float* tile = stackalloc float[MR * NR];
        c00.Store(tile); c01.Store(tile + 8); c10.Store(tile + 16); c11.Store(tile + 24);
        c20.Store(tile + 32); c21.Store(tile + 40); c30.Store(tile + 48); c31.Store(tile + 56);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) c[(long)i * ldc + j] += tile[i * NR + j];
    }

    private static void AddRow(float* c, Vector256<float> lo, Vector256<float> hi)
    {
        (Vector256.Load(c) + lo).Store(c);
        (Vector256.Load(c + 8) + hi).Store(c + 8);
    }
}
