using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Training.Cli;

/// <summary>Prints the eval table (markdown, so it pastes into docs as is).</summary>
public static class EvalReport
{
    public static void Write(TextWriter output, string where, int evalChars, int ngramChars, ModelConfig config, int order,
        ScoreReport rnn, ScoreReport ngram)
    {
        string rnnName = $"{config.Cell.ToString().ToUpperInvariant()} {config.Layers}x{config.HiddenSize}";
        string ngramName = $"{order}-gram KN";
        output.WriteLine($"scored {evalChars:N0} characters of {where}; the n-gram trained on {ngramChars:N0} characters");
        output.WriteLine();
        output.WriteLine($"| metric | {rnnName} | {ngramName} |");
        output.WriteLine("| --- | ---: | ---: |");
        output.WriteLine($"| bits/char | {rnn.BitsPerChar:F3} | {ngram.BitsPerChar:F3} |");
        output.WriteLine($"| nats/char | {rnn.NatsPerChar:F3} | {ngram.NatsPerChar:F3} |");
        foreach (var site in Enum.GetValues<ProbeSite>())
        {
            if (!rnn.ProbeCounts.TryGetValue(site, out int count)) continue;
            for (int j = 0; j < CompletionProbe.Lengths.Length; j++)
                output.WriteLine($"| greedy next {CompletionProbe.Lengths[j]} chars exact, {Describe(site)} ({count} probes) | " +
                                 $"{rnn.ExactMatchRates[site][j]:P1} | {ngram.ExactMatchRates[site][j]:P1} |");
        }
    }

    private static string Describe(ProbeSite site) => site == ProbeSite.LineStart ? "at line starts" : "after identifiers";
}
