namespace CharRnnLsp.Core.Adaptation;

/// <summary>How a dynamic-evaluation step turns a segment's gradient into a parameter change (Krause et al. 2018).</summary>
public enum StepRule
{
    /// <summary>theta -= rate * grad + decay * (theta - theta_trained).</summary>
    Sgd,
    /// <summary>The gradient divided by its running RMS (per parameter), and the decay scaled by that RMS over its
    /// mean, so parameters that move a lot are pulled back harder (Krause 2018, "RMS normalised decay").</summary>
    Rms,
}

/// <summary>Options of dynamic evaluation. The defaults were tuned on fs/ext4 with a model trained on kernel/
/// (docs/adaptation.md); the gradient is that of the segment's mean loss in nats/char.</summary>
/// <param name="SegmentLength">characters per gradient step (truncated BPTT length).</param>
/// <param name="LearningRate">step size (0 turns learning off; decay still applies).</param>
/// <param name="Decay">fraction of the distance to the trained weights removed after every step.</param>
/// <param name="Rule">SGD or RMS-normalised.</param>
/// <param name="GradientClip">clip the segment gradient's global norm (0 = off).</param>
/// <param name="DivergenceLoss">a segment loss above this (nats/char), or a non-finite one, restores the trained weights.</param>
public sealed record DynamicEvaluationOptions(
    int SegmentLength = 64,
    float LearningRate = 0.3f,
    float Decay = 0.002f,
    StepRule Rule = StepRule.Sgd,
    float GradientClip = 5f,
    float DivergenceLoss = 8f)
{
    /// <summary>Throws ArgumentException with a one-line reason when a field is out of range.</summary>
    public void Validate()
    {
        if (SegmentLength is < 2 or > 4096) throw new ArgumentException($"segment length must be in [2, 4096], got {SegmentLength}");
        if (!(LearningRate >= 0) || float.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate must be >= 0, got {LearningRate}");
        if (!(Decay is >= 0 and <= 1)) throw new ArgumentException($"decay must be in [0, 1], got {Decay}");
        if (!(GradientClip >= 0)) throw new ArgumentException($"gradient clip must be >= 0, got {GradientClip}");
        if (!(DivergenceLoss > 0)) throw new ArgumentException($"divergence loss must be positive, got {DivergenceLoss}");
    }
}
