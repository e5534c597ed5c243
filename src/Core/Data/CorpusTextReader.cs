using System.Diagnostics;

namespace CharRnnLsp.Core.Data;

/// <summary>The joined UTF-8 text of a corpus in a scratch file, with its code point counts and document ends.</summary>
internal sealed class CorpusText(FileStream scratch, CodePointCounts counts, List<long> documentEnds) : IDisposable
{
    /// <summary>Every document's UTF-8 followed by U+001C; deleted when disposed.</summary>
    public FileStream Scratch => scratch;
    public CodePointCounts Counts => counts;
    /// <summary>Code point offsets just past each document's separator.</summary>
    public List<long> DocumentEnds => documentEnds;

    public void Dispose() => scratch.Dispose();
}

/// <summary>
/// Reads the listed files on every core, a batch at a time, and appends them in list order, so the corpus is
/// the same whatever the thread count and memory holds one batch of files, not the tree.
/// </summary>
internal static class CorpusTextReader
{
    // Batches end at whichever comes first: few batches keep the reader threads from waiting (and spinning) at
    // each batch's end, the byte bound keeps memory to one batch of files.
    private const int MaxFilesPerBatch = 2048;
    private const long MaxBytesPerBatch = 16L << 20;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="sizes">Each file's size on disk, for progress.</param>
    public static CorpusText Read(IReadOnlyList<CorpusFile> files, IReadOnlyList<long> sizes, CorpusOptions options, CorpusSummary summary,
        string scratchDirectory, IProgress<CorpusReadingProgress>? progress)
    {
        Directory.CreateDirectory(scratchDirectory);
        string scratchPath = Path.Combine(scratchDirectory, $".corpus-text.{Guid.NewGuid():N}.tmp");
        var scratch = new FileStream(scratchPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, 1 << 20, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows()) File.Delete(scratchPath); // the open stream keeps it; a killed process leaves nothing
        try
        {
            var counts = new CodePointCounts();
            var documentEnds = new List<long>();
            using var perThread = new ThreadLocal<CodePointCounts>(() => new CodePointCounts(), trackAllValues: true);
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            long bytesDone = 0, chars = 0, totalBytes = sizes.Sum();
            var capped = new CodePointCounts(); // counted by a reader thread, then left out by the size cap
            var batch = new CorpusFileContent[MaxFilesPerBatch];
            for (int first = 0, count; first < files.Count; first += count)
            {
                count = BatchLength(sizes, first);
                Parallel.For(0, count, i => batch[i] = CorpusFileContent.Read(files[first + i], options, perThread.Value!));
                for (int i = 0; i < count; i++)
                {
                    var content = batch[i];
                    batch[i] = null!;
                    bytesDone += sizes[first + i];
                    bool appended = Append(content, options, summary, scratch);
                    if (appended)
                    {
                        chars += content.CodePoints + 1;
                        documentEnds.Add(chars);
                    }
                    else if (content.HasText) capped.AddUtf8(content.Utf8);
                    content.Release();
                }
                if (progress is not null && clock.Elapsed - lastReport >= ProgressInterval)
                {
                    lastReport = clock.Elapsed;
                    progress.Report(new CorpusReadingProgress(first + count, files.Count, bytesDone, totalBytes, clock.Elapsed, false));
                }
            }
            foreach (var threadCounts in perThread.Values) counts.AddAll(threadCounts);
            counts.AddAll(capped, sign: -1);
            counts.Add(Vocabulary.DocumentSeparatorCodePoint, documentEnds.Count);
            summary.Chars = chars;
            progress?.Report(new CorpusReadingProgress(files.Count, files.Count, bytesDone, totalBytes, clock.Elapsed, true));
            scratch.Flush();
            return new CorpusText(scratch, counts, documentEnds);
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    private static int BatchLength(IReadOnlyList<long> sizes, int first)
    {
        int count = 0;
        long bytes = 0;
        while (first + count < sizes.Count && count < MaxFilesPerBatch && (count == 0 || bytes + sizes[first + count] <= MaxBytesPerBatch))
            bytes += sizes[first + count++];
        return count;
    }

    /// <summary>Adds the file to the scratch text and the summary, or records why not; true when it was added.</summary>
    private static bool Append(CorpusFileContent content, CorpusOptions options, CorpusSummary summary, FileStream scratch)
    {
        string path = content.File.RelativePath;
        if (content.Warning is not null) summary.Warn(content.Warning);
        if (!content.HasText)
        {
            if (content.SkipReason is not null) summary.Skip(content.SkipReason, path);
            return false;
        }
        if (summary.Bytes + content.FileBytes > options.MaxTotalBytes)
        {
            summary.Skip(SkipReasons.TotalCap, path);
            return false;
        }
        scratch.Write(content.Utf8);
        scratch.WriteByte(Vocabulary.DocumentSeparatorCodePoint);
        summary.FileCount++;
        summary.Bytes += content.FileBytes;
        return true;
    }
}
