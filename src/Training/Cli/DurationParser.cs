using System.Globalization;

namespace CharRnnLsp.Training.Cli;

/// <summary>Parses budgets such as `90`, `90s`, `15m`, `1.5h`, `1h30m` (a bare number is seconds).</summary>
public static class DurationParser
{
    public static TimeSpan Parse(string text, string optionName)
    {
        string rest = text.Trim().ToLowerInvariant();
        if (double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out double bare) && bare > 0)
            return TimeSpan.FromSeconds(bare);
        double seconds = 0;
        int i = 0;
        while (i < rest.Length)
        {
            int start = i;
            while (i < rest.Length && (char.IsDigit(rest[i]) || rest[i] == '.')) i++;
            if (start == i || i == rest.Length) return Fail(text, optionName);
            if (!double.TryParse(rest[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
                return Fail(text, optionName);
            seconds += amount * rest[i++] switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                _ => double.NaN,
            };
        }
        return seconds > 0 && double.IsFinite(seconds) ? TimeSpan.FromSeconds(seconds) : Fail(text, optionName);
    }

    private static TimeSpan Fail(string text, string optionName)
        => throw new UsageException($"--{optionName} must be a duration like 90s, 15m or 1h30m, got '{text}'");
}
