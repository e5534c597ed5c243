namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// The text a match model searches (as in PAQ/lpaq's MatchModel): tokens appended one by one, and a hash table
/// from each run of <see cref="MinLength"/> tokens to the position just after its latest occurrence.
/// Only the end can change: <see cref="Append"/> and <see cref="Truncate"/> (an edit at position p is a
/// truncation to p and an append of the new text after it). Entries that point past the end or whose tokens
/// changed are found out when a cursor verifies a candidate; a truncation forgets the older occurrences that
/// removed text had overwritten in the table.
/// Memory: 4 bytes per token of text plus a table of 4-byte slots, at least twice the text length (a power of 2).
/// Readers (cursors) may share one index while nobody appends.
/// </summary>
public sealed class MatchIndex
{
    private int[] _text = new int[1024];
    private int[] _table = new int[1 << 12];   // hash -> position after the run, 0 = empty (no run ends at 0)
    private int _length;

    public MatchIndex(int minLength = 6)
    {
        if (minLength is < 1 or > 64) throw new ArgumentException($"match minimum length must be in [1, 64], got {minLength}");
        MinLength = minLength;
    }

    public int MinLength { get; }
    public int Length => _length;
    public int this[int position] => _text[position];
    public ReadOnlySpan<int> Text => _text.AsSpan(0, _length);

    public void Append(int token)
    {
        if (_length == _text.Length) Array.Resize(ref _text, _text.Length * 2);
        _text[_length++] = token;
        if (_length * 2 > _table.Length) Rehash(_table.Length * 2);
        else Insert(_length);
    }

    public void Append(ReadOnlySpan<int> tokens)
    {
        foreach (int token in tokens) Append(token);
    }

    /// <summary>Keeps the first <paramref name="length"/> tokens.</summary>
    public void Truncate(int length)
    {
        if ((uint)length > (uint)_length) throw new ArgumentOutOfRangeException(nameof(length), $"cannot truncate {_length} tokens to {length}");
        _length = length;
    }

    /// <summary>The position after the latest recorded run that hashes like the last MinLength tokens of
    /// <paramref name="recent"/>, or -1. Unverified: compare the tokens before it.</summary>
    public int Candidate(ReadOnlySpan<int> recent)
    {
        if (recent.Length < MinLength) return -1;
        int position = _table[Slot(Hash(recent[^MinLength..]))];
        return position > 0 && position <= _length ? position : -1;
    }

    // Records that the run ending just before `end` (exclusive) was last seen there.
    private void Insert(int end)
    {
        if (end < MinLength) return;
        _table[Slot(Hash(_text.AsSpan(end - MinLength, MinLength)))] = end;
    }

    private void Rehash(int size)
    {
        _table = new int[size];
        for (int end = MinLength; end <= _length; end++) Insert(end);
    }

    private int Slot(ulong hash) => (int)(hash >> 20) & (_table.Length - 1);

    private static ulong Hash(ReadOnlySpan<int> run)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (int token in run) h = (h ^ (uint)token) * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
        return h ^ (h >> 29);
    }
}
