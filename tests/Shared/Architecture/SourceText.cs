using System.Text;

namespace CharRnnLsp.Tests.Architecture;

/// <summary>C# source reduced to its code: comments and the contents of string and character literals become
/// spaces, so a namespace named in a comment or a message is not mistaken for a reference.</summary>
public static class SourceText
{
    public static string CodeOnly(string source)
    {
        var code = new StringBuilder(source.Length);
        int i = 0;
        while (i < source.Length)
        {
            int end = LiteralOrCommentEnd(source, i);
            if (end == i) { code.Append(source[i++]); continue; }
            // Keep line breaks so that nothing on different lines runs together.
            foreach (char c in source.AsSpan(i, end - i)) code.Append(c == '\n' ? '\n' : ' ');
            i = end;
        }
        return code.ToString();
    }

    /// <summary>The end of the comment or literal starting at <paramref name="i"/>, or i when none starts there.</summary>
    private static int LiteralOrCommentEnd(string s, int i)
    {
        if (At(s, i, "//")) return IndexAfter(s, "\n", i);
        if (At(s, i, "/*")) return IndexAfter(s, "*/", i + 2);
        if (At(s, i, "\"\"\"")) return IndexAfter(s, "\"\"\"", i + 3); // raw string literal
        if (At(s, i, "@\"")) return VerbatimEnd(s, i + 2);
        if (s[i] == '"') return EscapedEnd(s, i + 1, '"');
        if (s[i] == '\'') return EscapedEnd(s, i + 1, '\'');
        return i;
    }

    private static bool At(string s, int i, string token) => string.CompareOrdinal(s, i, token, 0, token.Length) == 0;

    private static int IndexAfter(string s, string token, int from)
    {
        int found = s.IndexOf(token, from, StringComparison.Ordinal);
        return found < 0 ? s.Length : found + token.Length;
    }

    private static int VerbatimEnd(string s, int i)
    {
        while (i < s.Length)
        {
            if (s[i] == '"' && i + 1 < s.Length && s[i + 1] == '"') { i += 2; continue; }
            if (s[i] == '"') return i + 1;
            i++;
        }
        return s.Length;
    }

    private static int EscapedEnd(string s, int i, char quote)
    {
        while (i < s.Length && s[i] != quote && s[i] != '\n') i += s[i] == '\\' ? 2 : 1;
        return Math.Min(s.Length, i + 1);
    }
}
