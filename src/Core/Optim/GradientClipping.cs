namespace CharRnnLsp.Core.Optim;

public static class GradientClipping
{
    /// <summary>Scales <paramref name="gradients"/> so their global L2 norm is at most <paramref name="maxNorm"/>
    /// (no-op when maxNorm &lt;= 0). Returns the norm before clipping.</summary>
    public static double ClipGlobalNorm(Span<float> gradients, float maxNorm)
    {
        double sumSquares = 0;
        foreach (float g in gradients) sumSquares += (double)g * g;
        double norm = Math.Sqrt(sumSquares);
        if (maxNorm > 0 && norm > maxNorm)
        {
            float scale = (float)(maxNorm / (norm + 1e-6));
            for (int i = 0; i < gradients.Length; i++) gradients[i] *= scale;
        }
        return norm;
    }
}
