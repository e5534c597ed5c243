using System.Runtime.Intrinsics;
using CharRnnLsp.Core.Kernels;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>The inlined SIMD exp/sigmoid/tanh against double-precision math over the ranges the cells see.</summary>
public class EngineFastMathTests
{
    private static void Sweep(Func<Vector256<float>, Vector256<float>> fast, Func<double, double> exact,
        double from, double to, double tolerance)
    {
        const int Count = 200_000;
        double worst = 0;
        for (int i = 0; i < Count; i += 8)
        {
            var x = Vector256.Create(Enumerable.Range(i, 8).Select(k => (float)(from + (to - from) * k / Count)).ToArray());
            var y = fast(x);
            for (int lane = 0; lane < 8; lane++)
            {
                double expected = exact(x[lane]);
                double error = Math.Abs(y[lane] - expected) / Math.Max(Math.Abs(expected), 1e-30);
                worst = Math.Max(worst, error);
            }
        }
        Assert.InRange(worst, 0, tolerance);
    }

    [Fact] public void ExpIsAccurate() => Sweep(FastMath.Exp, Math.Exp, -80, 80, 1e-6);
    [Fact] public void SigmoidIsAccurate() => Sweep(FastMath.Sigmoid, x => 1 / (1 + Math.Exp(-x)), -30, 30, 2e-6);
    [Fact] public void TanhIsAccurateNearZeroAndFarOut() => Sweep(FastMath.Tanh, Math.Tanh, -12, 12, 2e-6);
    [Fact] public void TanhIsAccurateForTinyInputs() => Sweep(FastMath.Tanh, Math.Tanh, -1e-3, 1e-3, 1e-6);

    [Fact]
    public void SaturatesWithoutNaN()
    {
        var big = Vector256.Create(1e4f);
        Assert.Equal(1f, FastMath.Sigmoid(big)[0]);
        Assert.InRange(FastMath.Sigmoid(-big)[0], 0f, 1e-37f);
        Assert.Equal(1f, FastMath.Tanh(big)[0]);
        Assert.Equal(-1f, FastMath.Tanh(-big)[0]);
    }
}
