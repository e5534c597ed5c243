namespace CharRnnLsp.Server.Completion.Shaping;

/// <summary>
/// Counts bracket depth line by line the way the language's lexer sees it: brackets inside string literals
/// (with backslash escapes) and inside comments do not count (see <see cref="LexicalSyntax"/>). Feed lines in
/// order; literals and line comments end at a line break, block comments carry over.
/// </summary>
public sealed class BracketScanner(LexicalSyntax syntax)
{
    private const string Openers = "([{";
    private const string Closers = ")]}";
    private bool _inBlockComment;

    public BracketScanner() : this(LexicalSyntax.CFamily) { }

    /// <summary>Net change in bracket depth over one line (openers minus closers, outside literals and comments).</summary>
    public int Feed(string line)
    {
        int delta = 0;
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (_inBlockComment)
            {
                string close = syntax.BlockComment!.Value.Close;
                if (At(line, i, close)) { _inBlockComment = false; i += close.Length - 1; }
            }
            else if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (c == quote) quote = '\0';
            }
            else if (c == '\\' && syntax.BackslashEscapes) i++; // \% \{ \( are text in TeX
            else if (StartsLineComment(line, i)) break;
            else if (syntax.BlockComment is { } block && At(line, i, block.Open)) { _inBlockComment = true; i += block.Open.Length - 1; }
            else if (syntax.Quotes.Contains(c) && !IsApostropheInWord(line, i)) quote = c;
            else if (Openers.Contains(c)) delta++;
            else if (Closers.Contains(c)) delta--;
        }
        return delta;
    }

    private bool StartsLineComment(string line, int i)
    {
        foreach (string opener in syntax.LineComments)
            if (At(line, i, opener)) return true;
        return false;
    }

    private static bool At(string line, int i, string token) => string.CompareOrdinal(line, i, token, 0, token.Length) == 0;

    /// <summary>An apostrophe between letters (don't, it's) in prose or comments-as-text is not a quote.</summary>
    private static bool IsApostropheInWord(string line, int i) =>
        line[i] == '\'' && i > 0 && i + 1 < line.Length && char.IsLetter(line[i - 1]) && char.IsLetter(line[i + 1]);
}
