using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CharRnnLsp.Training.Cli;

/// <summary>
/// Declares an option in one statement: name, default, description and validation. The default is what
/// `--help` prints as `[default: X]` and what an absent option binds to, so it is stated nowhere else.
/// Bad values become one-line parse errors that name the option (see <see cref="ParseErrors"/>).
/// </summary>
public static class Declare
{
    public static Option<int> Int(string name, int fallback, string description, int min = int.MinValue, int max = int.MaxValue, string helpName = "N")
        => WithDefault(Parsed(name, helpName, description, text => ParseInt(name, text, min, max)), fallback);

    /// <summary>An integer with no default of its own (its absence means something, said in the description).</summary>
    public static Option<int?> OptionalInt(string name, string description, int min, int max, string helpName = "N")
        => Parsed(name, helpName, description, text => Lift(ParseInt(name, text, min, max)));

    public static Option<long> Long(string name, long fallback, string description, long min = 0, string helpName = "N")
        => WithDefault(Parsed(name, helpName, description, text => ParseLong(name, text, min)), fallback);

    public static Option<long?> OptionalLong(string name, string description, long min = 0, string helpName = "N")
        => Parsed(name, helpName, description, text => Lift(ParseLong(name, text, min)));

    public static Option<float> Float(string name, float fallback, string description, float min = float.MinValue, float max = float.MaxValue, string helpName = "X")
        => WithDefault(Parsed(name, helpName, description, text => ParseFloat(name, text, min, max)), fallback);

    public static Option<float?> OptionalFloat(string name, string description, float min, float max, string helpName = "X")
        => Parsed(name, helpName, description, text => Lift(ParseFloat(name, text, min, max)));

    public static Option<string> Text(string name, string fallback, string description, string helpName)
        => WithDefault(new Option<string>(name) { Description = description, HelpName = helpName }, fallback);

    public static Option<string?> OptionalText(string name, string description, string helpName)
        => new(name) { Description = description, HelpName = helpName };

    /// <summary>Given any number of times (`--include a --include b`); one value per occurrence.</summary>
    public static Option<List<string>> Repeated(string name, string description, string helpName)
        => new(name) { Description = description, HelpName = helpName, AllowMultipleArgumentsPerToken = false };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>One of an enum's members, written (and shown as the default) in lower case; completions offer them.</summary>
    public static Option<Choice<T>> Choice<T>(string name, T fallback, string description) where T : struct, Enum
    {
        string[] names = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        var option = Parsed(name, string.Join('|', names), description, text =>
            Enum.TryParse(text.Replace("-", ""), ignoreCase: true, out T value) && Enum.IsDefined(value)
                ? (new Choice<T>(value), null) : (default(Choice<T>), $"{name} must be one of {string.Join(", ", names)}, got '{text}'"));
        option.CompletionSources.Add(names);
        return WithDefault(option, new Choice<T>(fallback));
    }

    /// <summary>A wall-clock budget such as `90`, `90s`, `15m`, `1h30m` (<see cref="DurationParser"/>).</summary>
    public static Option<TimeSpan?> Duration(string name, string description)
        => Parsed(name, "DURATION", description, text => DurationParser.TryParse(text, out var value)
            ? ((TimeSpan?)value, (string?)null) : (null, $"{name} must be a duration like 90s, 15m or 1h30m, got '{text}'"));

    private static Option<T> WithDefault<T>(Option<T> option, T fallback)
    {
        option.DefaultValueFactory = _ => fallback;
        return option;
    }

    /// <summary>An option whose last token goes through <paramref name="parse"/>; a returned error becomes the
    /// option's parse error. (An option given twice is caught before this, see ParseErrors.)</summary>
    private static Option<T> Parsed<T>(string name, string helpName, string description, Func<string, (T Value, string? Error)> parse)
        => new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                var (value, error) = parse(result.Tokens[^1].Value);
                if (error is not null) result.AddError(error);
                return value;
            },
        };

    private static (T? Value, string? Error) Lift<T>((T Value, string? Error) parsed) where T : struct => (parsed.Value, parsed.Error);

    private static (int, string?) ParseInt(string name, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            return (0, $"{name} must be an integer, got '{text}'");
        return value < min || value > max ? (0, $"{name} must be between {min} and {max}, got {value}") : (value, null);
    }

    private static (long, string?) ParseLong(string name, string text, long min)
        => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value >= min
            ? (value, null) : (0, $"{name} must be an integer >= {min}, got '{text}'");

    private static (float, string?) ParseFloat(string name, string text, float min, float max)
    {
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
            return (0, $"{name} must be a number, got '{text}'");
        return value < min || value > max ? (0, $"{name} must be between {min} and {max}, got {text}") : (value, null);
    }
}

/// <summary>An enum value that prints in lower case, as the command line spells it (--help shows defaults by ToString).</summary>
public readonly record struct Choice<T>(T Value) where T : struct, Enum
{
    public override string ToString() => Value.ToString().ToLowerInvariant();
    public static implicit operator T(Choice<T> choice) => choice.Value;
}
