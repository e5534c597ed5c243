using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Sampling;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>How a continuation is chosen from a <see cref="PredictorBranch"/>.</summary>
public enum DecodingMode { Greedy, Sample, Beam }

/// <param name="Mode">greedy (most likely token each step), sampling at <paramref name="Temperature"/>, or beam search.</param>
/// <param name="MaxTokens">length of the continuation (fewer when it stops at a line end).</param>
/// <param name="StopToken">a token that ends the continuation, included (e.g. the newline's index); -1 = none.</param>
public sealed record DecodingOptions(DecodingMode Mode = DecodingMode.Greedy, int MaxTokens = 20, float Temperature = 0.5f,
    int BeamWidth = 4, int StopToken = -1)
{
    public void Validate()
    {
        if (MaxTokens < 0) throw new ArgumentException($"continuation length must be >= 0, got {MaxTokens}");
        if (!(Temperature > 0) || float.IsInfinity(Temperature)) throw new ArgumentException($"temperature must be positive, got {Temperature}");
        if (BeamWidth is < 1 or > 64) throw new ArgumentException($"beam width must be in [1, 64], got {BeamWidth}");
    }
}

/// <summary>Continuations for ghost text from a branch positioned at the cursor (the branch is not changed).
/// Never emits the unknown symbol.</summary>
public static class ContinuationDecoder
{
    /// <summary><paramref name="random"/> is needed for sampling only.</summary>
    public static int[] Decode(PredictorBranch start, DecodingOptions options, DeterministicRandom? random = null)
    {
        options.Validate();
        return options.Mode switch
        {
            DecodingMode.Beam => Beam(start, options),
            _ => Stepwise(start, options, random),
        };
    }

    private static int[] Stepwise(PredictorBranch start, DecodingOptions options, DeterministicRandom? random)
    {
        if (options.Mode == DecodingMode.Sample && random == null) throw new ArgumentException("sampling needs a random generator");
        return Together(start, options, [random])[0];
    }

    /// <summary>One sampled continuation per generator in <paramref name="randoms"/>, stepped together: at each
    /// position every unfinished continuation draws its token, then all advance in one
    /// <see cref="PredictorBranch.AdvanceTogether"/> (one read of a packed model's weights for all of them). Each
    /// result equals <see cref="Decode"/> with the same generator.</summary>
    public static int[][] SampleTogether(PredictorBranch start, DecodingOptions options, IReadOnlyList<DeterministicRandom> randoms)
    {
        options.Validate();
        if (options.Mode != DecodingMode.Sample) throw new ArgumentException("SampleTogether samples; use Decode for greedy or beam");
        return Together(start, options, randoms);
    }

    private static int[][] Together(PredictorBranch start, DecodingOptions options, IReadOnlyList<DeterministicRandom?> randoms)
    {
        var branches = randoms.Select(_ => start.Clone()).ToArray();
        var outputs = randoms.Select(_ => new List<int>(options.MaxTokens)).ToArray();
        var p = new float[start.VocabSize];
        var live = Enumerable.Range(0, options.MaxTokens > 0 ? randoms.Count : 0).ToList();
        while (live.Count > 0)
        {
            var tokens = new List<int>(live.Count);
            foreach (int i in live)
            {
                branches[i].Distribution(p);
                p[Vocabulary.Unknown] = 0f;
                int token = options.Mode == DecodingMode.Greedy ? Sampler.MostLikelyKnown(p) : Draw(p, options.Temperature, randoms[i]!);
                outputs[i].Add(token);
                tokens.Add(token);
            }
            // A continuation ends at the stop token or at MaxTokens; its last token is never stepped through.
            var stepping = live.Where((i, n) => tokens[n] != options.StopToken && outputs[i].Count < options.MaxTokens).ToList();
            PredictorBranch.AdvanceTogether(stepping.Select(i => branches[i]).ToArray(), stepping.Select(i => outputs[i][^1]).ToArray());
            live = stepping;
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    private sealed record Hypothesis(PredictorBranch Branch, int[] Tokens, double LogProbability, bool Done);

    // Keeps the BeamWidth most likely prefixes; finished ones (ended by the stop token) compete as they are.
    private static int[] Beam(PredictorBranch start, DecodingOptions options)
    {
        int width = options.BeamWidth;
        var beam = new List<Hypothesis> { new(start.Clone(), [], 0, options.MaxTokens == 0) };
        var p = new float[start.VocabSize];
        var order = new int[start.VocabSize];
        for (int step = 0; step < options.MaxTokens && beam.Any(h => !h.Done); step++)
        {
            var candidates = new List<(Hypothesis Parent, int Token, double LogProbability)>();
            foreach (var h in beam)
            {
                if (h.Done) { candidates.Add((h, -1, h.LogProbability)); continue; }
                h.Branch.Distribution(p);
                p[Vocabulary.Unknown] = 0f;
                for (int s = 0; s < order.Length; s++) order[s] = s;
                Array.Sort(order, (a, b) => p[b].CompareTo(p[a]));
                for (int k = 0; k < width && k < order.Length; k++)
                    candidates.Add((h, order[k], h.LogProbability + Math.Log(Math.Max(p[order[k]], 1e-30f))));
            }
            beam = candidates.OrderByDescending(c => c.LogProbability).Take(width).Select(Extend).ToList();
        }
        return beam.MaxBy(h => h.LogProbability)!.Tokens;

        Hypothesis Extend((Hypothesis Parent, int Token, double LogProbability) c)
        {
            if (c.Token < 0) return c.Parent;
            int[] tokens = [.. c.Parent.Tokens, c.Token];
            bool done = c.Token == options.StopToken || tokens.Length == options.MaxTokens;
            var branch = c.Parent.Branch.Clone();
            if (!done) branch.Advance(c.Token);
            return new Hypothesis(branch, tokens, c.LogProbability, done);
        }
    }

    // p^(1/T), renormalised implicitly by drawing against the total.
    private static int Draw(Span<float> p, float temperature, DeterministicRandom random)
    {
        double total = 0;
        for (int s = 0; s < p.Length; s++) total += p[s] = p[s] > 0 ? MathF.Pow(p[s], 1f / temperature) : 0f;
        double target = random.NextDouble() * total;
        int last = 1;
        for (int s = 0; s < p.Length; s++)
        {
            if (p[s] <= 0) continue;
            last = s;
            if ((target -= p[s]) < 0) return s;
        }
        return last;
    }
}
