namespace CharRnnLsp.Core.Evaluation;

/// <summary>Where an editor would ask for a completion: at the start of a line, or right after an identifier.</summary>
public enum ProbeSite { LineStart, AfterIdentifier }

/// <summary>
/// The completion metric: at chosen positions of real text, does a model's greedy continuation reproduce the
/// next k characters exactly? Positions are spread evenly over the text so long files do not dominate.
/// </summary>
public static class CompletionProbe
{
    public static readonly int[] Lengths = [1, 5, 10, 20];

    /// <summary>Up to <paramref name="perSite"/> positions of each site in <paramref name="text"/> (indices of the
    /// first character to predict), each leaving at least 20 characters after it.</summary>
    public static List<(int Position, ProbeSite Site)> ChoosePositions(ReadOnlySpan<int> codePoints, int perSite)
    {
        var lineStarts = new List<int>();
        var afterIdentifiers = new List<int>();
        int last = codePoints.Length - Lengths[^1];
        for (int i = 1; i < last; i++)
        {
            if (codePoints[i - 1] == '\n' && codePoints[i] != '\n') lineStarts.Add(i);
            else if (IsIdentifierChar(codePoints[i - 1]) && !IsIdentifierChar(codePoints[i])) afterIdentifiers.Add(i);
        }
        var chosen = Spread(lineStarts, perSite).Select(p => (p, ProbeSite.LineStart))
            .Concat(Spread(afterIdentifiers, perSite).Select(p => (p, ProbeSite.AfterIdentifier)))
            .OrderBy(p => p.Item1).ToList();
        return chosen;
    }

    /// <summary>Length of the common prefix of <paramref name="guess"/> and the real text at <paramref name="position"/>.</summary>
    public static int MatchLength(ReadOnlySpan<int> guess, ReadOnlySpan<int> tokens, int position)
    {
        int n = 0;
        while (n < guess.Length && position + n < tokens.Length && guess[n] == tokens[position + n]) n++;
        return n;
    }

    private static bool IsIdentifierChar(int c) => c < 0x80 && (c == '_' || char.IsAsciiLetterOrDigit((char)c));

    private static IEnumerable<int> Spread(List<int> positions, int count)
    {
        if (positions.Count <= count) return positions;
        return Enumerable.Range(0, count).Select(i => positions[(int)((long)i * positions.Count / count)]);
    }
}
