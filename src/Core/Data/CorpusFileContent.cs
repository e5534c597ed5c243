using System.Buffers;
using System.IO.Compression;
using System.Text;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Data;

/// <summary>One file's contribution to the corpus: its text as valid UTF-8 without BOM or U+001C (in a pooled buffer:
/// <see cref="Release"/> it once appended), or why it was skipped.</summary>
internal sealed record CorpusFileContent(CorpusFile File, byte[]? Buffer, int Length, long CodePoints, long FileBytes, string? SkipReason, string? Warning)
{
    public bool HasText => Buffer is not null;
    public ReadOnlySpan<byte> Utf8 => Buffer.AsSpan(0, Length);

    /// <summary>Gives the buffer back to the pool; the content is gone afterwards.</summary>
    public void Release()
    {
        if (Buffer is not null) ArrayPool<byte>.Shared.Return(Buffer);
    }

    private const int BinarySniffBytes = 8192;
    private static readonly UTF8Encoding LossyUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads, checks and cleans one file, counting its code points into <paramref name="counts"/>; safe to run
    /// on several files at once (each thread its own counts).</summary>
    public static CorpusFileContent Read(CorpusFile file, CorpusOptions options, CodePointCounts counts)
    {
        (byte[] Buffer, int Length)? read;
        try
        {
            using var stream = file.Path.OpenRead();
            if (stream.Length > options.MaxFileBytes) return Skipped(file, SkipReasons.TooLarge);
            read = ReadBounded(stream, IsGzip(file.RelativePath, options), options.MaxFileBytes);
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
        if (read is not var (buffer, length)) return Skipped(file, SkipReasons.TooLarge);
        string? reason = length == 0 ? SkipReasons.Empty
            : buffer.AsSpan(0, Math.Min(length, BinarySniffBytes)).Contains((byte)0) ? SkipReasons.Binary
            : null;
        int cleaned = reason is null ? CleanUtf8(ref buffer, length, options.Lossy) : -1;
        if (cleaned < 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return reason is not null ? Skipped(file, reason)
                : Skipped(file, SkipReasons.InvalidUtf8, $"{file.RelativePath} is not valid UTF-8, skipped (use lossy decoding to keep it)");
        }
        long codePoints = counts.AddUtf8(buffer.AsSpan(0, cleaned));
        return new CorpusFileContent(file, buffer, cleaned, codePoints, length, null, null);
    }

    /// <summary>Debian ships TeX and other docs as NAME.tex.gz: with ReadGzip they count as NAME.tex.</summary>
    public static bool IsGzip(string relativePath, CorpusOptions options) =>
        options.ReadGzip && relativePath.EndsWith(".gz", StringComparison.Ordinal);

    private static CorpusFileContent Skipped(CorpusFile file, string? reason, string? warning = null) =>
        new(file, null, 0, 0, 0, reason, warning);

    /// <summary>Turns the first <paramref name="length"/> bytes of <paramref name="buffer"/> into valid UTF-8 without a BOM
    /// and without U+001C (a file must not be able to forge a document boundary), in place (lossy decoding may swap in
    /// another pooled buffer); returns the new length, or -1 when the bytes are not UTF-8 and lossy is off.</summary>
    private static int CleanUtf8(ref byte[] buffer, int length, bool lossy)
    {
        int start = buffer.AsSpan(0, length).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        if (!System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(start, length - start)))
        {
            if (!lossy) return -1;
            byte[] repaired = Encoding.UTF8.GetBytes(LossyUtf8.GetString(buffer, start, length - start));
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(repaired.Length);
            repaired.CopyTo(buffer, 0);
            (start, length) = (0, repaired.Length);
        }
        // In UTF-8 the byte 0x1C only ever encodes U+001C.
        var span = buffer.AsSpan(start, length - start);
        if (start == 0 && !span.Contains((byte)Vocabulary.DocumentSeparatorCodePoint)) return length;
        int count = 0;
        foreach (byte b in span)
        {
            if (b != Vocabulary.DocumentSeparatorCodePoint) buffer[count++] = b;
        }
        return count;
    }

    /// <summary>Reads at most <paramref name="limit"/> (decompressed) bytes into a pooled buffer; null when there are more,
    /// e.g. a file that grew since it was measured or a gzip that inflates past the limit.</summary>
    private static (byte[] Buffer, int Length)? ReadBounded(FileStream file, bool gzip, long limit)
    {
        using var inflated = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : null;
        Stream stream = (Stream?)inflated ?? file;
        // Room for one byte more than expected tells a file that grew (or a gzip's unknown size) from one that did not.
        // One array holds a file: past Array.MaxLength it counts as too large.
        long cap = Math.Min(limit, Array.MaxLength - 1) + 1;
        int capacity = (int)Math.Min(cap, gzip ? 1 << 16 : file.Length + 1);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
        int filled = 0, read;
        while ((read = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
            if (filled > limit || filled == Array.MaxLength)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }
            if (filled == buffer.Length)
            {
                byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(cap, 2L * buffer.Length));
                buffer.AsSpan(0, filled).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
        }
        return (buffer, filled);
    }
}
