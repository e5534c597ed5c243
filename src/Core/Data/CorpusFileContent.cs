using System.IO.Compression;
using System.Text;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Data;

/// <summary>One file's contribution to the corpus: its text as valid UTF-8 without BOM or U+001C, or why it was skipped.</summary>
internal sealed record CorpusFileContent(CorpusFile File, byte[]? Utf8, long CodePoints, long FileBytes, string? SkipReason, string? Warning)
{
    private const int BinarySniffBytes = 8192;
    private static readonly UTF8Encoding LossyUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads, checks and cleans one file, counting its code points into <paramref name="counts"/>; safe to run
    /// on several files at once (each thread its own counts).</summary>
    public static CorpusFileContent Read(CorpusFile file, CorpusOptions options, CodePointCounts counts)
    {
        byte[]? bytes;
        try
        {
            using var stream = file.Path.OpenRead();
            if (stream.Length > options.MaxFileBytes) return Skipped(file, SkipReasons.TooLarge);
            bytes = ReadBounded(stream, IsGzip(file.RelativePath, options), options.MaxFileBytes);
        }
        catch (NotRegularFileException e)
        {
            // git lists a submodule or a tracked link to a folder as a path: not a file, nothing to report.
            return e.Kind == FileKind.Directory ? Skipped(file, null) : Skipped(file, SkipReasons.ForKind(e.Kind));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Skipped(file, SkipReasons.Unreadable); // a dangling symlink, or deleted since listed
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or InvalidDataException)
        {
            return Skipped(file, SkipReasons.Unreadable, $"{file.RelativePath} cannot be read, skipped ({e.Message})");
        }
        if (bytes is null) return Skipped(file, SkipReasons.TooLarge);
        if (bytes.Length == 0) return Skipped(file, SkipReasons.Empty);
        if (bytes.AsSpan(0, Math.Min(bytes.Length, BinarySniffBytes)).Contains((byte)0)) return Skipped(file, SkipReasons.Binary);
        byte[]? utf8 = CleanUtf8(bytes, options.Lossy);
        if (utf8 is null)
            return Skipped(file, SkipReasons.InvalidUtf8, $"{file.RelativePath} is not valid UTF-8, skipped (use lossy decoding to keep it)");
        long codePoints = counts.AddUtf8(utf8);
        return new CorpusFileContent(file, utf8, codePoints, bytes.Length, null, null);
    }

    /// <summary>Debian ships TeX and other docs as NAME.tex.gz: with ReadGzip they count as NAME.tex.</summary>
    public static bool IsGzip(string relativePath, CorpusOptions options) =>
        options.ReadGzip && relativePath.EndsWith(".gz", StringComparison.Ordinal);

    private static CorpusFileContent Skipped(CorpusFile file, string? reason, string? warning = null) =>
        new(file, null, 0, 0, reason, warning);

    /// <summary>Valid UTF-8 without a BOM and without U+001C (a file must not be able to forge a document boundary);
    /// null when invalid and not lossy.</summary>
    private static byte[]? CleanUtf8(byte[] bytes, bool lossy)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            if (!lossy) return null;
            span = Encoding.UTF8.GetBytes(LossyUtf8.GetString(span));
        }
        // In UTF-8 the byte 0x1C only ever encodes U+001C.
        if (!span.Contains((byte)Vocabulary.DocumentSeparatorCodePoint)) return span.Length == bytes.Length ? bytes : span.ToArray();
        var cleaned = new byte[span.Length];
        int count = 0;
        foreach (byte b in span)
        {
            if (b != Vocabulary.DocumentSeparatorCodePoint) cleaned[count++] = b;
        }
        return cleaned[..count];
    }

    /// <summary>Reads at most <paramref name="limit"/> (decompressed) bytes; null when there are more,
    /// e.g. a file that grew since it was measured or a gzip that inflates past the limit.</summary>
    private static byte[]? ReadBounded(FileStream file, bool gzip, long limit)
    {
        using var inflated = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : null;
        Stream stream = (Stream?)inflated ?? file;
        if (!gzip && file.Length <= limit)
        {
            // The common case: one read into an array of the file's size, then a check that nothing follows.
            var exact = new byte[file.Length];
            int filled = 0, read;
            while (filled < exact.Length && (read = stream.Read(exact, filled, exact.Length - filled)) > 0) filled += read;
            if (filled < exact.Length) return exact[..filled];
            int next = stream.ReadByte();
            return next < 0 ? exact : ReadRest(stream, [.. exact, (byte)next], limit);
        }
        return ReadRest(stream, [], limit);
    }

    private static byte[]? ReadRest(Stream stream, byte[] already, long limit)
    {
        // Rare path (gzip, a growing file): copy in chunks up to the limit.
        if (already.Length > limit) return null;
        var buffer = new MemoryStream();
        buffer.Write(already);
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
