namespace CharRnnLsp.Core.Evaluation;

/// <summary>A cell and how well its activation follows one text feature (Pearson r over all characters).</summary>
public sealed record SelectiveCell(string Feature, int Layer, int Unit, double Correlation);

/// <summary>Ranks every cell by |Pearson correlation| with each text feature.</summary>
public static class CellFinder
{
    /// <summary>The <paramref name="perFeature"/> best cells for each feature that varies over the text.</summary>
    public static List<SelectiveCell> Find(CellTrace trace, TextFeatures features, int hiddenSize, int perFeature = 3)
    {
        var result = new List<SelectiveCell>();
        int n = trace.Length, cells = trace.Cells;
        var column = new double[n];
        for (int f = 0; f < TextFeatures.Names.Length; f++)
        {
            float[] feature = features.Values[f];
            if (Variance(feature.Select(x => (double)x).ToArray()) < 1e-12) continue;
            var scored = new List<(int Cell, double R)>(cells);
            for (int cell = 0; cell < cells; cell++)
            {
                for (int i = 0; i < n; i++) column[i] = trace.Activations[i * cells + cell];
                scored.Add((cell, Pearson(column, feature)));
            }
            foreach (var (cell, r) in scored.OrderByDescending(s => Math.Abs(s.R)).Take(perFeature))
                result.Add(new SelectiveCell(TextFeatures.Names[f], cell / hiddenSize, cell % hiddenSize, r));
        }
        return result;
    }

    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<float> y)
    {
        int n = x.Length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx <= 1e-12 || syy <= 1e-12 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    private static double Variance(double[] x)
    {
        double mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / x.Length;
    }
}
