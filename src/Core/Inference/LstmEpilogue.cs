using System.Runtime.Intrinsics;
using CharRnnLsp.Core.Kernels;

namespace CharRnnLsp.Core.Inference;

/// <summary>
/// The LSTM cell on one packed tile's sums, while they are in L1: gate pre-activations = acc * scale + bias (tile
/// order i[16], f[16], g[16], o[16]), then c' = f*c + i*g and h' = o*tanh(c') for 16 units, the same FastMath
/// nonlinearities as the training cell (Kernels.LstmCell).
/// </summary>
internal static unsafe class LstmEpilogue
{
    private const int Units = PackedLstmLayers.UnitsPerTile;

    /// <param name="acc">[64] unscaled sums</param> <param name="scale">[64]</param> <param name="bias">[64]</param>
    /// <param name="c">[count] in: c, out: c'</param> <param name="h">out [count] h'</param>
    public static void Finish(float* acc, float* scale, float* bias, float* c, float* h, int count)
    {
        float* cIn = stackalloc float[Units], cOut = stackalloc float[Units], hOut = stackalloc float[Units];
        new Span<float>(c, count).CopyTo(new Span<float>(cIn, Units)); // the last tile may hold fewer than 16 units
        for (int half = 0; half < Units; half += 8)
        {
            Vector256<float> Pre(int gate) => Vector256.FusedMultiplyAdd(Vector256.Load(acc + gate * Units + half),
                Vector256.Load(scale + gate * Units + half), Vector256.Load(bias + gate * Units + half));
            var i = FastMath.Sigmoid(Pre(0));
            var f = FastMath.Sigmoid(Pre(1));
            var g = FastMath.Tanh(Pre(2));
            var o = FastMath.Sigmoid(Pre(3));
            var cNew = Vector256.FusedMultiplyAdd(f, Vector256.Load(cIn + half), i * g);
            cNew.Store(cOut + half);
            (o * FastMath.Tanh(cNew)).Store(hOut + half);
        }
        new Span<float>(cOut, count).CopyTo(new Span<float>(c, count));
        new Span<float>(hOut, count).CopyTo(new Span<float>(h, count));
    }
}
