using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Kernels;

/// <summary>
/// exp, sigmoid and tanh on 8 lanes, inlined into the fused cell loops (a library call per gate block
/// costs more than the math at H = 128). exp: Cephes-style range reduction x = n ln2 + r and a degree-6
/// polynomial, about 2 ulp; sigmoid and tanh inherit about 1e-7 relative error, tanh uses its odd
/// Taylor series near 0 where 1 - e^-2x would cancel.
/// </summary>
internal static class FastMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-87.3f)), Vector256.Create(88.3f));
        var n = Vector256.Round(x * Vector256.Create(1.44269504088896341f));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-0.693359375f), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(2.12194440e-4f), r);
        var p = Vector256.Create(1.9875691500E-4f);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.3981999507E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(8.3334519073E-3f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(4.1665795894E-2f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.6666665459E-1f));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(5.0000001201E-1f));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var ax = Vector256.Abs(x);
        var e = Exp(ax * Vector256.Create(-2f));
        var far = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        var x2 = x * x; // x - x^3/3 + 2x^5/15, error < 1e-7 relative below 0.1
        var near = ax * Vector256.FusedMultiplyAdd(x2, Vector256.FusedMultiplyAdd(x2, Vector256.Create(2f / 15f), Vector256.Create(-1f / 3f)), Vector256<float>.One);
        var magnitude = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.1f)), near, far);
        return magnitude | (x & Vector256.Create(-0f)); // copy the sign of x
    }

    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    public static float Tanh(float x) => MathF.Tanh(x);

    public static unsafe void Tanh(float* p, int n)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8) Tanh(Vector256.Load(p + j)).Store(p + j);
        for (; j < n; j++) p[j] = Tanh(p[j]);
    }
}
