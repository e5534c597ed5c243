namespace CharRnnLsp.Server.Handlers;

public static class Markdown
{
    /// <summary>A fenced code block whose fence is longer than any backtick run inside, so model output cannot end it.</summary>
    public static string Fenced(string code, string languageId)
    {
        int longest = 0, run = 0;
        foreach (char c in code) { run = c == '`' ? run + 1 : 0; longest = Math.Max(longest, run); }
        string fence = new('`', Math.Max(3, longest + 1));
        return $"{fence}{languageId}\n{code}\n{fence}";
    }
}
