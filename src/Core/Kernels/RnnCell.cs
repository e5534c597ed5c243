using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Kernels;

/// <summary>nn.RNN (tanh) cell, element-wise part: h' = tanh(x + h W_hh^T + b_hh), x including b_ih.</summary>
internal static unsafe class RnnCell
{
    /// <param name="h">out [rows, H]; also the stored activation the backward needs</param>
    public static void Forward(int rows, int hidden, float* xBase, int* xRows, float* hh, float* biasHh, float* h)
    {
        for (int r = 0; r < rows; r++)
        {
            float* x = xBase + (long)(xRows != null ? xRows[r] : r) * hidden;
            float* ho = h + (long)r * hidden;
            Vec.Add3(x, hh + (long)r * hidden, biasHh, ho, hidden);
            FastMath.Tanh(ho, hidden);
        }
    }

    /// <param name="dGates">out [rows, H] = dh * (1 - h'^2)</param>
    public static void Backward(int rows, int hidden, float* h, float* dh, float* dGates)
    {
        long count = (long)rows * hidden, j = 0;
        for (; j + 8 <= count; j += 8)
        {
            var vh = Vector256.Load(h + j);
            (Vector256.Load(dh + j) * (Vector256<float>.One - vh * vh)).Store(dGates + j);
        }
        for (; j < count; j++) dGates[j] = dh[j] * (1 - h[j] * h[j]);
    }
}
