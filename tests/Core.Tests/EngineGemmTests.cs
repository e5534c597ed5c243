using CharRnnLsp.Core.Kernels;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>The managed GEMM against a double-precision reference and against OpenBLAS, for every transpose
/// combination, odd sizes (kernel tails), padded leading dimensions and alpha/beta.</summary>
public unsafe class EngineGemmTests
{
    public static TheoryData<bool, bool, int, int, int> Shapes()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        foreach (var (m, n, k) in new[] { (1, 1, 1), (1, 259, 300), (3, 17, 5), (33, 65, 130), (67, 259, 300), (130, 7, 513) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(ta, tb, m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ManagedMatchesReferenceAndOpenBlas(bool transA, bool transB, int m, int n, int k)
    {
        const float Alpha = 0.75f, Beta = -0.5f;
        int rowsA = transA ? k : m, colsA = transA ? m : k, rowsB = transB ? n : k, colsB = transB ? k : n;
        int lda = colsA + 3, ldb = colsB + 1, ldc = n + 2;
        var rng = new Random(m * 1000 + n * 10 + k);
        float[] Fill(int count) => Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] a = Fill(rowsA * lda), b = Fill(rowsB * ldb), c0 = Fill(m * ldc);

        var managed = (float[])c0.Clone();
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = managed)
            ManagedGemm.Gemm(transA, transB, m, n, k, Alpha, pa, lda, pb, ldb, Beta, pc, ldc);

        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (double)a[transA ? p * lda + i : i * lda + p] * b[transB ? j * ldb + p : p * ldb + j];
                double expected = Alpha * sum + Beta * c0[i * ldc + j];
                Assert.True(Math.Abs(managed[i * ldc + j] - expected) <= 1e-5 * (k + 1), $"C[{i},{j}] {managed[i * ldc + j]} vs {expected}");
            }
        for (int i = 0; i < m; i++) // padding columns of C untouched
            for (int j = n; j < ldc; j++) Assert.Equal(c0[i * ldc + j], managed[i * ldc + j]);

        if (!OpenBlasNative.IsAvailable) return;
        var native = (float[])c0.Clone();
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = native)
            OpenBlasNative.Sgemm(OpenBlasNative.RowMajor, transA ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                transB ? OpenBlasNative.Trans : OpenBlasNative.NoTrans, m, n, k, Alpha, pa, lda, pb, ldb, Beta, pc, ldc);
        for (int i = 0; i < native.Length; i++)
            Assert.True(Math.Abs(native[i] - managed[i]) <= 1e-5 * (k + 1), $"element {i}: OpenBLAS {native[i]} managed {managed[i]}");
    }

    [Fact]
    public void ActiveImplementationIsReported()
    {
        bool forced = string.Equals(Environment.GetEnvironmentVariable("CHARRNN_BLAS"), "managed", StringComparison.OrdinalIgnoreCase);
        var expected = OpenBlasNative.IsAvailable && !forced ? BlasImplementation.OpenBlas : BlasImplementation.Managed;
        Assert.Equal(expected, Blas.Implementation);
        Assert.Contains(expected == BlasImplementation.OpenBlas ? "libopenblas" : "managed", Blas.Description);
    }

    [Fact]
    public void SpanGemmRejectsTooSmallMatrices()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(false, false, 2, 2, 2, 1f, new float[3], 2, new float[4], 2, 0f, new float[4], 2));
        Assert.Contains("matrix a", ex.Message);
        var c = new float[4];
        Blas.Gemm(false, false, 2, 2, 2, 1f, [1, 2, 3, 4], 2, [1, 0, 0, 1], 2, 0f, c, 2);
        Assert.Equal([1f, 2f, 3f, 4f], c);
    }

    [Fact]
    public void BetaZeroIgnoresGarbageInC()
    {
        float[] a = [1, 2], b = [3, 4], c = [float.NaN];
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            ManagedGemm.Gemm(false, false, 1, 1, 2, 1f, pa, 2, pb, 1, 0f, pc, 1);
        Assert.Equal(11f, c[0]);
    }

    [Fact]
    public void ManagedGemvMatchesDot()
    {
        var rng = new Random(5);
        float[] a = Enumerable.Range(0, 13 * 37).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] x = Enumerable.Range(0, 37).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] y = Enumerable.Repeat(1f, 13).ToArray();
        fixed (float* pa = a) fixed (float* px = x) fixed (float* py = y)
            ManagedGemm.Gemv(13, 37, 2f, pa, 37, px, 0.5f, py);
        for (int i = 0; i < 13; i++)
        {
            double dot = 0;
            for (int j = 0; j < 37; j++) dot += (double)a[i * 37 + j] * x[j];
            Assert.Equal(2 * dot + 0.5, y[i], 4);
        }
    }
}
