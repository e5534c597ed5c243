using System.Text.Json;
using System.Text.Json.Serialization;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Data;

/// <summary>One file the cached corpus was built from (every file the globs accepted, read or skipped).</summary>
public sealed record CachedFile(string Path, long Size, long Modified);

/// <summary>
/// What a cached token file was made from and holds: the format version, the files with their sizes and
/// modification times, the options that shape the corpus, the vocabulary, the document ends and the summary.
/// <see cref="Generation"/> is also written in the token file's header, so a manifest never vouches for
/// another write's tokens.
/// </summary>
public sealed record CorpusManifest
{
    public const int CurrentFormatVersion = 1;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int FormatVersion { get; init; }
    public required string Generation { get; init; }
    /// <summary>The corpus root and the options that shape the corpus, as one string that must match exactly.</summary>
    public required string Key { get; init; }
    /// <summary>The size the vocabulary was built with; null when it was given (a checkpoint's).</summary>
    public int? BuiltVocabularySize { get; init; }
    public required int[] Vocabulary { get; init; }
    public required int BytesPerToken { get; init; }
    public required long TokenCount { get; init; }
    public required string Fingerprint { get; init; }
    public required long[] DocumentEnds { get; init; }
    public required CachedFile[] Files { get; init; }
    public required CorpusSummary Summary { get; init; }

    internal static string KeyOf(CorpusListing listing) =>
        $"{listing.Summary.Root}|{listing.Summary.Source}|{JsonSerializer.Serialize(listing.Options, Json)}";

    internal static CachedFile[] FilesOf(CorpusListing listing) =>
        listing.Files.Select((f, i) => new CachedFile(f.RelativePath, listing.Stamps[i].Size, listing.Stamps[i].ModifiedNanoseconds)).ToArray();

    /// <summary>Why the files listed now differ from the cached ones ("3 changed, 1 added"); null when they match.</summary>
    internal static string? Difference(IReadOnlyList<CachedFile> cached, IReadOnlyList<CachedFile> now)
    {
        var before = new Dictionary<string, CachedFile>(StringComparer.Ordinal);
        foreach (var file in cached) before[file.Path] = file;
        int changed = 0, added = 0, example = -1;
        for (int i = 0; i < now.Count; i++)
        {
            if (!before.Remove(now[i].Path, out var old)) added++;
            else if (old != now[i]) changed++;
            else continue;
            if (example < 0) example = i;
        }
        int removed = before.Count;
        if (changed + added + removed == 0) return null;
        var parts = new List<string>();
        if (changed > 0) parts.Add($"{changed} changed");
        if (added > 0) parts.Add($"{added} added");
        if (removed > 0) parts.Add($"{removed} removed");
        string first = example >= 0 ? now[example].Path : before.Keys.First();
        return $"{string.Join(", ", parts)} since it was written (e.g. {first})";
    }
}
