using System.IO.Compression;
using System.Text;
using CharRnnLsp.Core.Files;
using Microsoft.Extensions.FileSystemGlobbing;

namespace CharRnnLsp.Core.Data;

/// <summary>Builds a <see cref="Corpus"/> from one file or a directory tree.</summary>
public static class CorpusReader
{
    private const int BinarySniffBytes = 8192;
    /// <summary>A .NET string holds at most about 1.07e9 chars and UTF-8 never has fewer bytes than UTF-16 chars,
    /// so capping bytes here keeps the joined text (plus separators) within one string.</summary>
    public const long MaxCorpusBytes = 1_000_000_000;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding LossyUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static Corpus Read(string path, CorpusOptions? options = null)
    {
        options ??= new CorpusOptions();
        string full = Path.GetFullPath(path);
        switch (KindOfCorpusPath(full, path))
        {
            case FileKind.Regular: return ReadSingleFile(full, options);
            case FileKind.Missing: throw new CorpusException($"corpus path does not exist: {path}");
            case FileKind.Directory: break;
            case var kind: throw new CorpusException($"corpus path {path} is {kind.Describe()}, not a regular file or a folder");
        }

        List<CorpusFile>? listed = options.UseGit ? CorpusFileLister.TryListWithGit(full) : null;
        var summary = new CorpusSummary { Root = full, Source = listed is null ? "walk" : "git" };
        List<CorpusFile> candidates = listed ?? CorpusFileLister.Walk(full, options.UseGitIgnore, summary);
        if (candidates.Count == 0 && summary.SkippedTotal == 0)
            throw new CorpusException($"corpus folder is empty: {path}");

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(options.Includes);
        matcher.AddExcludePatterns(options.Excludes);

        var text = new StringBuilder();
        foreach (var file in candidates)
        {
            if (!matcher.Match(PathForGlobs(file.RelativePath, options)).HasMatches)
            {
                summary.Skip(SkipReasons.FilteredOut, file.RelativePath);
                continue;
            }
            AppendFile(file, options, summary, text);
        }
        if (summary.FileCount == 0)
            throw new CorpusException($"no text files in {path} ({Describe(summary)}); check the include/exclude globs and .gitignore files");
        summary.Chars = text.Length;
        return new Corpus(text.ToString(), summary);
    }

    private static Corpus ReadSingleFile(string full, CorpusOptions options)
    {
        var summary = new CorpusSummary { Root = full, Source = "file" };
        var text = new StringBuilder();
        // The per-file limit guards trees against generated blobs; a file named on its own is wanted whole
        // (tinyshakespeare.txt is just over 1 MiB), so only the total caps apply.
        var wanted = options with { MaxFileBytes = Math.Min(options.MaxTotalBytes, MaxCorpusBytes) };
        AppendFile(new CorpusFile(Path.GetFileName(full), DiskPath.Of(full)), wanted, summary, text);
        if (summary.FileCount == 0) throw new CorpusException($"corpus file is not usable text: {full} ({Describe(summary)})");
        summary.Chars = text.Length;
        return new Corpus(text.ToString(), summary);
    }

    private static void AppendFile(CorpusFile file, CorpusOptions options, CorpusSummary summary, StringBuilder text)
    {
        byte[]? bytes;
        try
        {
            using var stream = file.Path.OpenRead();
            if (stream.Length > options.MaxFileBytes) { summary.Skip(SkipReasons.TooLarge, file.RelativePath); return; }
            bytes = ReadBounded(stream, IsGzip(file.RelativePath, options), options.MaxFileBytes);
        }
        catch (NotRegularFileException e)
        {
            // git lists a submodule or a tracked link to a folder as a path: not a file, nothing to report.
            if (e.Kind != FileKind.Directory) summary.Skip(SkipReasons.ForKind(e.Kind), file.RelativePath);
            return;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            summary.Skip(SkipReasons.Unreadable, file.RelativePath); // a dangling symlink, or deleted since listed
            return;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or InvalidDataException)
        {
            summary.Skip(SkipReasons.Unreadable, file.RelativePath);
            summary.Warn($"{file.RelativePath} cannot be read, skipped ({e.Message})");
            return;
        }
        if (bytes is null) { summary.Skip(SkipReasons.TooLarge, file.RelativePath); return; }
        if (summary.Bytes + bytes.Length > Math.Min(options.MaxTotalBytes, MaxCorpusBytes)) { summary.Skip(SkipReasons.TotalCap, file.RelativePath); return; }
        if (bytes.Length == 0) { summary.Skip(SkipReasons.Empty, file.RelativePath); return; }
        if (bytes.AsSpan(0, Math.Min(bytes.Length, BinarySniffBytes)).Contains((byte)0))
        {
            summary.Skip(SkipReasons.Binary, file.RelativePath);
            return;
        }
        string? decoded = Decode(bytes, options.Lossy);
        if (decoded is null)
        {
            summary.Skip(SkipReasons.InvalidUtf8, file.RelativePath);
            summary.Warn($"{file.RelativePath} is not valid UTF-8, skipped (use lossy decoding to keep it)");
            return;
        }
        // U+001C marks document boundaries; a file must not be able to forge one.
        text.Append(decoded.Replace(((char)Vocabulary.DocumentSeparatorCodePoint).ToString(), ""));
        text.Append((char)Vocabulary.DocumentSeparatorCodePoint);
        summary.FileCount++;
        summary.Bytes += bytes.Length;
    }

    /// <summary>Debian ships TeX and other docs as NAME.tex.gz: with ReadGzip they count as NAME.tex.</summary>
    private static bool IsGzip(string relativePath, CorpusOptions options) =>
        options.ReadGzip && relativePath.EndsWith(".gz", StringComparison.Ordinal);

    private static string PathForGlobs(string relativePath, CorpusOptions options) =>
        IsGzip(relativePath, options) ? relativePath[..^3] : relativePath;

    /// <summary>Reads at most <paramref name="limit"/> (decompressed) bytes; null when there are more,
    /// e.g. a file that grew since it was measured or a gzip that inflates past the limit.</summary>
    private static byte[]? ReadBounded(FileStream file, bool gzip, long limit)
    {
        using var inflated = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : null;
        Stream stream = (Stream?)inflated ?? file;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The corpus path's type; an error examining it (a symlink loop, no permission) is a corpus error.</summary>
    private static FileKind KindOfCorpusPath(string full, string path)
    {
        try { return RegularFile.KindOf(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusException($"cannot examine corpus path {path}: {e.Message}");
        }
    }

    private static string? Decode(byte[] bytes, bool lossy)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        if (lossy) return LossyUtf8.GetString(span);
        try { return StrictUtf8.GetString(span); }
        catch (DecoderFallbackException) { return null; }
    }

    private static string Describe(CorpusSummary summary) =>
        summary.SkippedTotal == 0
            ? "nothing matched"
            : "skipped " + string.Join(", ", summary.SkippedCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
}
