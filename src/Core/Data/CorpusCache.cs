using System.Buffers.Binary;
using System.Text.Json;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Data;

/// <summary>
/// The encoded corpus kept between runs in one folder: <c>tokens</c> (a 32-byte header, then the tokens) and
/// <c>manifest.json</c> (<see cref="CorpusManifest"/>). Both are replaced atomically, tokens first; a manifest
/// whose generation is not the token file's, an unreadable or other-version manifest, changed options or
/// changed files each make <see cref="TryLoad"/> say why and the corpus be read again. Never stale, never a crash.
/// </summary>
public sealed class CorpusCache(string directory)
{
    private const int HeaderBytes = 32;
    private static readonly byte[] Magic = "CRNNTOK1"u8.ToArray();

    public string TokensPath => Path.Combine(directory, "tokens");
    public string ManifestPath => Path.Combine(directory, "manifest.json");

    /// <summary>The cached corpus when it was made from exactly these files and options; else null and why not
    /// (null too when there is no cache yet).</summary>
    internal Corpus? TryLoad(CorpusListing listing, CorpusReading reading, out string? whyNot)
    {
        whyNot = null;
        if (!File.Exists(ManifestPath)) return null;
        CorpusManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<CorpusManifest>(File.ReadAllBytes(ManifestPath), CorpusManifest.Json); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            whyNot = $"{ManifestPath} is unreadable ({FirstLine(e.Message)}); read the corpus again";
            return null;
        }
        whyNot = Mismatch(manifest, listing, reading);
        if (whyNot is not null) return null;
        try
        {
            if (ReadGeneration() != manifest!.Generation)
            {
                whyNot = $"{TokensPath} does not belong to {ManifestPath} (an interrupted write?); read the corpus again";
                return null;
            }
            var tokens = new MappedTokenStream(TokensPath, HeaderBytes, manifest.TokenCount, manifest.BytesPerToken);
            var vocabulary = Vocabulary.FromCodePoints(manifest.Vocabulary);
            var summary = manifest.Summary;
            summary.FromCache = true;
            summary.Cache = $"reused {directory} (unchanged since it was written; --no-cache reads the files again)";
            return new Corpus(tokens, vocabulary, manifest.DocumentEnds, manifest.Fingerprint, summary);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            whyNot = $"{TokensPath} is unusable ({FirstLine(e.Message)}); read the corpus again";
            return null;
        }
    }

    /// <summary>Encodes <paramref name="text"/> into the cache (replacing what was there) and maps it.</summary>
    internal Corpus Write(CorpusListing listing, CorpusReading reading, Vocabulary vocabulary, CorpusText text, string? whyRebuilt)
    {
        string generation = Guid.NewGuid().ToString("N");
        long count = 0;
        string fingerprint = "";
        AtomicFile.Write(TokensPath, stream =>
        {
            stream.Write(HeaderOf(generation));
            (count, fingerprint) = CorpusEncoder.Encode(text.Scratch, vocabulary, stream);
        });
        var summary = listing.Summary;
        summary.Cache = whyRebuilt is null ? $"wrote {directory}" : $"rewrote {directory}: {whyRebuilt}";
        var manifest = new CorpusManifest
        {
            FormatVersion = CorpusManifest.CurrentFormatVersion,
            Generation = generation,
            Key = CorpusManifest.KeyOf(listing),
            BuiltVocabularySize = reading.Vocabulary is null ? reading.VocabularySize : null,
            Vocabulary = [.. vocabulary.CodePoints],
            BytesPerToken = vocabulary.BytesPerToken,
            TokenCount = count,
            Fingerprint = fingerprint,
            DocumentEnds = [.. text.DocumentEnds],
            Files = CorpusManifest.FilesOf(listing),
            Summary = summary,
        };
        AtomicFile.Write(ManifestPath, stream => JsonSerializer.Serialize(stream, manifest, CorpusManifest.Json));
        var tokens = new MappedTokenStream(TokensPath, HeaderBytes, count, vocabulary.BytesPerToken);
        return new Corpus(tokens, vocabulary, manifest.DocumentEnds, fingerprint, summary);
    }

    private string? Mismatch(CorpusManifest? manifest, CorpusListing listing, CorpusReading reading)
    {
        if (manifest is null) return $"{ManifestPath} is empty; read the corpus again";
        if (manifest.FormatVersion != CorpusManifest.CurrentFormatVersion)
            return $"{ManifestPath} has format version {manifest.FormatVersion}, this program reads {CorpusManifest.CurrentFormatVersion}; read the corpus again";
        if (manifest.Key != CorpusManifest.KeyOf(listing)) return "the corpus path or its options changed; read the corpus again";
        bool vocabularyMatches = reading.Vocabulary is { } wanted
            ? manifest.Vocabulary.AsSpan().SequenceEqual([.. wanted.CodePoints])
            : manifest.BuiltVocabularySize == reading.VocabularySize;
        if (!vocabularyMatches) return "the vocabulary differs from the cached one; read the corpus again";
        return CorpusManifest.Difference(manifest.Files, CorpusManifest.FilesOf(listing)) is { } changed
            ? $"files changed: {changed}; read the corpus again"
            : null;
    }

    private static byte[] HeaderOf(string generation)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        Guid.ParseExact(generation, "N").TryWriteBytes(header.AsSpan(8, 16));
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), HeaderBytes);
        return header;
    }

    private string? ReadGeneration()
    {
        if (!File.Exists(TokensPath)) return null;
        var header = new byte[HeaderBytes];
        using (var stream = File.OpenRead(TokensPath))
        {
            if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes) return null;
        }
        return header.AsSpan(0, 8).SequenceEqual(Magic) ? new Guid(header.AsSpan(8, 16)).ToString("N") : null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0];
}
