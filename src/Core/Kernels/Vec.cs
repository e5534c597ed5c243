using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace CharRnnLsp.Core.Kernels;

/// <summary>Element-wise helpers on raw pointers shared by the cell kernels (lengths are H or G*H).</summary>
internal static unsafe class Vec
{
    public static Span<float> S(float* p, int n) => new(p, n);

    /// <summary>dst = a + b + c.</summary>
    public static void Add3(float* a, float* b, float* c, float* dst, int n)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
            (Vector256.Load(a + j) + Vector256.Load(b + j) + Vector256.Load(c + j)).Store(dst + j);
        for (; j < n; j++) dst[j] = a[j] + b[j] + c[j];
    }

    /// <summary>acc[n] = sum of rows[count, n], added in row order (a fixed order keeps results reproducible).</summary>
    public static void SumRows(float* rows, int count, int n, float* acc)
    {
        S(acc, n).Clear();
        for (int r = 0; r < count; r++) TP.Add(S(acc, n), S(rows + (long)r * n, n), S(acc, n));
    }

    /// <summary>p[n] *= mask[n] (inverted-dropout mask: 0 or 1/(1-p)).</summary>
    public static void MultiplyInPlace(float* p, float* mask, int n) => TP.Multiply(S(p, n), S(mask, n), S(p, n));
}
