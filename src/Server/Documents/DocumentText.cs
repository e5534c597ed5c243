namespace CharRnnLsp.Server.Documents;

/// <summary>
/// The immutable text of an open document, held as chunks of at most <see cref="MaxChunk"/> UTF-16 characters with
/// running totals of characters and line breaks per chunk. An edit re-cuts only the chunks it touches and copies the
/// chunk table, so a keystroke in a 5 MB document costs microseconds instead of a 10 MB string copy; snapshots share
/// their untouched chunks. Line lookups are a binary search over the table plus a scan of one chunk.
/// </summary>
public sealed class DocumentText
{
    /// <summary>Chunks are cut to about this many characters.</summary>
    public const int TargetChunk = 8 * 1024;
    /// <summary>A chunk that an edit grows past this is cut again.</summary>
    public const int MaxChunk = 2 * TargetChunk;
    /// <summary>An edit that leaves a chunk shorter than this merges it with its neighbour.</summary>
    private const int MinChunk = TargetChunk / 4;

    private readonly string[] _chunks;       // [C], none empty
    private readonly int[] _chunkStart;      // [C+1] offset of each chunk's first character; [C] = Length
    private readonly int[] _breaksBefore;    // [C+1] '\n' count before each chunk; [C] = all of them

    private DocumentText(string[] chunks, int[] chunkStart, int[] breaksBefore)
    {
        _chunks = chunks;
        _chunkStart = chunkStart;
        _breaksBefore = breaksBefore;
    }

    public static DocumentText From(string text)
    {
        var chunks = Cut(text).ToArray();
        var (chunkStart, breaksBefore) = (new int[chunks.Length + 1], new int[chunks.Length + 1]);
        Total(chunks, chunkStart, breaksBefore, 0, chunks.Length);
        return new DocumentText(chunks, chunkStart, breaksBefore);
    }

    public int Length => _chunkStart[^1];

    /// <summary>Lines are separated by '\n' (a "\r\n" line ends with '\r', which callers strip).</summary>
    public int LineCount => _breaksBefore[^1] + 1;

    /// <summary>Bytes of the chunk table, the part of an edit's allocation that grows with the document.</summary>
    public long TableBytes => _chunks.Length * (long)(IntPtr.Size + 2 * sizeof(int));

    public char this[int offset]
    {
        get
        {
            if ((uint)offset >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(offset));
            int c = ChunkAt(offset);
            return _chunks[c][offset - _chunkStart[c]];
        }
    }

