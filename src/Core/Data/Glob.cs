using System.Text;
using System.Text.RegularExpressions;

namespace CharRnnLsp.Core.Data;

/// <summary>Globs over '/'-separated relative paths, as .gitignore files and the corpus filters write them.</summary>
internal static class Glob
{
    /// <summary>The regular expression (without anchors) of a glob: '*' and '?' stay within a folder, '**' spans
    /// folders ("**/" at the start or after '/' also matches no folder), [..] and [!..] are sets, '\' escapes.</summary>
    public static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool atStart = i == 0 || glob[i - 1] == '/';
                bool slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                bool atEnd = i + 2 == glob.Length;
                if (atStart && slashAfter) { sb.Append("(?:.*/)?"); i += 2; }
                else if (atStart && atEnd) { sb.Append(".*"); i += 1; }
                else { sb.Append("[^/]*"); i += 1; }
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '\\' && i + 1 < glob.Length) sb.Append(Regex.Escape(glob[++i].ToString()));
            else if (c == '[' && glob.IndexOf(']', i + 2) is int close and > 0)
            {
                string set = glob[(i + 1)..close];
                if (set.StartsWith('!')) set = "^" + set[1..];
                sb.Append('[').Append(set.Replace("\\", "\\\\")).Append(']');
                i = close;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
