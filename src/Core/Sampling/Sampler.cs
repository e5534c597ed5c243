using System.Text;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Sampling;

/// <summary>
/// Drives a model (the fp32 CharModel or a packed InferenceModel) one character at a time: feeds prime text into a state, then draws continuations.
/// Not thread-safe (it owns scratch buffers); create one per concurrent caller.
/// </summary>
public sealed class Sampler(IStepModel model, Vocabulary vocabulary)
{
    private readonly float[] _probabilities = new float[model.Config.VocabSize];
    private readonly int[] _order = new int[model.Config.VocabSize];

    public IStepModel Model => model;
    public Vocabulary Vocabulary => vocabulary;

    /// <summary>Advances <paramref name="state"/> through <paramref name="text"/>; <paramref name="logits"/> [V]
    /// then holds the prediction for the character after the text (unchanged if the text is empty).</summary>
    public void Feed(RecurrentState state, ReadOnlySpan<char> text, Span<float> logits)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int codePoint = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                ? char.ConvertToUtf32(text[i], text[++i])
                : text[i];
            model.Step(state, vocabulary.IndexOf(codePoint), logits);
        }
    }

    /// <summary>Chooses the next symbol index from <paramref name="logits"/> [V].</summary>
    public int Choose(ReadOnlySpan<float> logits, SamplingOptions options, DeterministicRandom rng)
    {
        if (options.Argmax) return MostLikelyKnown(logits);
        int v = logits.Length;
        var p = _probabilities.AsSpan(0, v);
        Softmax.Probabilities(logits, p, options.Temperature);
        p[Vocabulary.Unknown] = 0f; // never emit the unknown symbol
        int kept = v;
        if (options.TopK > 0 || options.TopP < 1f)
        {
            var order = _order.AsSpan(0, v);
            for (int i = 0; i < v; i++) order[i] = i;
            order.Sort((a, b) => _probabilities[b].CompareTo(_probabilities[a]));
            kept = options.TopK > 0 ? Math.Min(options.TopK, v) : v;
            if (options.TopP < 1f)
            {
                float total = 0f, mass = 0f;
                for (int i = 0; i < kept; i++) total += p[order[i]];
                int n = 0;
                while (n < kept) { mass += p[order[n++]]; if (mass >= options.TopP * total) break; }
                kept = n;
            }
            for (int i = kept; i < v; i++) p[order[i]] = 0f;
        }
        return Draw(p, rng);
    }

    /// <summary>Generates up to <paramref name="maxChars"/> characters after the state's current position,
    /// yielding each one as it comes (one code point, as a string). Stops early after <paramref name="stop"/>
    /// has been produced (the stop string is included). <paramref name="logits"/> [V] must hold the
    /// prediction for the next character (from Feed) and is kept current.</summary>
    public IEnumerable<string> Generate(RecurrentState state, float[] logits, int maxChars, SamplingOptions options,
        DeterministicRandom rng, string? stop = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var tail = new StringBuilder();
        for (int produced = 0; produced < maxChars && !cancellation.IsCancellationRequested; produced++)
        {
            int next = Choose(logits, options, rng);
            string symbol = vocabulary.Decode(next);
            model.Step(state, next, logits);
            yield return symbol;
            if (string.IsNullOrEmpty(stop)) continue;
            tail.Append(symbol);
            if (tail.Length > stop.Length * 2) tail.Remove(0, tail.Length - stop.Length);
            if (tail.ToString().EndsWith(stop, StringComparison.Ordinal)) yield break;
        }
    }

    /// <summary>Convenience: Generate collected into one string.</summary>
    public string Continue(RecurrentState state, float[] logits, int maxChars, SamplingOptions options,
        DeterministicRandom rng, string? stop = null, CancellationToken cancellation = default)
        => string.Concat(Generate(state, logits, maxChars, options, rng, stop, cancellation));

    private static int Draw(ReadOnlySpan<float> weights, DeterministicRandom rng)
    {
        float total = 0f;
        foreach (float w in weights) total += w;
        float target = rng.NextFloat() * total;
        int last = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0f) continue;
            last = i;
            target -= weights[i];
            if (target < 0f) return i;
        }
        return last; // rounding left a sliver: take the last symbol with any weight
    }

    /// <summary>The index of the highest of <paramref name="scores"/> [V] (logits or probabilities) other than the
    /// unknown symbol's; the first one on ties.</summary>
    public static int MostLikelyKnown(ReadOnlySpan<float> scores)
    {
        int best = scores.Length > 1 ? Vocabulary.Unknown + 1 : 0;
        for (int i = best + 1; i < scores.Length; i++) if (scores[i] > scores[best]) best = i;
        return best;
    }
}
