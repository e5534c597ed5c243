using System.Globalization;

namespace CharRnnLsp.Training.Cli;

/// <summary>
/// Reads `--name value`, `--name=value`, boolean `--flag` and positional arguments. Every option must be
/// consumed by the command; leftovers are reported as unknown, so a typo never passes silently.
/// Values bind lazily (`--name value` takes the next token when the command asks for `name`), so a command
/// reads all its options first and its positionals last.
/// </summary>
public sealed class ArgumentReader
{
    private readonly List<string> _raw;
    public ArgumentReader(IEnumerable<string> args) => _raw = args.ToList();

    private readonly HashSet<int> _rawConsumed = [];
    private readonly HashSet<string> _asked = []; // option names the command read, to tell "given twice" from "unknown"

    public IReadOnlyList<string> Positionals => RemainingPositionals();

    public bool Flag(string name)
    {
        int i = FindRaw(name, out string? inline);
        if (i < 0) return false;
        if (inline is not null)
        {
            return inline.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw new UsageException($"--{name} takes no value or true/false, got '{inline}'"),
            };
        }
        return true;
    }

    public string? String(string name)
    {
        int i = FindRaw(name, out string? inline);
        if (i < 0) return null;
        if (inline is not null) return inline;
        if (i + 1 >= _raw.Count) throw new UsageException($"--{name} needs a value");
        _rawConsumed.Add(i + 1);
        return _raw[i + 1];
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public List<string> Strings(string name)
    {
        var values = new List<string>();
        while (String(name) is { } value) values.Add(value);
        return values;
    }

    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        string? text = String(name);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw new UsageException($"--{name} must be an integer, got '{text}'");
        if (value < min || value > max)
            throw new UsageException($"--{name} must be between {min} and {max}, got {value}");
        return value;
    }

    public long Long(string name, long fallback, long min = 0)
    {
        string? text = String(name);
        if (text is null) return fallback;
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) || value < min)
            throw new UsageException($"--{name} must be an integer >= {min}, got '{text}'");
        return value;
    }

    public float Float(string name, float fallback, float min = float.MinValue, float max = float.MaxValue)
        => OptionalFloat(name, min, max) ?? fallback;

    public float? OptionalFloat(string name, float min = float.MinValue, float max = float.MaxValue)
    {
        string? text = String(name);
        if (text is null) return null;
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
            throw new UsageException($"--{name} must be a number, got '{text}'");
        if (value < min || value > max)
            throw new UsageException($"--{name} must be between {min} and {max}, got {text}");
        return value;
    }

    public TimeSpan? Duration(string name)
    {
        string? text = String(name);
        return text is null ? null : DurationParser.Parse(text, name);
    }

    public T Enum<T>(string name, T fallback) where T : struct, System.Enum
    {
        string? text = String(name);
        if (text is null) return fallback;
        if (System.Enum.TryParse(text.Replace("-", ""), ignoreCase: true, out T value) && System.Enum.IsDefined(value)) return value;
        string choices = string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw new UsageException($"--{name} must be one of {choices}, got '{text}'");
    }

    /// <summary>Throws for any option nobody asked for, and for surplus positionals.</summary>
    public void EnsureAllConsumed(int maxPositionals)
    {
        var left = RemainingPositionals();
        for (int i = 0; i < _raw.Count; i++)
        {
            if (_rawConsumed.Contains(i)) continue;
            string arg = _raw[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--") continue;
            string option = arg.Split('=')[0];
            throw new UsageException(_asked.Contains(option[2..])
                ? $"{option} is given more than once; give it once"
                : $"unknown option '{option}' (see --help)");
        }
        if (left.Count > maxPositionals)
            throw new UsageException($"unexpected argument '{left[maxPositionals]}' (see --help)");
    }

    private int FindRaw(string name, out string? inline)
    {
        inline = null;
        _asked.Add(name);
        for (int i = 0; i < _raw.Count; i++)
        {
            if (_rawConsumed.Contains(i)) continue;
            string arg = _raw[i];
            if (arg == "--") break;
            if (arg == "--" + name) { _rawConsumed.Add(i); return i; }
            if (arg.StartsWith("--" + name + "=", StringComparison.Ordinal))
            {
                _rawConsumed.Add(i);
                inline = arg[(name.Length + 3)..];
                return i;
            }
        }
        return -1;
    }

    private List<string> RemainingPositionals()
    {
        var list = new List<string>();
        bool afterDashes = false;
        for (int i = 0; i < _raw.Count; i++)
        {
            string arg = _raw[i];
            if (!afterDashes && arg == "--") { afterDashes = true; continue; }
            if (_rawConsumed.Contains(i)) continue;
            if (!afterDashes && arg.StartsWith("--", StringComparison.Ordinal)) continue;
            list.Add(arg);
        }
        return list;
    }
}
