using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Training;

/// <summary>One column of the eval table: a predictor's score, and its reading speed where it adapts.</summary>
public sealed record EvalColumn(string Name, ScoreReport Report, double? CharsPerSecond = null);

/// <summary>
/// The adaptive columns of `eval`: dynamic evaluation, the document cache and the match model each beside the
/// static model, everything combined, and everything plus the corpus n-gram, all scored on the same text and
/// probes. With <see cref="CompareDecoding"/>, the combined system once more for each decoding mode.
/// </summary>
public sealed record AdaptiveEvaluation(DynamicEvaluationOptions Dynamic, int CacheOrder, int MatchMinLength, float MixerLearningRate,
    DecodingOptions Decoding, bool CompareDecoding)
{
    public List<EvalColumn> Run(CharModel model, KneserNeyModel ngram, int[] tokens, List<(int Position, ProbeSite Site)> probes, TextWriter log)
    {
        var configurations = new List<(string Name, AdaptivePredictorOptions Options, KneserNeyModel? Ngram)>
        {
            ("dynamic", new(Dynamic, 0, 0, MixerLearningRate), null),
            ("+ cache", new(null, CacheOrder, 0, MixerLearningRate), null),
            ("+ match", new(null, 0, MatchMinLength, MixerLearningRate), null),
            ("all", new(Dynamic, CacheOrder, MatchMinLength, MixerLearningRate), null),
            ($"all + {ngram.Order}-gram", new(Dynamic, CacheOrder, MatchMinLength, MixerLearningRate), ngram),
        };
        var columns = new List<EvalColumn>();
        foreach (var (name, options, withNgram) in configurations)
            columns.Add(Score(name, options, withNgram, model, tokens, probes, Decoding, log));
        if (!CompareDecoding) return columns;
        var all = configurations[3].Options;
        foreach (var mode in new[] { DecodingMode.Greedy, DecodingMode.Beam, DecodingMode.Sample })
            columns.Add(Score($"all, {Describe(mode)}", all, null, model, tokens, probes, Decoding with { Mode = mode }, log));
        return columns;
    }

    private string Describe(DecodingMode mode) => mode switch
    {
        DecodingMode.Beam => $"beam {Decoding.BeamWidth}",
        DecodingMode.Sample => $"sample T={Decoding.Temperature:G2}",
        _ => "greedy",
    };

    private static EvalColumn Score(string name, AdaptivePredictorOptions options, KneserNeyModel? ngram, CharModel model,
        int[] tokens, List<(int Position, ProbeSite Site)> probes, DecodingOptions decoding, TextWriter log)
    {
        var score = AdaptiveScorer.Score(model, options, ngram, tokens, probes, decoding, log: line => log.WriteLine($"{name}: {line}"));
        return new EvalColumn(name, score.Report, score.CharsPerSecond);
    }
}
