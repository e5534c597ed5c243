namespace CharRnnLsp.Core.Evaluation;

/// <summary>Counts, per site, how many probes matched at least k characters, for each k in Lengths.</summary>
internal sealed class ProbeTally
{
    private readonly Dictionary<ProbeSite, int[]> _hits = [];
    private readonly Dictionary<ProbeSite, int> _counts = [];

    public void Add(ProbeSite site, int matched)
    {
        var hits = _hits.TryGetValue(site, out var h) ? h : _hits[site] = new int[CompletionProbe.Lengths.Length];
        _counts[site] = _counts.GetValueOrDefault(site) + 1;
        for (int j = 0; j < CompletionProbe.Lengths.Length; j++) if (matched >= CompletionProbe.Lengths[j]) hits[j]++;
    }

    public ScoreReport Report(double natsPerChar) => new(natsPerChar,
        _hits.ToDictionary(kv => kv.Key, kv => kv.Value.Select(h => (double)h / _counts[kv.Key]).ToArray()),
        _counts);
}
