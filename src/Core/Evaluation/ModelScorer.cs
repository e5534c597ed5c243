using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Sampling;

namespace CharRnnLsp.Core.Evaluation;

/// <summary>Cross-entropy and greedy-completion accuracy of any next-symbol predictor over a token range.</summary>
public sealed record ScoreReport(double NatsPerChar, IReadOnlyDictionary<ProbeSite, double[]> ExactMatchRates, IReadOnlyDictionary<ProbeSite, int> ProbeCounts)
{
    public double BitsPerChar => NatsPerChar / Math.Log(2);
}

public static class ModelScorer
{
    /// <summary>Scores the RNN: one stream stepped through <paramref name="tokens"/> from a zero state; at each probe
    /// position a copy of the state continues greedily for 20 characters.</summary>
    public static ScoreReport ScoreRnn(IStepModel model, int[] tokens, List<(int Position, ProbeSite Site)> probes)
    {
        var state = new RecurrentState(model.Config);
        var logits = new float[model.Config.VocabSize];
        var probeState = new RecurrentState(model.Config);
        var probeLogits = new float[logits.Length];
        var guess = new int[CompletionProbe.Lengths[^1]];
        var tally = new ProbeTally();
        double nats = 0;
        int next = 0;
        model.Step(state, tokens[0], logits);
        for (int i = 1; i < tokens.Length; i++)
        {
            if (next < probes.Count && probes[next].Position == i)
            {
                probeState.CopyFrom(state);
                logits.AsSpan().CopyTo(probeLogits);
                for (int k = 0; k < guess.Length; k++)
                {
                    guess[k] = Sampler.MostLikelyKnown(probeLogits);
                    model.Step(probeState, guess[k], probeLogits);
                }
                tally.Add(probes[next++].Site, CompletionProbe.MatchLength(guess, tokens, i));
            }
            nats += Softmax.LogSumExp(logits) - logits[tokens[i]];
            model.Step(state, tokens[i], logits);
        }
        return tally.Report(nats / (tokens.Length - 1));
    }

    /// <summary>Scores the n-gram baseline on the same tokens and probes (the first token is not predicted, as for the RNN).</summary>
    public static ScoreReport ScoreNgram(KneserNeyModel ngram, int[] tokens, List<(int Position, ProbeSite Site)> probes)
    {
        double nats = 0;
        int window = ngram.Order - 1;
        for (int i = 1; i < tokens.Length; i++)
            nats -= Math.Log(ngram.Probability(tokens.AsSpan(Math.Max(0, i - window), i - Math.Max(0, i - window)), tokens[i]));
        var tally = new ProbeTally();
        var history = new List<int>();
        var guess = new int[CompletionProbe.Lengths[^1]];
        foreach (var (position, site) in probes)
        {
            history.Clear();
            history.AddRange(tokens.AsSpan(Math.Max(0, position - window), position - Math.Max(0, position - window)).ToArray());
            for (int k = 0; k < guess.Length; k++)
            {
                guess[k] = ngram.MostLikely(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(history));
                history.Add(guess[k]);
            }
            tally.Add(site, CompletionProbe.MatchLength(guess, tokens, position));
        }
        return tally.Report(nats / (tokens.Length - 1));
    }
}
