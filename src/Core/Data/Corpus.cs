using System.Text;
using System.Text.Json.Serialization;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Data;

/// <summary>The corpus cannot be built; the message is one line meant for the user.</summary>
public sealed class CorpusException(string message) : Exception(OneLineMessage.From(message));

/// <summary>
/// All documents joined, each followed by U+001C, as a compact token stream (memory-mapped, not a string), the
/// vocabulary that encoded it, where each document ends, and what went into it.
/// </summary>
public sealed class Corpus(TokenStream tokens, Vocabulary vocabulary, long[] documentEnds, string fingerprint, CorpusSummary summary)
    : IDisposable
{
    public TokenStream Tokens => tokens;
    public Vocabulary Vocabulary => vocabulary;
    /// <summary>Token offsets just past each document's separator, ascending.</summary>
    public IReadOnlyList<long> DocumentEnds => documentEnds;
    /// <summary>The tokens' <see cref="TokenFingerprint"/>: a run resumes only on the corpus it was trained on.</summary>
    public string Fingerprint => fingerprint;
    public CorpusSummary Summary => summary;

    /// <summary>The text of tokens [start, start + count) (unknown symbols as U+FFFD): for the short parts people look at.</summary>
    public string Decode(long start, int count) =>
        string.Concat(tokens.ToArray(start, count).Select(vocabulary.Decode));

    public void Dispose() => tokens.Dispose();
}

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
    /// <summary>Characters (code points, so tokens) of the joined text, separators included.</summary>
    public long Chars { get; set; }
    public long Bytes { get; set; }
    public Dictionary<string, int> SkippedCounts { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> SkippedExamples { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Problems the user should hear about (e.g. files that are not UTF-8); capped.</summary>
    public List<string> Warnings { get; init; } = [];
    /// <summary>What the encoded-corpus cache did: reused, written, or why it was rebuilt; null without a cache.</summary>
    public string? Cache { get; set; }
    /// <summary>Seconds spent listing, reading and encoding (or checking and mapping the cache).</summary>
    public double ReadSeconds { get; set; }
    /// <summary>This run mapped the cache instead of reading the files.</summary>
    [JsonIgnore] public bool FromCache { get; set; }

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
        if (FromCache) sb.Append($", listed and mapped from the cache in {ReadSeconds:F1} s");
        else if (ReadSeconds > 0) sb.Append($", read in {ReadSeconds:F1} s ({Bytes / 1e6 / ReadSeconds:F0} MB/s)");
        foreach (var (reason, count) in SkippedCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.AppendLine();
            sb.Append($"  skipped {count} {reason}: {string.Join(", ", SkippedExamples[reason])}{(count > SkippedExamples[reason].Count ? ", ..." : "")}");
        }
        foreach (string warning in Warnings) sb.AppendLine().Append("  warning: ").Append(warning);
        if (Cache is not null) sb.AppendLine().Append("  cache: ").Append(Cache);
        return sb.ToString();
    }
}
