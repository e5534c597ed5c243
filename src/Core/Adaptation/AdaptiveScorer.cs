using System.Diagnostics;
using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Adaptation;

/// <summary>An adaptive configuration's score, and how fast it read the text (decoding at the probes excluded).</summary>
public sealed record AdaptiveScore(ScoreReport Report, double CharsPerSecond, int Divergences);

/// <summary>
/// Scores an <see cref="AdaptivePredictor"/> the way <see cref="ModelScorer"/> scores the static model: reading
/// the tokens once from the first, and at each probe position decoding a continuation of
/// CompletionProbe.Lengths[^1] tokens from a branch, compared with what really follows.
/// </summary>
public static class AdaptiveScorer
{
    public static AdaptiveScore Score(CharModel trained, AdaptivePredictorOptions options, KneserNeyModel? ngram,
        int[] tokens, List<(int Position, ProbeSite Site)> probes, DecodingOptions decoding, ulong seed = 1,
        Action<string>? log = null)
    {
        using var predictor = new AdaptivePredictor(trained, options, ngram);
        if (log != null && predictor.Adapter != null) predictor.Adapter.Diverged += log;
        var random = new Common.DeterministicRandom(seed);
        var tally = new ProbeTally();
        var clock = new Stopwatch();
        double nats = 0;
        predictor.Start(tokens[0]);
        int read = 1;
        foreach (var (position, site) in probes.Where(p => p.Position >= 1))
        {
            clock.Start();
            nats += predictor.Observe(tokens.AsSpan(read, position - read));
            clock.Stop();
            read = position;
            int[] guess = ContinuationDecoder.Decode(predictor.Branch(), decoding with { MaxTokens = CompletionProbe.Lengths[^1] }, random);
            tally.Add(site, CompletionProbe.MatchLength(guess, tokens, position));
        }
        clock.Start();
        nats += predictor.Observe(tokens.AsSpan(read));
        clock.Stop();
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        return new AdaptiveScore(tally.Report(nats / (tokens.Length - 1)), (tokens.Length - 1) / seconds, predictor.Adapter?.Divergences ?? 0);
    }
}
