using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Inference;

/// <summary>
/// One tile of a packed GEMV for several streams: acc[s][64] = sum_k W[tile][k][0..63] * x_s[k], unscaled (the
/// caller's epilogue applies the column scales and biases while the tile is in L1). Every kernel sums a column the
/// same way, even k and odd k in two FMA chains added at the end (two chains per register hide the FMA latency that
/// bounds a single stream), so a stream's result does not depend on how streams are grouped or on the vector width:
/// stepping a request's choices together reproduces stepping them one at a time exactly.
/// The AVX-512 kernels hold 64 columns in 4 zmm registers per chain and serve two streams per weight load; the
/// Vector256 fallback (which .NET lowers to Vector128 or scalar code where AVX is missing) takes the tile in two
/// halves of 32 columns, one stream at a time.
/// </summary>
internal static unsafe class PackedGemv
{
    private const int W = PackedWeights.TileWidth;

    /// <param name="x">[streams] pointers to inputs of length Depth</param>
    /// <param name="acc">out [streams, 64]</param>
    public static void Tile<TLoad>(bool vector512, byte* tile, int depth, float** x, int streams, float* acc)
        where TLoad : struct, IWeightLoad
    {
        int s = 0;
        if (!vector512)
        {
            for (; s < streams; s++)
            {
                Half256<TLoad>(tile, depth, x[s], acc + s * W);
                Half256<TLoad>(tile + TLoad.ColumnOffset(32), depth, x[s], acc + s * W + 32);
            }
            return;
        }
        for (; s + 2 <= streams; s += 2) Two512<TLoad>(tile, depth, x[s], x[s + 1], acc + s * W);
        if (s < streams) One512<TLoad>(tile, depth, x[s], acc + s * W);
    }

    private static void One512<TLoad>(byte* w, int depth, float* x, float* acc) where TLoad : struct, IWeightLoad
    {
        int pair = 2 * W * TLoad.ElementSize; // bytes of a block of two k rows
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
        int k = 0;
        for (; k + 2 <= depth; k += 2, w += pair)
        {
            var xa = Vector512.Create(x[k]);
            a0 = Vector512.FusedMultiplyAdd(TLoad.Even512(w), xa, a0);
            a1 = Vector512.FusedMultiplyAdd(TLoad.Even512(w + TLoad.ColumnOffset(16)), xa, a1);
            a2 = Vector512.FusedMultiplyAdd(TLoad.Even512(w + TLoad.ColumnOffset(32)), xa, a2);
            a3 = Vector512.FusedMultiplyAdd(TLoad.Even512(w + TLoad.ColumnOffset(48)), xa, a3);
            var xb = Vector512.Create(x[k + 1]);
            b0 = Vector512.FusedMultiplyAdd(TLoad.Odd512(w), xb, b0);
            b1 = Vector512.FusedMultiplyAdd(TLoad.Odd512(w + TLoad.ColumnOffset(16)), xb, b1);
            b2 = Vector512.FusedMultiplyAdd(TLoad.Odd512(w + TLoad.ColumnOffset(32)), xb, b2);
            b3 = Vector512.FusedMultiplyAdd(TLoad.Odd512(w + TLoad.ColumnOffset(48)), xb, b3);
        }
        if (k < depth)
        {
            var xa = Vector512.Create(x[k]);
            a0 = Vector512.FusedMultiplyAdd(TLoad.Even512(w), xa, a0);
            a1 = Vector512.FusedMultiplyAdd(TLoad.Even512(w + TLoad.ColumnOffset(16)), xa, a1);
            a2 = Vector512.FusedMultiplyAdd(TLoad.Even512(w + TLoad.ColumnOffset(32)), xa, a2);
            a3 = Vector512.FusedMultiplyAdd(TLoad.Even512(w + TLoad.ColumnOffset(48)), xa, a3);
        }
        (a0 + b0).Store(acc); (a1 + b1).Store(acc + 16); (a2 + b2).Store(acc + 32); (a3 + b3).Store(acc + 48);
    }

