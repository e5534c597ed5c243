using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Training.Cli;

/// <summary>Prints the eval table (markdown, so it pastes into docs as is).</summary>
public static class EvalReport
{
    /// <summary>The static model first, the n-gram last, adaptive columns between (each with its reading speed).</summary>
    public static void Write(TextWriter output, string where, int evalChars, int ngramChars, ModelConfig config, int order,
        ScoreReport rnn, ScoreReport ngram, IReadOnlyList<EvalColumn> adaptive)
    {
        string rnnName = $"{config.Cell.ToString().ToUpperInvariant()} {config.Layers}x{config.HiddenSize}";
        var columns = new List<EvalColumn> { new(rnnName, rnn) };
        columns.AddRange(adaptive);
        columns.Add(new($"{order}-gram KN", ngram));
        output.WriteLine($"scored {evalChars:N0} characters of {where}; the n-gram trained on {ngramChars:N0} characters");
        output.WriteLine();
        output.WriteLine($"| metric | {string.Join(" | ", columns.Select(c => c.Name))} |");
        output.WriteLine($"| --- |{string.Concat(columns.Select(_ => " ---: |"))}");
        Row("bits/char", c => $"{c.Report.BitsPerChar:F3}");
        Row("nats/char", c => $"{c.Report.NatsPerChar:F3}");
        foreach (var site in Enum.GetValues<ProbeSite>())
        {
            if (!rnn.ProbeCounts.TryGetValue(site, out int count)) continue;
            for (int j = 0; j < CompletionProbe.Lengths.Length; j++)
                Row($"greedy next {CompletionProbe.Lengths[j]} chars exact, {Describe(site)} ({count} probes)",
                    c => $"{c.Report.ExactMatchRates[site][j]:P1}");
        }
        if (adaptive.Count > 0) Row("reading speed, chars/s (1 thread)", c => c.CharsPerSecond is { } speed ? $"{speed:N0}" : "");

        void Row(string metric, Func<EvalColumn, string> cell)
            => output.WriteLine($"| {metric} | {string.Join(" | ", columns.Select(cell))} |");
    }

    private static string Describe(ProbeSite site) => site == ProbeSite.LineStart ? "at line starts" : "after identifiers";
}
