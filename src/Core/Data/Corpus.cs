using System.Text;
using System.Text.Json.Serialization;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Data;

/// <summary>The corpus cannot be built; the message is one line meant for the user.</summary>
public sealed class CorpusException(string message) : Exception(OneLineMessage.From(message));

/// <summary>All documents joined, each followed by U+001C, and what went into it.</summary>
public sealed record Corpus(string Text, CorpusSummary Summary);

/// <summary>Why a file was left out of the corpus.</summary>
internal static class SkipReasons
{
    public const string FilteredOut = "filtered-out";
    /// <summary>Matched a .gitignore rule on a walk outside git (a folder counts once).</summary>
    public const string GitIgnored = "gitignored";
    public const string Binary = "binary";
    public const string InvalidUtf8 = "invalid-utf8";
    public const string TooLarge = "too-large";
    public const string TotalCap = "total-size-cap";
    public const string Unreadable = "unreadable";
    public const string Empty = "empty";
    /// <summary>A folder reached again through a symlink: a loop, or a second route to a folder already read.</summary>
    public const string SymlinkRevisit = "symlink-revisit";
    /// <summary>Not a regular file, so never opened: opening a FIFO waits for a writer, a device can read forever.</summary>
    public const string Fifo = "fifo";
    public const string Socket = "socket";
    public const string Device = "device";
    public const string NotRegular = "not-regular-file";

    public static string ForKind(FileKind kind) => kind switch
    {
        FileKind.Fifo => Fifo,
        FileKind.Socket => Socket,
        FileKind.CharacterDevice or FileKind.BlockDevice => Device,
        _ => NotRegular,
    };
}

/// <summary>What a corpus holds and what was skipped; goes into checkpoint metadata as JSON.</summary>
public sealed class CorpusSummary
{
    public const int ExamplesPerReason = 5;
    public const int MaxWarnings = 20;

    public required string Root { get; init; }
    /// <summary>"git" (git ls-files), "walk" (own .gitignore handling) or "file".</summary>
    public required string Source { get; init; }
    public int FileCount { get; set; }
    /// <summary>UTF-16 length of the joined text, separators included.</summary>
    public long Chars { get; set; }
    public long Bytes { get; set; }
    public Dictionary<string, int> SkippedCounts { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> SkippedExamples { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Problems the user should hear about (e.g. files that are not UTF-8); capped.</summary>
    public List<string> Warnings { get; init; } = [];

    [JsonIgnore] public int SkippedTotal => SkippedCounts.Values.Sum();

    internal void Skip(string reason, string relativePath)
    {
        SkippedCounts[reason] = SkippedCounts.GetValueOrDefault(reason) + 1;
        if (!SkippedExamples.TryGetValue(reason, out var examples)) SkippedExamples[reason] = examples = [];
        if (examples.Count < ExamplesPerReason) examples.Add(relativePath);
    }

    internal void Warn(string message)
    {
        if (Warnings.Count < MaxWarnings) Warnings.Add(message);
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append($"corpus {Root} ({Source}): {FileCount} files, {Chars} chars, {Bytes} bytes");
        foreach (var (reason, count) in SkippedCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.AppendLine();
            sb.Append($"  skipped {count} {reason}: {string.Join(", ", SkippedExamples[reason])}{(count > SkippedExamples[reason].Count ? ", ..." : "")}");
        }
        foreach (string warning in Warnings) sb.AppendLine().Append("  warning: ").Append(warning);
        return sb.ToString();
    }
}
