namespace CharRnnLsp.Server.Completion.Shaping;

/// <summary>
/// Turns a raw sampled continuation into a ghost-text suggestion, following the rules editors' AI agents use:
/// one line when the cursor is mid-line; at the end of a line, several lines cut at the end of the current
/// indentation block or where the brackets opened on the cursor's line balance; nothing when the suggestion
/// only repeats the text after the cursor; and a range over auto-closed brackets the suggestion already types.
/// </summary>
public static class InlineSuggestionShaper
{
    private const string Closers = ")]}";
    private const string AutoClosed = ")]}\"'`;";

    public static ShapedSuggestion? Shape(string raw, CursorSurroundings around)
    {
        string text = raw.Replace("\r\n", "\n");
        string suffix = around.LineSuffix.TrimEnd();
        bool midLine = suffix.Length > 0;
        text = midLine || !around.MultilineAllowed ? FirstLine(text) : CutToBlock(text, around.LinePrefix, around.Syntax ?? LexicalSyntax.CFamily);
        text = text.TrimEnd();
        if (text.Trim().Length == 0) return null;

        int replaced = 0;
        if (midLine && suffix.All(c => AutoClosed.Contains(c) || char.IsWhiteSpace(c)) && ContainsInOrder(text, suffix))
            replaced = suffix.Length;

        if (RepeatsFollowingText(text, around.TextAfterCursor)) return null;
        return new ShapedSuggestion(text, replaced);
    }

    public static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline];
    }

    /// <summary>Multi-line cut: keep lines while they stay inside the block the cursor is in.</summary>
    public static string CutToBlock(string text, string linePrefix, LexicalSyntax syntax)
    {
        string[] lines = text.Split('\n');
        int baseIndent = IndentWidth(linePrefix);
        var brackets = new BracketScanner(syntax);
        int depth = Math.Max(0, brackets.Feed(linePrefix));
        bool prefixOpened = depth > 0;
        depth += brackets.Feed(lines[0]);
        if (prefixOpened && depth <= 0) return lines[0]; // the cursor line's brackets closed on the same line
        bool opensBlock = depth > 0 || (linePrefix + lines[0]).TrimEnd().EndsWith(':');
        var kept = new List<string> { lines[0] };
        bool wasOpen = depth > 0;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0) { kept.Add(line); continue; }
            int indent = IndentWidth(line);
            if (indent < baseIndent) break;
            if (opensBlock && indent <= baseIndent)
            {
                if (Closers.Contains(line.TrimStart()[0])) kept.Add(line); // the line closing the block belongs to it
                break;
            }
            kept.Add(line);
            depth += brackets.Feed(line);
            if (wasOpen && depth <= 0) break; // brackets balance: the construct is complete
            wasOpen |= depth > 0;
        }
        return string.Join('\n', kept).TrimEnd();
    }

    /// <summary>True when accepting would only retype what already follows the cursor.</summary>
    public static bool RepeatsFollowingText(string suggestion, string textAfterCursor)
    {
        string wanted = suggestion.Trim();
        if (wanted.Length == 0) return true;
        return textAfterCursor.StartsWith(suggestion, StringComparison.Ordinal)
               || textAfterCursor.TrimStart().StartsWith(wanted, StringComparison.Ordinal);
    }

    public static int IndentWidth(string line)
    {
        int width = 0;
        foreach (char c in line)
        {
            if (c == ' ') width++;
            else if (c == '\t') width += 4;
            else break;
        }
        return width;
    }

    private static bool ContainsInOrder(string text, string wanted)
    {
        int at = 0;
        foreach (char c in wanted)
        {
            if (char.IsWhiteSpace(c)) continue;
            int found = text.IndexOf(c, at);
            if (found < 0) return false;
            at = found + 1;
        }
        return true;
    }
}
