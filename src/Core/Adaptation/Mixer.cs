using CharRnnLsp.Core.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// Geometric (log-linear) mixing of next-token distributions, the multi-symbol form of PAQ/cmix logistic mixing:
/// p(s) is proportional to exp(sum_i w[c, i] * x_i(s)), with x_i = ln p_i (floored at <see cref="MinLog"/>) and one
/// weight set per context c (the match length class). An expert that is uniform, or absent (all zeros),
/// adds a constant and so changes nothing; a useless one has its weight driven toward 0 by the online gradient
/// of the log loss: dL/dw_i = E_p[x_i] - x_i(actual).
/// </summary>
public sealed class Mixer
{
    /// <summary>Floor of an expert's log-probability input, so one confident wrong expert cannot zero a symbol.</summary>
    public const float MinLog = -12f;
    private readonly float[] _weights;     // [contexts, experts]

    public Mixer(int experts, int contexts, int vocabSize, ReadOnlySpan<float> initialWeights, float learningRate)
    {
        if (initialWeights.Length != experts) throw new ArgumentException($"expected {experts} initial weights, got {initialWeights.Length}");
        (Experts, Contexts, VocabSize, LearningRate) = (experts, contexts, vocabSize, learningRate);
        _weights = new float[contexts * experts];
        for (int c = 0; c < contexts; c++) initialWeights.CopyTo(_weights.AsSpan(c * experts, experts));
    }

    public int Experts { get; }
    public int Contexts { get; }
    public int VocabSize { get; }
    public float LearningRate { get; set; }
    /// <summary>[contexts, experts] weights (read for reports and tests).</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>A copy with the same weights, for a reader that must not see later learning.</summary>
    public Mixer Clone()
    {
        var copy = new Mixer(Experts, Contexts, VocabSize, _weights.AsSpan(0, Experts), LearningRate);
        _weights.CopyTo(copy._weights, 0);
        return copy;
    }

    /// <summary>Writes ln p_i(s) floored at MinLog into <paramref name="input"/> [V].</summary>
    public static void LogInput(ReadOnlySpan<float> probabilities, Span<float> input)
    {
        TP.Log(probabilities, input);
        TP.Max(input, MinLog, input);
    }

    /// <summary>inputs: [Experts, V] log-probabilities (rows of zeros for absent experts); writes p [V].
    /// Allocation-free, and only reads the weights, so branches may mix concurrently given their own output.</summary>
    public void Mix(ReadOnlySpan<float> inputs, int context, Span<float> probabilities)
    {
        var w = _weights.AsSpan(context * Experts, Experts);
        var z = probabilities[..VocabSize];
        z.Clear();
        for (int i = 0; i < Experts; i++)
            if (w[i] != 0f) TP.MultiplyAdd(inputs.Slice(i * VocabSize, VocabSize), w[i], z, z);
        Softmax.Probabilities(z, z);
    }

    /// <summary>One gradient step on -ln p(actual) for the weights of <paramref name="context"/>;
    /// <paramref name="probabilities"/> must be what <see cref="Mix"/> gave for these inputs.</summary>
    public void Learn(ReadOnlySpan<float> inputs, int context, ReadOnlySpan<float> probabilities, int actual)
    {
        var w = _weights.AsSpan(context * Experts, Experts);
        for (int i = 0; i < Experts; i++)
        {
            var x = inputs.Slice(i * VocabSize, VocabSize);
            float expected = TP.Dot(probabilities[..VocabSize], x);
            w[i] += LearningRate * (x[actual] - expected);
        }
    }
}
