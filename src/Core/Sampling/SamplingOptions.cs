namespace CharRnnLsp.Core.Sampling;

/// <summary>How the next character is chosen from the model's distribution.</summary>
/// <param name="Temperature">Divides the logits; lower is more conservative. Ignored with Argmax.</param>
/// <param name="TopK">Keep only the K most likely symbols (0 = all).</param>
/// <param name="TopP">Keep the smallest set of symbols whose probability reaches P (1 = all).</param>
/// <param name="Argmax">Always take the most likely symbol (greedy decoding).</param>
public sealed record SamplingOptions(float Temperature = 0.8f, int TopK = 0, float TopP = 1f, bool Argmax = false)
{
    public void Validate()
    {
        if (!(Temperature > 0f) || float.IsInfinity(Temperature))
            throw new ArgumentException($"temperature must be a positive number, got {Temperature}");
        if (TopK < 0) throw new ArgumentException($"top-k must be 0 (off) or positive, got {TopK}");
        if (!(TopP > 0f && TopP <= 1f)) throw new ArgumentException($"top-p must be in (0, 1], got {TopP}");
    }
}
