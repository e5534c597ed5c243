namespace CharRnnLsp.Server.Suggestions;

/// <summary>
/// Counts bracket depth line by line the way a C-family lexer sees it: brackets inside string and character
/// literals ("..." '...' `...`, with backslash escapes) and inside comments (// to the end of the line,
/// /* ... */ across lines) do not count. Feed lines in order; literals and line comments end at a line break.
/// </summary>
public sealed class BracketScanner
{
    private const string Openers = "([{";
    private const string Closers = ")]}";
    private bool _inBlockComment;

    /// <summary>Net change in bracket depth over one line (openers minus closers, outside literals and comments).</summary>
    public int Feed(string line)
    {
        int delta = 0;
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            char next = i + 1 < line.Length ? line[i + 1] : '\0';
            if (_inBlockComment)
            {
                if (c == '*' && next == '/') { _inBlockComment = false; i++; }
            }
            else if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (c == quote) quote = '\0';
            }
            else if (c == '/' && next == '/') break;
            else if (c == '/' && next == '*') { _inBlockComment = true; i++; }
            else if (c is '"' or '\'' or '`' && !IsApostropheInWord(line, i)) quote = c;
            else if (Openers.Contains(c)) delta++;
            else if (Closers.Contains(c)) delta--;
        }
        return delta;
    }

    /// <summary>An apostrophe between letters (don't, it's) in prose or comments-as-text is not a quote.</summary>
    private static bool IsApostropheInWord(string line, int i) =>
        line[i] == '\'' && i > 0 && i + 1 < line.Length && char.IsLetter(line[i - 1]) && char.IsLetter(line[i + 1]);
}
