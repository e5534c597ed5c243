using System.Text.RegularExpressions;

namespace CharRnnLsp.Core.Data;

/// <summary>
/// The .gitignore files met on a walk outside git: each applies to paths below its own folder,
/// deeper files and later lines win, '!' re-includes. Covers globs (* ? [..] **), '/' anchoring
/// and trailing '/' (folders only); not git's global excludes or .git/info/exclude.
/// </summary>
internal sealed class GitIgnoreRules
{
    private sealed record Rule(string BaseDir, Regex Pattern, bool Negated, bool DirectoryOnly, string Where)
    {
        public int Ignored;
    }

    private readonly List<Rule> _rules = [];
    private readonly bool _enabled;

    /// <param name="enabled">False ignores nothing, whatever files are added.</param>
    public GitIgnoreRules(bool enabled = true) => _enabled = enabled;

    /// <summary>Adds the lines of the .gitignore found in <paramref name="baseDir"/> (relative, "" for root, '/'-separated).</summary>
    public void AddFile(string baseDir, IEnumerable<string> lines)
    {
        if (!_enabled) return;
        string file = baseDir.Length == 0 ? ".gitignore" : baseDir + "/.gitignore";
        int lineNumber = 0;
        foreach (string raw in lines)
        {
            lineNumber++;
            if (TryParse(raw, baseDir, $"{file} line {lineNumber} '{raw.Trim()}'") is { } rule) _rules.Add(rule);
        }
    }

    /// <summary>The rule that ignored the most paths so far, as "FILE line N 'RULE'", with that count; null when none did.</summary>
    public (string Rule, int Ignored)? MostUsed =>
        _rules.Where(r => r.Ignored > 0).MaxBy(r => r.Ignored) is { } rule ? (rule.Where, rule.Ignored) : null;

    /// <summary>True when the last rule matching <paramref name="relativePath"/> ignores it.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        Rule? decided = null;
        foreach (var rule in _rules)
        {
            if (rule.DirectoryOnly && !isDirectory) continue;
            string local;
            if (rule.BaseDir.Length == 0) local = relativePath;
            else if (relativePath.StartsWith(rule.BaseDir + "/", StringComparison.Ordinal)) local = relativePath[(rule.BaseDir.Length + 1)..];
            else continue;
            if (rule.Pattern.IsMatch(local)) decided = rule;
        }
        if (decided is null || decided.Negated) return false;
        decided.Ignored++;
        return true;
    }

    private static Rule? TryParse(string raw, string baseDir, string where)
    {
        string line = raw.TrimEnd('\r');
        // Trailing spaces are ignored unless escaped with a backslash.
        while (line.EndsWith(' ') && !line.EndsWith("\\ ")) line = line[..^1];
        if (line.Length == 0 || line.StartsWith('#')) return null;
        bool negated = false;
        if (line.StartsWith('!')) { negated = true; line = line[1..]; }
        else if (line.StartsWith("\\!") || line.StartsWith("\\#")) line = line[1..];
        bool directoryOnly = line.EndsWith('/');
        if (directoryOnly) line = line.TrimEnd('/');
        if (line.Length == 0) return null;
        // A slash anywhere but the end ties the pattern to this .gitignore's folder; else it matches a name at any depth.
        bool anchored = line.Contains('/');
        line = line.TrimStart('/');
        string body = Glob.ToRegex(line);
        string regex = anchored ? $"^{body}$" : $"^(?:.*/)?{body}$";
        return new Rule(baseDir, new Regex(regex, RegexOptions.CultureInvariant), negated, directoryOnly, where);
    }
}
