using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Inference;

/// <summary>
/// A weight matrix laid out once, at model load, for the broadcast GEMV of <see cref="PackedGemv"/>: output columns
/// in tiles of <see cref="TileWidth"/>, each tile stored as [K][64] so that one input element times one contiguous
/// run of 64 weights feeds 64 outputs (no horizontal sums, reads strictly sequential). Layout [tiles][K'][64] in the
/// precision's element type (4, 2 or 1 bytes), K' = K rounded up to even (zeros), 64-byte aligned; bf16 interleaves
/// each pair of rows (k even, k + 1) column by column, so one 32-bit word holds a column's two weights
/// (<see cref="Bf16Load"/>). Plus one fp32 scale per output column (int8's dequantisation factor, 1 otherwise).
/// Immutable after packing.
/// </summary>
internal sealed unsafe class PackedWeights
{
    public const int TileWidth = 64;

    private readonly byte[] _storage; // pinned; Data points 64-aligned into it
    private readonly float[] _scales; // pinned; [Tiles * 64]

    public int Tiles { get; }
    public int Depth { get; }
    /// <summary>Depth rounded up to even: rows are stored in pairs.</summary>
    public int PaddedDepth { get; }
    public InferencePrecision Precision { get; }
    public int ElementSize { get; }
    public byte* Data { get; }
    public float* Scales { get; }

    /// <param name="rows">[Tiles * 64, depth] row-major: row j holds the weights of output column j over k
    /// (zeros for padding columns)</param>
    public PackedWeights(float[] rows, int depth, InferencePrecision precision)
    {
        if (depth < 1 || rows.Length % (depth * TileWidth) != 0) throw new ArgumentException("rows must be [tiles * 64, depth]");
        (Tiles, Depth, Precision, PaddedDepth) = (rows.Length / (depth * TileWidth), depth, precision, (depth + 1) & ~1);
        ElementSize = precision switch { InferencePrecision.Fp32 => 4, InferencePrecision.Bf16 => 2, _ => 1 };
        int columns = Tiles * TileWidth;
        _storage = GC.AllocateArray<byte>(columns * PaddedDepth * ElementSize + 64, pinned: true);
        _scales = GC.AllocateArray<float>(columns, pinned: true);
        byte* start = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_storage, 0);
        Data = (byte*)(((nint)start + 63) & ~(nint)63);
        Scales = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(_scales, 0);
        for (int column = 0; column < columns; column++)
        {
            var row = rows.AsSpan(column * depth, depth);
            float scale = precision == InferencePrecision.Int8 ? Int8Scale(row) : 1f;
            _scales[column] = scale;
            for (int k = 0; k < depth; k++) Store(Index(column, k), row[k], scale);
        }
    }

    /// <summary>The first byte of tile <paramref name="tile"/>: [K][64] elements.</summary>
    public byte* Tile(int tile) => Data + (long)tile * PaddedDepth * TileWidth * ElementSize;

    // In elements from Data: row k of the column's tile, or for bf16 its word of rows (k even, k + 1), half k & 1.
    private long Index(int column, int k)
    {
        long tileStart = (long)(column / TileWidth) * PaddedDepth * TileWidth;
        int lane = column % TileWidth;
        return Precision == InferencePrecision.Bf16
            ? tileStart + (k & ~1) * TileWidth + lane * 2 + (k & 1)
            : tileStart + k * TileWidth + lane;
    }

    /// <summary>The weight at (column, k) as the kernels see it, dequantised (for tests).</summary>
    public float Read(int column, int k)
    {
        long index = Index(column, k);
        return Precision switch
        {
            InferencePrecision.Fp32 => ((float*)Data)[index],
            InferencePrecision.Bf16 => BitConverter.UInt32BitsToSingle((uint)((ushort*)Data)[index] << 16),
            _ => ((sbyte*)Data)[index] * _scales[column],
        };
    }

    private void Store(long index, float value, float scale)
    {
        switch (Precision)
        {
            case InferencePrecision.Fp32: ((float*)Data)[index] = value; break;
            case InferencePrecision.Bf16: ((ushort*)Data)[index] = ToBf16(value); break;
            default: ((sbyte*)Data)[index] = (sbyte)Math.Clamp(MathF.Round(value / scale), -127f, 127f); break;
        }
    }

    // Symmetric: the row's largest magnitude maps to 127 (an all-zero row keeps scale 1 and codes 0).
    private static float Int8Scale(ReadOnlySpan<float> row)
    {
        float max = 0f;
        foreach (float w in row) max = MathF.Max(max, MathF.Abs(w));
        return max > 0f ? max / 127f : 1f;
    }

    /// <summary>Round to nearest even on the 16 bits dropped (weights are finite, so NaN needs no care).</summary>
    public static ushort ToBf16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }
}
