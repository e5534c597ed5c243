using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Inference;

/// <summary>
/// One tile of a packed GEMV for 1 to 4 streams: acc[s][64] = sum_k W[tile][k][0..63] * x_s[k], unscaled (the
/// caller's epilogue applies the column scales and biases while the tile is in L1). Each weight row is loaded once
/// and multiplied into every stream's accumulators, so S streams cost about one weight read, not S.
/// The AVX-512 kernels hold 64 columns in 4 zmm registers per stream; the Vector256 fallback (which .NET lowers to
/// Vector128 or scalar code where AVX is missing) holds them in 8 ymm registers and serves streams one at a time.
/// </summary>
internal static unsafe class PackedGemv
{
    private const int W = PackedWeights.TileWidth;

    /// <param name="x">[streams] pointers to inputs of length Depth</param>
    /// <param name="acc">out [streams, 64]</param>
    public static void Tile<TLoad>(bool vector512, byte* tile, int depth, float** x, int streams, float* acc)
        where TLoad : struct, IWeightLoad
    {
        if (!vector512)
        {
            for (int s = 0; s < streams; s++) One256<TLoad>(tile, depth, x[s], acc + s * W);
            return;
        }
        float* spare = stackalloc float[4 * W];
        int done = 0;
        for (; streams - done >= 2; done += 4)
        {
            // 2 or 3 left: the 4-stream kernel with the last input repeated (its extra rows are discarded).
            float* x0 = x[done], x1 = x[done + 1];
            float* x2 = done + 2 < streams ? x[done + 2] : x1, x3 = done + 3 < streams ? x[done + 3] : x2;
            if (done + 4 <= streams) Four512<TLoad>(tile, depth, x0, x1, x2, x3, acc + done * W);
            else
            {
                Four512<TLoad>(tile, depth, x0, x1, x2, x3, spare);
                new Span<float>(spare, (streams - done) * W).CopyTo(new Span<float>(acc + done * W, (streams - done) * W));
            }
        }
        if (done < streams) One512<TLoad>(tile, depth, x[done], acc + done * W);
    }

    // One chain per column, in k order, like the other kernels: a stream's sums do not depend on how streams are
    // grouped or on the vector width, so stepping choices together reproduces stepping them one at a time exactly.
    private static void One512<TLoad>(byte* w, int depth, float* x, float* acc) where TLoad : struct, IWeightLoad
    {
        int e = TLoad.ElementSize, row = W * e;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int k = 0; k < depth; k++, w += row)
        {
            var s = Vector512.Create(x[k]);
            a0 = Vector512.FusedMultiplyAdd(TLoad.Load512(w), s, a0);
            a1 = Vector512.FusedMultiplyAdd(TLoad.Load512(w + 16 * e), s, a1);
            a2 = Vector512.FusedMultiplyAdd(TLoad.Load512(w + 32 * e), s, a2);
            a3 = Vector512.FusedMultiplyAdd(TLoad.Load512(w + 48 * e), s, a3);
        }
        a0.Store(acc); a1.Store(acc + 16); a2.Store(acc + 32); a3.Store(acc + 48);
    }

    // 16 accumulators (4 streams x 4 zmm) + 4 weight registers: within AVX-512's 32.
    private static void Four512<TLoad>(byte* w, int depth, float* x0, float* x1, float* x2, float* x3, float* acc)
        where TLoad : struct, IWeightLoad
    {
        int e = TLoad.ElementSize, row = W * e;
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        for (int k = 0; k < depth; k++, w += row)
        {
            var w0 = TLoad.Load512(w); var w1 = TLoad.Load512(w + 16 * e);
            var w2 = TLoad.Load512(w + 32 * e); var w3 = TLoad.Load512(w + 48 * e);
            var s = Vector512.Create(x0[k]);
            a00 = Vector512.FusedMultiplyAdd(w0, s, a00); a01 = Vector512.FusedMultiplyAdd(w1, s, a01);
            a02 = Vector512.FusedMultiplyAdd(w2, s, a02); a03 = Vector512.FusedMultiplyAdd(w3, s, a03);
            s = Vector512.Create(x1[k]);
            a10 = Vector512.FusedMultiplyAdd(w0, s, a10); a11 = Vector512.FusedMultiplyAdd(w1, s, a11);
            a12 = Vector512.FusedMultiplyAdd(w2, s, a12); a13 = Vector512.FusedMultiplyAdd(w3, s, a13);
            s = Vector512.Create(x2[k]);
            a20 = Vector512.FusedMultiplyAdd(w0, s, a20); a21 = Vector512.FusedMultiplyAdd(w1, s, a21);
            a22 = Vector512.FusedMultiplyAdd(w2, s, a22); a23 = Vector512.FusedMultiplyAdd(w3, s, a23);
            s = Vector512.Create(x3[k]);
            a30 = Vector512.FusedMultiplyAdd(w0, s, a30); a31 = Vector512.FusedMultiplyAdd(w1, s, a31);
            a32 = Vector512.FusedMultiplyAdd(w2, s, a32); a33 = Vector512.FusedMultiplyAdd(w3, s, a33);
        }
        a00.Store(acc); a01.Store(acc + 16); a02.Store(acc + 32); a03.Store(acc + 48);
        a10.Store(acc + 64); a11.Store(acc + 80); a12.Store(acc + 96); a13.Store(acc + 112);
        a20.Store(acc + 128); a21.Store(acc + 144); a22.Store(acc + 160); a23.Store(acc + 176);
        a30.Store(acc + 192); a31.Store(acc + 208); a32.Store(acc + 224); a33.Store(acc + 240);
    }

    private static void One256<TLoad>(byte* w, int depth, float* x, float* acc) where TLoad : struct, IWeightLoad
    {
        int e = TLoad.ElementSize, row = W * e;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> a4 = default, a5 = default, a6 = default, a7 = default;
        for (int k = 0; k < depth; k++, w += row)
        {
            var s = Vector256.Create(x[k]);
            a0 = Vector256.FusedMultiplyAdd(TLoad.Load256(w), s, a0);
            a1 = Vector256.FusedMultiplyAdd(TLoad.Load256(w + 8 * e), s, a1);
            a2 = Vector256.FusedMultiplyAdd(TLoad.Load256(w + 16 * e), s, a2);
            a3 = Vector256.FusedMultiplyAdd(TLoad.Load256(w + 24 * e), s, a3);
            a4 = Vector256.FusedMultiplyAdd(TLoad.Load256(w + 32 * e), s, a4);
            a5 = Vector256.FusedMultiplyAdd(TLoad.Load256(w + 40 * e), s, a5);
            a6 = Vector256.FusedMultiplyAdd(TLoad.Load256(w + 48 * e), s, a6);
            a7 = Vector256.FusedMultiplyAdd(TLoad.Load256(w + 56 * e), s, a7);
        }
        a0.Store(acc); a1.Store(acc + 8); a2.Store(acc + 16); a3.Store(acc + 24);
        a4.Store(acc + 32); a5.Store(acc + 40); a6.Store(acc + 48); a7.Store(acc + 56);
    }
}
