using System.Runtime.Intrinsics;

namespace CharRnnLsp.Core.Kernels;

/// <summary>Softmax cross-entropy of one row of logits, fused with its gradient.</summary>
internal static unsafe class Softmax
{
    /// <summary>Returns -log softmax(row)[target]; when scale != 0 overwrites row[V] with
    /// (softmax(row) - onehot(target)) * scale, the gradient of scale * loss.</summary>
    public static double CrossEntropyRow(float* row, int v, int target, float scale)
    {
        float max = float.NegativeInfinity;
        int j = 0;
        if (v >= 8)
        {
            var vmax = Vector256.Load(row);
            for (j = 8; j + 8 <= v; j += 8) vmax = Vector256.Max(vmax, Vector256.Load(row + j));
            max = HorizontalMax(Vector256.Max(vmax, Vector256.Load(row + v - 8))); // overlapping last block covers the tail
            j = v;
        }
        for (; j < v; j++) max = MathF.Max(max, row[j]);

        float targetLogit = row[target];
        var vMax = Vector256.Create(max);
        var vsum = Vector256<float>.Zero;
        j = 0;
        for (; j + 8 <= v; j += 8)
        {
            var e = FastMath.Exp(Vector256.Load(row + j) - vMax);
            e.Store(row + j);
            vsum += e;
        }
        float sum = Vector256.Sum(vsum);
        for (; j < v; j++) { row[j] = MathF.Exp(row[j] - max); sum += row[j]; }

        double loss = Math.Log(sum) - (targetLogit - max);
        if (scale != 0f)
        {
            var factor = Vector256.Create(scale / sum);
            j = 0;
            for (; j + 8 <= v; j += 8) (Vector256.Load(row + j) * factor).Store(row + j);
            for (; j < v; j++) row[j] *= scale / sum;
            row[target] -= scale;
        }
        return loss;
    }

    private static float HorizontalMax(Vector256<float> v)
    {
        float max = v[0];
        for (int i = 1; i < 8; i++) max = MathF.Max(max, v[i]);
        return max;
    }
}
