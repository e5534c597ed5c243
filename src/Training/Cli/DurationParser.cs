using System.Globalization;

namespace CharRnnLsp.Training.Cli;

/// <summary>Parses budgets such as `90`, `90s`, `15m`, `1.5h`, `1h30m` (a bare number is seconds).</summary>
public static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        string rest = text.Trim().ToLowerInvariant();
        if (double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out double bare))
            return Positive(bare, out duration);
        double seconds = 0;
        int i = 0;
        while (i < rest.Length)
        {
            int start = i;
            while (i < rest.Length && (char.IsDigit(rest[i]) || rest[i] == '.')) i++;
            if (start == i || i == rest.Length) return false;
            if (!double.TryParse(rest[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out double amount)) return false;
            seconds += amount * rest[i++] switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                _ => double.NaN,
            };
        }
        return Positive(seconds, out duration);
    }

    private static bool Positive(double seconds, out TimeSpan duration)
    {
        bool ok = seconds > 0 && double.IsFinite(seconds);
        duration = ok ? TimeSpan.FromSeconds(seconds) : default;
        return ok;
    }
}
