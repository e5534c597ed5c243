using CharRnnLsp.Core.Kernels;

namespace CharRnnLsp.Core.Backends.Cpu;

/// <summary>
/// The linear decoder and the softmax cross-entropy on top of the last layer, forward and backward, for a group
/// of Bw streams [B0, B0 + Bw) of a B-stream batch over T steps (rows time-major, N = T * Bw): the managed engine
/// runs it per worker, the oneDNN engine once over the whole batch (Bw = B, B0 = 0).
/// </summary>
internal static unsafe class DecoderLoss
{
    /// <summary>logits[N, V] = top[N, H] Wd^T + bd; returns the summed loss; when scale != 0 leaves
    /// dLogits = (p - onehot) * scale in logits. logitsOut: null or [T*B, V], each position's logits before that.</summary>
    public static double Forward(float* wd, float* bd, float* top, float* logits, int* targets, int t, int bw, int b, int b0,
        int h, int v, float scale, float* logitsOut)
    {
        int n = t * bw;
        for (int r = 0; r < n; r++) Buffer.MemoryCopy(bd, logits + (long)r * v, v * 4L, v * 4L);
        Blas.Gemm(false, true, n, v, h, 1f, top, h, wd, h, 1f, logits, v);
        double loss = 0;
        for (int s = 0; s < t; s++)
            for (int r = 0; r < bw; r++)
            {
                float* row = logits + ((long)s * bw + r) * v;
                long position = (long)s * b + b0 + r;
                if (logitsOut != null) Buffer.MemoryCopy(row, logitsOut + position * v, v * 4L, v * 4L);
                loss += Softmax.CrossEntropyRow(row, v, targets[position], scale);
            }
        return loss;
    }

    /// <summary>dWd[V, H] = dLogits^T[V, N] top[N, H]; dbd = column sums; dTop[N, H] = dLogits[N, V] Wd[V, H].</summary>
    public static void Backward(float* wd, float* dLogits, float* top, int n, int h, int v, float* gradWd, float* gradBd, float* dTop)
    {
        Blas.Gemm(true, false, v, h, n, 1f, dLogits, v, top, h, 0f, gradWd, h);
        Vec.SumRows(dLogits, n, v, gradBd);
        Blas.Gemm(false, false, n, h, v, 1f, dLogits, v, wd, h, 0f, dTop, h);
    }
}
