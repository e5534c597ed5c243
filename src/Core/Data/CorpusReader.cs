using System.Diagnostics;

namespace CharRnnLsp.Core.Data;

/// <summary>
/// Builds a <see cref="Corpus"/> from one file or a directory tree: list, read on every core into a UTF-8 scratch
/// file while counting code points, choose the vocabulary, encode into a compact token file and map it. With a
/// cache directory an unchanged tree is mapped from the previous run's token file instead.
/// </summary>
public static class CorpusReader
{
    public static Corpus Read(string path, CorpusOptions? options = null, CorpusReading? reading = null)
    {
        options ??= new CorpusOptions();
        reading ??= new CorpusReading();
        var clock = Stopwatch.StartNew();
        var listing = CorpusListing.Create(path, options, reading.CacheDirectory);
        var cache = reading.CacheDirectory is { } directory ? new CorpusCache(directory) : null;
        string? why = null;
        if (cache?.TryLoad(listing, reading, out why) is { } cached)
        {
            cached.Summary.ReadSeconds = clock.Elapsed.TotalSeconds;
            return cached;
        }

        string scratchDirectory = reading.CacheDirectory ?? Path.GetTempPath();
        using var text = CorpusTextReader.Read(listing.Files, listing.Stamps.Select(s => Math.Max(s.Size, 0)).ToArray(),
            listing.Options, listing.Summary, scratchDirectory, reading.Progress);
        if (listing.Summary.FileCount == 0)
        {
            throw new CorpusException(listing.SingleFile
                ? $"corpus file is not usable text: {listing.Summary.Root} ({CorpusListing.Describe(listing.Summary)})"
                : $"no text files in {path} ({CorpusListing.Describe(listing.Summary)}); check the include/exclude globs and .gitignore files");
        }
        var vocabulary = reading.Vocabulary ?? Vocabulary.Build(text.Counts, reading.VocabularySize);
        var corpus = cache is not null
            ? cache.Write(listing, reading, vocabulary, text, why)
            : EncodeToTempFile(listing.Summary, vocabulary, text, scratchDirectory);
        corpus.Summary.ReadSeconds = clock.Elapsed.TotalSeconds;
        return corpus;
    }

    private static Corpus EncodeToTempFile(CorpusSummary summary, Vocabulary vocabulary, CorpusText text, string directory)
    {
        string path = Path.Combine(directory, $".corpus-tokens.{Guid.NewGuid():N}.tmp");
        long count;
        string fingerprint;
        try
        {
            using (var tokens = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                (count, fingerprint) = CorpusEncoder.Encode(text.Scratch, vocabulary, tokens);
            // The mapping keeps the data; the name goes when the stream closes.
            var stream = new MappedTokenStream(path, 0, count, vocabulary.BytesPerToken, deleteOnClose: true);
            return new Corpus(stream, vocabulary, [.. text.DocumentEnds], fingerprint, summary);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}
