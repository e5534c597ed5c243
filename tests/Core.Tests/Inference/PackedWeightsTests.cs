using CharRnnLsp.Core.Inference;
using Xunit;

namespace CharRnnLsp.Core.Tests.Inference;

public class PackedWeightsTests
{
    private const int Depth = 37;

    private static float[] Rows(int seed)
    {
        var rng = new Random(seed);
        var rows = new float[2 * PackedWeights.TileWidth * Depth];
        for (int i = 0; i < rows.Length; i++) rows[i] = (float)((rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.Next(-3, 2)));
        return rows;
    }

    [Theory]
    [InlineData(InferencePrecision.Fp32)]
    [InlineData(InferencePrecision.Bf16)]
    [InlineData(InferencePrecision.Int8)]
    public void Every_weight_reads_back_within_its_precisions_rounding(InferencePrecision precision)
    {
        var rows = Rows(1);
        var packed = new PackedWeights(rows, Depth, precision);
        unsafe { Assert.Equal(0, (long)packed.Data % 64); }
        for (int column = 0; column < 2 * PackedWeights.TileWidth; column++)
        {
            float max = rows.AsSpan(column * Depth, Depth).ToArray().Max(MathF.Abs);
            for (int k = 0; k < Depth; k++)
            {
                float w = rows[column * Depth + k], read = packed.Read(column, k);
                double allowed = precision switch
                {
                    InferencePrecision.Fp32 => 0,
                    InferencePrecision.Bf16 => Math.Abs(w) * Math.Pow(2, -8),   // half an ulp: 7 stored mantissa bits
                    _ => max / 127 / 2 * (1 + 1e-6),                            // half a quantisation step
                };
                Assert.True(Math.Abs(read - w) <= allowed, $"({column}, {k}): {w} read back as {read}");
            }
        }
    }

    [Fact]
    public void Bf16_rounds_to_nearest_even()
    {
        Assert.Equal(0x3F80, PackedWeights.ToBf16(BitConverter.UInt32BitsToSingle(0x3F808000))); // tie, even below
        Assert.Equal(0x3F82, PackedWeights.ToBf16(BitConverter.UInt32BitsToSingle(0x3F818000))); // tie, even above
        Assert.Equal(0x3F81, PackedWeights.ToBf16(BitConverter.UInt32BitsToSingle(0x3F808001))); // just above a tie
    }
}