    // 16 accumulators (2 streams x 2 chains x 4 zmm) + 8 weight registers: within AVX-512's 32.
    private static void Two512<TLoad>(byte* w, int depth, float* x, float* y, float* acc) where TLoad : struct, IWeightLoad
    {
        int pair = 2 * W * TLoad.ElementSize; // bytes of a block of two k rows
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
        int k = 0;
        for (; k + 2 <= depth; k += 2, w += pair)
        {
            var w0 = TLoad.Even512(w); var w1 = TLoad.Even512(w + TLoad.ColumnOffset(16));
            var w2 = TLoad.Even512(w + TLoad.ColumnOffset(32)); var w3 = TLoad.Even512(w + TLoad.ColumnOffset(48));
            var s = Vector512.Create(x[k]);
            a0 = Vector512.FusedMultiplyAdd(w0, s, a0); a1 = Vector512.FusedMultiplyAdd(w1, s, a1);
            a2 = Vector512.FusedMultiplyAdd(w2, s, a2); a3 = Vector512.FusedMultiplyAdd(w3, s, a3);
            s = Vector512.Create(y[k]);
            c0 = Vector512.FusedMultiplyAdd(w0, s, c0); c1 = Vector512.FusedMultiplyAdd(w1, s, c1);
            c2 = Vector512.FusedMultiplyAdd(w2, s, c2); c3 = Vector512.FusedMultiplyAdd(w3, s, c3);
            var v0 = TLoad.Odd512(w); var v1 = TLoad.Odd512(w + TLoad.ColumnOffset(16));
            var v2 = TLoad.Odd512(w + TLoad.ColumnOffset(32)); var v3 = TLoad.Odd512(w + TLoad.ColumnOffset(48));
            s = Vector512.Create(x[k + 1]);
            b0 = Vector512.FusedMultiplyAdd(v0, s, b0); b1 = Vector512.FusedMultiplyAdd(v1, s, b1);
            b2 = Vector512.FusedMultiplyAdd(v2, s, b2); b3 = Vector512.FusedMultiplyAdd(v3, s, b3);
            s = Vector512.Create(y[k + 1]);
            d0 = Vector512.FusedMultiplyAdd(v0, s, d0); d1 = Vector512.FusedMultiplyAdd(v1, s, d1);
            d2 = Vector512.FusedMultiplyAdd(v2, s, d2); d3 = Vector512.FusedMultiplyAdd(v3, s, d3);
        }
        if (k < depth)
        {
            var w0 = TLoad.Even512(w); var w1 = TLoad.Even512(w + TLoad.ColumnOffset(16));
            var w2 = TLoad.Even512(w + TLoad.ColumnOffset(32)); var w3 = TLoad.Even512(w + TLoad.ColumnOffset(48));
            var s = Vector512.Create(x[k]);
            a0 = Vector512.FusedMultiplyAdd(w0, s, a0); a1 = Vector512.FusedMultiplyAdd(w1, s, a1);
            a2 = Vector512.FusedMultiplyAdd(w2, s, a2); a3 = Vector512.FusedMultiplyAdd(w3, s, a3);
            s = Vector512.Create(y[k]);
            c0 = Vector512.FusedMultiplyAdd(w0, s, c0); c1 = Vector512.FusedMultiplyAdd(w1, s, c1);
            c2 = Vector512.FusedMultiplyAdd(w2, s, c2); c3 = Vector512.FusedMultiplyAdd(w3, s, c3);
        }
        (a0 + b0).Store(acc); (a1 + b1).Store(acc + 16); (a2 + b2).Store(acc + 32); (a3 + b3).Store(acc + 48);
        (c0 + d0).Store(acc + 64); (c1 + d1).Store(acc + 80); (c2 + d2).Store(acc + 96); (c3 + d3).Store(acc + 112);
    }

    // 32 of the tile's 64 columns (w points at the first): 4 ymm per chain, 8 accumulators in all.
    private static void Half256<TLoad>(byte* w, int depth, float* x, float* acc) where TLoad : struct, IWeightLoad
    {
        int pair = 2 * W * TLoad.ElementSize; // bytes of a block of two k rows
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        int k = 0;
        for (; k + 2 <= depth; k += 2, w += pair)
        {
            var xa = Vector256.Create(x[k]);
            a0 = Vector256.FusedMultiplyAdd(TLoad.Even256(w), xa, a0);
            a1 = Vector256.FusedMultiplyAdd(TLoad.Even256(w + TLoad.ColumnOffset(8)), xa, a1);
            a2 = Vector256.FusedMultiplyAdd(TLoad.Even256(w + TLoad.ColumnOffset(16)), xa, a2);
            a3 = Vector256.FusedMultiplyAdd(TLoad.Even256(w + TLoad.ColumnOffset(24)), xa, a3);
            var xb = Vector256.Create(x[k + 1]);
            b0 = Vector256.FusedMultiplyAdd(TLoad.Odd256(w), xb, b0);
            b1 = Vector256.FusedMultiplyAdd(TLoad.Odd256(w + TLoad.ColumnOffset(8)), xb, b1);
            b2 = Vector256.FusedMultiplyAdd(TLoad.Odd256(w + TLoad.ColumnOffset(16)), xb, b2);
            b3 = Vector256.FusedMultiplyAdd(TLoad.Odd256(w + TLoad.ColumnOffset(24)), xb, b3);
        }
        if (k < depth)
        {
            var xa = Vector256.Create(x[k]);
            a0 = Vector256.FusedMultiplyAdd(TLoad.Even256(w), xa, a0);
            a1 = Vector256.FusedMultiplyAdd(TLoad.Even256(w + TLoad.ColumnOffset(8)), xa, a1);
            a2 = Vector256.FusedMultiplyAdd(TLoad.Even256(w + TLoad.ColumnOffset(16)), xa, a2);
            a3 = Vector256.FusedMultiplyAdd(TLoad.Even256(w + TLoad.ColumnOffset(24)), xa, a3);
        }
        (a0 + b0).Store(acc); (a1 + b1).Store(acc + 8); (a2 + b2).Store(acc + 16); (a3 + b3).Store(acc + 24);
    }
}
