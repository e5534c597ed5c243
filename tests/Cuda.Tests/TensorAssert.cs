using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>Float tensors compared the way the issue asks (within 1e-3 relative to the tensor's own scale), or bit for bit.</summary>
internal static class TensorAssert
{
    public const double Tolerance = 1e-3;

    /// <summary>Relative to the tensor's scale: |actual - expected| / max|expected| and the relative L2 error both within
    /// <paramref name="tolerance"/> (1e-3 unless said).</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, maxError = 0, errorSquares = 0, normSquares = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], d = actual[i] - e;
            scale = Math.Max(scale, Math.Abs(e));
            maxError = Math.Max(maxError, Math.Abs(d));
            errorSquares += d * d;
            normSquares += e * e;
        }
        Assert.True(scale > 0, $"{what}: the expected tensor is all zero, nothing compared");
        Assert.True(maxError <= tolerance * scale && Math.Sqrt(errorSquares) <= tolerance * Math.Sqrt(normSquares),
            $"{what}: max error {maxError:G3} against max |value| {scale:G3}, relative L2 error {Math.Sqrt(errorSquares / normSquares):G3}");
    }

    /// <summary>The same bits in every element.</summary>
    public static void Identical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int differing = 0, first = -1;
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]) && differing++ == 0) first = i;
        Assert.True(differing == 0, $"{what}: {differing} of {expected.Length} values differ, the first at [{first}]: {(first >= 0 ? $"{expected[first]:R} vs {actual[first]:R}" : "")}");
    }
}