    public string Slice(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > Length) throw new ArgumentOutOfRangeException(nameof(start));
        if (length == 0) return "";
        int c = ChunkAt(start);
        int within = start - _chunkStart[c];
        if (within + length <= _chunks[c].Length) return _chunks[c].Substring(within, length);
        return string.Create(length, (Text: this, Start: start), static (destination, state) =>
        {
            foreach (var piece in state.Text.Spans(state.Start, destination.Length))
            {
                piece.Span.CopyTo(destination);
                destination = destination[piece.Length..];
            }
        });
    }

    public override string ToString() => Slice(0, Length);

    /// <summary>text[start .. start + length) as the pieces of the chunks it spans, in order, without copying.</summary>
    public IEnumerable<ReadOnlyMemory<char>> Spans(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > Length) throw new ArgumentOutOfRangeException(nameof(start));
        for (int c = length == 0 ? 0 : ChunkAt(start); length > 0; c++)
        {
            var piece = _chunks[c].AsMemory(start - _chunkStart[c]);
            if (piece.Length > length) piece = piece[..length];
            yield return piece;
            start += piece.Length;
            length -= piece.Length;
        }
    }

    /// <summary>The text with [start, end) replaced by <paramref name="inserted"/>. Offsets are clamped to the text.</summary>
    public DocumentText Replace(int start, int end, string inserted)
    {
        start = Math.Clamp(start, 0, Length);
        end = Math.Clamp(end, start, Length);
        if (_chunks.Length == 0) return From(inserted);
        int first = ChunkAt(start), last = ChunkAt(end);
        string merged = string.Concat(_chunks[first].AsSpan(0, start - _chunkStart[first]), inserted,
            _chunks[last].AsSpan(end - _chunkStart[last]));
        if (merged.Length < MinChunk && last + 1 < _chunks.Length) merged += _chunks[++last];
        else if (merged.Length < MinChunk && first > 0) merged = _chunks[--first] + merged;
        var replacement = Cut(merged);
        int kept = _chunks.Length - last - 1, after = first + replacement.Count; // chunks after the edit, and where they go
        var chunks = new string[after + kept];
        var (chunkStart, breaksBefore) = (new int[chunks.Length + 1], new int[chunks.Length + 1]);
        _chunks.AsSpan(0, first).CopyTo(chunks);
        _chunkStart.AsSpan(0, first + 1).CopyTo(chunkStart);
        _breaksBefore.AsSpan(0, first + 1).CopyTo(breaksBefore);
        replacement.CopyTo(chunks, first);
        _chunks.AsSpan(last + 1).CopyTo(chunks.AsSpan(after));
        Total(chunks, chunkStart, breaksBefore, first, after);
        // The chunks after the edit keep their totals, shifted by what the edit added.
        int lengthShift = chunkStart[after] - _chunkStart[last + 1], breakShift = breaksBefore[after] - _breaksBefore[last + 1];
        for (int c = 1; c <= kept; c++)
        {
            chunkStart[after + c] = _chunkStart[last + 1 + c] + lengthShift;
            breaksBefore[after + c] = _breaksBefore[last + 1 + c] + breakShift;
        }
        return new DocumentText(chunks, chunkStart, breaksBefore);
    }

    /// <summary>Offset where line <paramref name="line"/> starts, or -1 past the last line.</summary>
    public int LineStart(int line)
    {
        if (line <= 0) return 0;
        if (line >= LineCount) return -1;
        // The chunk holding the line-th '\n': the last chunk with fewer than `line` breaks before it.
        int c = LastIndexBelow(_breaksBefore, line);
        var chunk = _chunks[c].AsSpan();
        int at = 0;
        for (int remaining = line - _breaksBefore[c]; remaining > 0; remaining--)
            at += chunk[at..].IndexOf('\n') + 1;
        return _chunkStart[c] + at;
    }

    /// <summary>The line that <paramref name="offset"/> lies on (the count of '\n' before it).</summary>
    public int LineOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Length);
        if (offset == 0) return 0;
        int c = ChunkAt(offset - 1);
        return _breaksBefore[c] + _chunks[c].AsSpan(0, offset - _chunkStart[c]).Count('\n');
    }

    /// <summary>End of the content of the line starting at <paramref name="lineStart"/>, before "\n" or "\r\n".</summary>
    public int LineContentEnd(int lineStart)
    {
        int next = LineStart(LineOf(lineStart) + 1);
        int end = next < 0 ? Length : next - 1;
        if (end > lineStart && this[end - 1] == '\r') end--;
        return end;
    }

    /// <summary>How many leading characters this text shares with <paramref name="other"/>.</summary>
    public int CommonPrefixLength(string other)
    {
        int shared = 0;
        foreach (string chunk in _chunks)
        {
            int common = chunk.AsSpan().CommonPrefixLength(other.AsSpan(shared));
            shared += common;
            if (common < chunk.Length) break;
        }
        return shared;
    }

    /// <summary>Index of the chunk holding character <paramref name="offset"/>; the end of the text belongs to the last.</summary>
    private int ChunkAt(int offset) => Math.Max(0, Math.Min(LastIndexBelow(_chunkStart, offset + 1), _chunks.Length - 1));

    /// <summary>The last index i with values[i] &lt; bound, in an ascending array whose first value is below it.</summary>
    private static int LastIndexBelow(int[] values, int bound)
    {
        int found = Array.BinarySearch(values, bound);
        // On a hit, equal values may repeat (empty ranges): step back to the first of them.
        if (found >= 0) { while (found > 0 && values[found - 1] == bound) found--; return found - 1; }
        return ~found - 1;
    }

    /// <summary>Fills the running totals after chunks[from..to) from those of the chunks before.</summary>
    private static void Total(string[] chunks, int[] chunkStart, int[] breaksBefore, int from, int to)
    {
        for (int c = from; c < to; c++)
        {
            chunkStart[c + 1] = chunkStart[c] + chunks[c].Length;
            breaksBefore[c + 1] = breaksBefore[c] + chunks[c].AsSpan().Count('\n');
        }
    }

    /// <summary>Cuts text into chunks of about TargetChunk characters, never between the halves of a surrogate pair,
    /// so each chunk of well-formed text is well-formed and <see cref="Spans"/> can be read rune by rune.</summary>
    private static List<string> Cut(string text)
    {
        var chunks = new List<string>(text.Length / TargetChunk + 1);
        if (text.Length <= MaxChunk)
        {
            if (text.Length > 0) chunks.Add(text);
            return chunks;
        }
        for (int at = 0; at < text.Length;)
        {
            int length = Math.Min(TargetChunk, text.Length - at);
            if (text.Length - at - length < MinChunk) length = text.Length - at; // no runt at the end
            if (at + length < text.Length && char.IsHighSurrogate(text[at + length - 1])) length++;
            chunks.Add(text.Substring(at, length));
            at += length;
        }
        return chunks;
    }
}
