namespace CharRnnLsp.Core.Optim;

public enum OptimizerKind { Adam, RmsProp }

/// <summary>
/// Updates the flat parameter buffer from the flat gradient buffer. Its moments are flat buffers of the
/// same length, exposed by name so a checkpoint can store them and a resumed run restore them exactly.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Updates applied so far (Adam's bias correction depends on it).</summary>
    public long Steps { get; set; }

    /// <summary>Moment buffers by name, each [parameterCount]; restore by copying into them.</summary>
    public abstract IReadOnlyDictionary<string, float[]> Moments { get; }

    public abstract OptimizerKind Kind { get; }

    /// <summary>parameters[i] -= update(gradients[i]); both [parameterCount].</summary>
    public abstract void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate);

    /// <summary>The same update where the backend keeps the buffers (the CUDA engine).</summary>
    internal abstract void Step(IDeviceUpdateKernels device, float learningRate);

    public static Optimizer Create(OptimizerKind kind, int parameterCount) => kind switch
    {
        OptimizerKind.Adam => new AdamOptimizer(parameterCount),
        OptimizerKind.RmsProp => new RmsPropOptimizer(parameterCount),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>Adam as in PyTorch (beta1 0.9, beta2 0.999, eps 1e-8 added after the square root).</summary>
internal sealed class AdamOptimizer(int parameterCount) : Optimizer
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
    private readonly float[] _first = new float[parameterCount];
    private readonly float[] _second = new float[parameterCount];

    public override OptimizerKind Kind => OptimizerKind.Adam;
    public override IReadOnlyDictionary<string, float[]> Moments => new Dictionary<string, float[]>
    {
        ["exp_avg"] = _first,
        ["exp_avg_sq"] = _second,
    };

    /// <summary>Bias corrections for update number <paramref name="step"/>: lr / (1 - beta1^t) and sqrt(1 - beta2^t),
    /// computed here for both backends so they round them the same way.</summary>
    public static (float StepSize, float Root2) Corrections(float learningRate, long step)
        => (learningRate / (1f - MathF.Pow(Beta1, step)), MathF.Sqrt(1f - MathF.Pow(Beta2, step)));

    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        Steps++;
        var (stepSize, root2) = Corrections(learningRate, Steps);
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i];
            float m = _first[i] = Beta1 * _first[i] + (1f - Beta1) * g;
            float v = _second[i] = Beta2 * _second[i] + (1f - Beta2) * g * g;
            parameters[i] -= stepSize * m / (MathF.Sqrt(v) / root2 + Epsilon);
        }
    }

    internal override void Step(IDeviceUpdateKernels device, float learningRate)
    {
        Steps++;
        var (stepSize, root2) = Corrections(learningRate, Steps);
        device.AdamStep(stepSize, root2);
    }
}

/// <summary>RMSProp as char-rnn uses it: running mean of squared gradients with decay 0.95, eps 1e-8.</summary>
internal sealed class RmsPropOptimizer(int parameterCount) : Optimizer
{
    private const float Decay = 0.95f, Epsilon = 1e-8f;
    private readonly float[] _meanSquare = new float[parameterCount];

    public override OptimizerKind Kind => OptimizerKind.RmsProp;
    public override IReadOnlyDictionary<string, float[]> Moments => new Dictionary<string, float[]>
    {
        ["square_avg"] = _meanSquare,
    };

    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        Steps++;
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i];
            float s = _meanSquare[i] = Decay * _meanSquare[i] + (1f - Decay) * g * g;
            parameters[i] -= learningRate * g / (MathF.Sqrt(s) + Epsilon);
        }
    }

    internal override void Step(IDeviceUpdateKernels device, float learningRate)
    {
        Steps++;
        device.RmsPropStep(learningRate);
    }
}
