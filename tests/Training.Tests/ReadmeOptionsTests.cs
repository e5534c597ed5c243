using System.Text.RegularExpressions;
using Xunit;

namespace CharRnnLsp.Training.Tests;

/// <summary>
/// The README's option lists cannot drift from the declarations: for each verb, every option `--help` prints
/// is in the README with the same default, and every option the README lists for that verb exists.
/// A default is `[default: X]` in the help, or the `(default: X)` its description gives when the value
/// depends on something else; flags have none (the README may say "off").
/// </summary>
public partial class ReadmeOptionsTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("sample")]
    [InlineData("eval")]
    [InlineData("vis")]
    public void TheReadmeListsEveryOptionOfTheVerbWithItsDefault(string verb)
    {
        var (code, help, stderr) = CliRunner.Run(verb, "--help");
        Assert.True(code == 0, stderr);
        var declared = HelpOptions(help);
        var documented = ReadmeOptions(File.ReadAllText(Path.Combine(CliRunner.RepoRoot, "README.md")), verb);
        Assert.NotEmpty(declared);

        Assert.Empty(declared.Keys.Except(documented.Keys).Select(name => $"{name} is in `{verb} --help` but not in the README"));
        Assert.Empty(documented.Keys.Except(declared.Keys).Select(name => $"the README lists {name} for {verb}, which has no such option"));
        foreach (var (name, (fallback, isFlag)) in declared)
        {
            string readme = documented[name];
            bool same = readme == (fallback ?? "") || (isFlag && readme == "off");
            Assert.True(same, $"{verb} {name}: --help says the default is '{fallback}', the README says '{readme}'");
        }
    }

    /// <summary>Option name to (default or null, whether it takes no value), from the Options section.</summary>
    private static Dictionary<string, (string? Default, bool IsFlag)> HelpOptions(string help)
    {
        var rows = new List<string>();
        foreach (string line in help.Split('\n').SkipWhile(l => !l.StartsWith("Options:")).Skip(1).TakeWhile(l => l.Trim().Length > 0))
        {
            if (line.TrimStart().StartsWith('-')) rows.Add(line.Trim());
            else rows[^1] += " " + line.Trim(); // a wrapped description
        }
        var options = new Dictionary<string, (string?, bool)>();
        foreach (string row in rows)
        {
            var m = HelpRow().Match(row);
            string name = m.Groups["names"].Value.Split(", ").Last();
            if (name is "--help" or "--version") continue;
            string rest = m.Groups["rest"].Value;
            var fallback = DeclaredDefault().Match(rest) is { Success: true } d ? d.Groups[1].Value
                : DescribedDefault().Match(rest) is { Success: true } e ? e.Groups[1].Value : null;
            options[name] = (fallback, !m.Groups["value"].Success);
        }
        return options;
    }

    /// <summary>Option name to the README's default: train's table, or the paragraph that starts with the verb.</summary>
    private static Dictionary<string, string> ReadmeOptions(string readme, string verb)
    {
        var options = new Dictionary<string, string>();
        if (verb == "train")
        {
            string section = readme[readme.IndexOf("## `charrnn-train`", StringComparison.Ordinal)..];
            foreach (string row in section.Split('\n').SkipWhile(l => !l.StartsWith("| option")).Skip(2).TakeWhile(l => l.StartsWith('|')))
            {
                string[] cells = TableCells().Split(row.Trim().Trim('|')).Select(c => c.Trim()).ToArray();
                string[] names = Mention().Matches(cells[0]).Select(m => m.Groups["name"].Value).ToArray();
                string[] defaults = cells[1].Replace("`", "").Split(", ");
                for (int i = 0; i < names.Length; i++) options[names[i]] = defaults.Length == names.Length ? defaults[i] : defaults[0];
            }
        }
        else
        {
            string paragraph = readme[readme.IndexOf($"`charrnn-train {verb} ", StringComparison.Ordinal)..].Split("\n\n")[0];
            foreach (Match m in Mention().Matches(paragraph)) options[m.Groups["name"].Value] = m.Groups["default"].Value;
        }
        return options;
    }

    [GeneratedRegex(@"^(?<names>(?:-[-\w?]+(?:, )?)+)(?<value> <[^>]+>)?\s+(?<rest>.*)$")]
    private static partial Regex HelpRow();

    [GeneratedRegex(@"\[default: (.*)\]$")]
    private static partial Regex DeclaredDefault();

    [GeneratedRegex(@"default: ([^)]*)\)")]
    private static partial Regex DescribedDefault();

    // `--name VALUE`, optionally followed by "(DEFAULT)" in prose (a line break may come between).
    [GeneratedRegex(@"`(?<name>--[a-z0-9-]+)[^`]*`(?:\s+\((?<default>[^)]*)\))?")]
    private static partial Regex Mention();

    // Cells split on | that is not escaped as \|.
    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex TableCells();
}
