namespace CharRnnLsp.Core.Adaptation;

/// <summary>Which adaptive parts an <see cref="AdaptivePredictor"/> runs.</summary>
/// <param name="Dynamic">dynamic evaluation, or null for the trained weights as they are.</param>
/// <param name="CacheOrder">highest context order of the document cache (0 = no cache).</param>
/// <param name="MatchMinLength">shortest match the match model uses (0 = no match model).</param>
/// <param name="MixerLearningRate">step size of the mixer's online learning.</param>
public sealed record AdaptivePredictorOptions(
    DynamicEvaluationOptions? Dynamic = null,
    int CacheOrder = 6,
    int MatchMinLength = 6,
    float MixerLearningRate = 0.02f)
{
    /// <summary>Everything on, with the default dynamic evaluation.</summary>
    public static AdaptivePredictorOptions Full { get; } = new(new DynamicEvaluationOptions());

    /// <summary>The trained LSTM alone.</summary>
    public static AdaptivePredictorOptions Static { get; } = new(null, 0, 0);

    public void Validate()
    {
        Dynamic?.Validate();
        if (CacheOrder is < 0 or > 16) throw new ArgumentException($"cache order must be in [0, 16], got {CacheOrder}");
        if (MatchMinLength is < 0 or > 64) throw new ArgumentException($"match minimum length must be in [0, 64], got {MatchMinLength}");
        if (!(MixerLearningRate >= 0) || float.IsInfinity(MixerLearningRate))
            throw new ArgumentException($"mixer learning rate must be >= 0, got {MixerLearningRate}");
    }
}
