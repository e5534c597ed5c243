namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// Where a reader stands in a <see cref="MatchIndex"/>: the longest verified earlier occurrence of the text just
/// read and the position of the token that followed it. It keeps its own last tokens, so a decoding branch can
/// read generated tokens past the index's end without changing the shared index; <see cref="Clone"/> is cheap.
/// </summary>
public sealed class MatchCursor
{
    /// <summary>How far back a candidate is verified (longer matches still grow token by token).</summary>
    public const int MaxVerify = 64;
    public const int Buckets = 7;
    private readonly int[] _recent = new int[MaxVerify];   // ring of the last tokens read
    private int _read;

    /// <summary>Index of the predicted token in the index; meaningful when <see cref="Length"/> > 0.</summary>
    public int Pointer { get; private set; }
    /// <summary>Tokens of the current match (0 = none).</summary>
    public int Length { get; private set; }
    /// <summary>Whether the last prediction made was right (true before any).</summary>
    public bool LastRight { get; private set; } = true;

    public MatchCursor Clone()
    {
        var copy = new MatchCursor { Pointer = Pointer, Length = Length, LastRight = LastRight, _read = _read };
        _recent.AsSpan().CopyTo(copy._recent);
        return copy;
    }

    /// <summary>The token the match predicts next, or -1.</summary>
    public int Predicted(MatchIndex index) => Length > 0 && Pointer < index.Length ? index[Pointer] : -1;

    /// <summary>The match length class the mixer and the confidence table are keyed by: 0 = no prediction.</summary>
    public int Bucket(MatchIndex index)
    {
        if (Predicted(index) < 0) return 0;
        return Length switch { < 8 => 1, < 12 => 2, < 16 => 3, < 24 => 4, < 32 => 5, _ => 6 };
    }

    /// <summary>Takes in the next token. For the cursor at the index's end, call this before appending the token
    /// to the index, so that the match found is an earlier occurrence.</summary>
    public void Advance(MatchIndex index, int token)
    {
        int predicted = Predicted(index);
        if (predicted >= 0) LastRight = predicted == token;
        _recent[_read++ % MaxVerify] = token;
        if (predicted == token) { Pointer++; Length++; return; }
        Length = 0;
        Find(index);
    }

    /// <summary>Restarts from the end of <paramref name="index"/>: its last tokens become this cursor's history.</summary>
    public void Reset(MatchIndex index)
    {
        _read = 0;
        Length = 0;
        LastRight = true;
        var tail = index.Text[Math.Max(0, index.Length - MaxVerify)..];
        foreach (int token in tail) _recent[_read++ % MaxVerify] = token;
    }

    private void Find(MatchIndex index)
    {
        int have = Math.Min(_read, MaxVerify);
        if (have < index.MinLength) return;
        Span<int> recent = stackalloc int[have];
        for (int k = 0; k < have; k++) recent[k] = _recent[(_read - have + k) % MaxVerify];
        int candidate = index.Candidate(recent);
        if (candidate < 0) return;
        int length = 0;
        while (length < have && length < candidate && index[candidate - 1 - length] == recent[have - 1 - length]) length++;
        if (length < index.MinLength) return;
        (Pointer, Length) = (candidate, length);
    }
}
