using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace CharRnnLsp.Core.Kernels;

/// <summary>
/// Every softmax of the project: the training loss fused with its gradient (SIMD, FastMath's exp, pinned by the
/// PyTorch fixtures), next-symbol probabilities for sampling, tracing and mixing, and the log-sum-exp that scoring
/// and the language server's probabilities need. All subtract the maximum first, so no logit overflows exp.
/// </summary>
public static unsafe class Softmax
{
    /// <summary>p[V] = softmax(logits[V] / temperature).</summary>
    public static void Probabilities(ReadOnlySpan<float> logits, Span<float> p, float temperature = 1f)
    {
        if (p.Length < logits.Length) throw new ArgumentException($"probabilities need {logits.Length} entries, got {p.Length}");
        p = p[..logits.Length];
        TP.Subtract(logits, TP.Max(logits), p);
        if (temperature != 1f) TP.Divide(p, temperature, p);
        TP.Exp(p, p);
        TP.Divide(p, TP.Sum(p), p);
    }

    /// <summary>ln sum_j exp(logits[j]), accumulated in double: -ln p(s) = LogSumExp - logits[s].</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        float max = TP.Max(logits);
        double sum = 0;
        foreach (float x in logits) sum += Math.Exp(x - max);
        return max + Math.Log(sum);
    }

    /// <summary>softmax(logits)[index], in double.</summary>
    public static double Probability(ReadOnlySpan<float> logits, int index) => Math.Exp(logits[index] - LogSumExp(logits));

    /// <summary>Training's loss: returns -log softmax(row)[target]; when scale != 0 overwrites row[V] with
    /// (softmax(row) - onehot(target)) * scale, the gradient of scale * loss.</summary>
    internal static double CrossEntropyRow(float* row, int v, int target, float scale)
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
