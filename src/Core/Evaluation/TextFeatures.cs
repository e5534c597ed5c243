namespace CharRnnLsp.Core.Evaluation;

/// <summary>
/// Simple per-character properties of source text that interpretable cells are known to track
/// (Karpathy 2015; Karpathy, Johnson, Fei-Fei 2016). Each array is [N], one value per character,
/// describing the state just after reading that character.
/// </summary>
public sealed class TextFeatures
{
    public static readonly string[] Names =
        ["inside string", "inside comment", "inside string or comment", "bracket depth", "indentation", "position in line", "inside LaTeX environment"];

    /// <summary>[feature][N], features in the order of <see cref="Names"/>.</summary>
    public float[][] Values { get; }

    private TextFeatures(float[][] values) => Values = values;

    public static TextFeatures Compute(ReadOnlySpan<int> codePoints)
    {
        int n = codePoints.Length;
        var f = Enumerable.Range(0, Names.Length).Select(_ => new float[n]).ToArray();
        int quote = 0, depth = 0, column = 0, indent = 0, environments = 0;
        bool lineComment = false, blockComment = false, atIndent = true;
        for (int i = 0; i < n; i++)
        {
            int c = codePoints[i], prev = i > 0 ? codePoints[i - 1] : '\n', next = i + 1 < n ? codePoints[i + 1] : 0;
            bool escaped = prev == '\\' && (i < 2 || codePoints[i - 2] != '\\');
            bool wasString = quote != 0, wasBlockComment = blockComment; // closing delimiters count as inside
            if (c == '\n')
            {
                lineComment = false;
                quote = 0; // strings do not span lines in the languages we look at
                column = 0; indent = 0; atIndent = true;
            }
            else
            {
                column++;
                if (atIndent && (c == ' ' || c == '\t')) indent += c == '\t' ? 8 : 1; else atIndent = false;
                if (quote != 0) { if (c == quote && !escaped) quote = 0; }
                else if (blockComment) { if (c == '/' && prev == '*') blockComment = false; }
                else if (!lineComment)
                {
                    if (c == '/' && next == '/') lineComment = true;
                    else if (c == '/' && next == '*') blockComment = true;
                    else if (c == '%' && !escaped) lineComment = true;                // LaTeX
                    else if (c == '#' && next == ' ' && column == indent + 1) lineComment = true; // Python, shell
                    else if (c == '"' || (c == '\'' && !IsLetter(prev))) quote = c;   // an apostrophe in prose is no quote
                    else if (c is '(' or '[' or '{') depth++;
                    else if (c is ')' or ']' or '}') depth = Math.Max(0, depth - 1);
                    if (c == '\\' && Matches(codePoints, i, "\\begin{")) environments++;
                    if (c == '\\' && Matches(codePoints, i, "\\end{")) environments = Math.Max(0, environments - 1);
                }
            }
            bool inString = quote != 0 || (wasString && c != '\n');
            bool inComment = lineComment || blockComment || wasBlockComment;
            f[0][i] = inString ? 1 : 0;
            f[1][i] = inComment ? 1 : 0;
            f[2][i] = inString || inComment ? 1 : 0;
            f[3][i] = depth;
            f[4][i] = indent;
            f[5][i] = column;
            f[6][i] = environments;
        }
        return new TextFeatures(f);
    }

    private static bool IsLetter(int c) => c < 0x10000 && char.IsLetter((char)c);

    private static bool Matches(ReadOnlySpan<int> text, int at, string word)
    {
        if (at + word.Length > text.Length) return false;
        for (int k = 0; k < word.Length; k++) if (text[at + k] != word[k]) return false;
        return true;
    }
}
