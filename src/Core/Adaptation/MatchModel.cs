namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// Match model over a growing text: the index, the cursor at its end, and how often a prediction of each match
/// length class (and after a right or a wrong one) came true, which gives the predicted token's probability.
/// Learning happens only in <see cref="Append"/> (real text); branches read the table without changing it.
/// </summary>
public sealed class MatchModel
{
    private readonly int[] _hits = new int[MatchCursor.Buckets * 2], _totals = new int[MatchCursor.Buckets * 2];
    private const int Limit = 1024;   // counts halve past this, so the confidence follows the text

    public MatchModel(int minLength = 6)
    {
        Index = new MatchIndex(minLength);
        Cursor = new MatchCursor();
    }

    public MatchIndex Index { get; }
    /// <summary>The cursor at the end of the index.</summary>
    public MatchCursor Cursor { get; }

    /// <summary>Reads a real token: learns whether the prediction was right, then extends the index.</summary>
    public void Append(int token)
    {
        int predicted = Cursor.Predicted(Index);
        if (predicted >= 0)
        {
            int slot = Slot(Cursor);
            if (predicted == token) _hits[slot]++;
            if (++_totals[slot] > Limit) { _hits[slot] /= 2; _totals[slot] /= 2; }
        }
        Cursor.Advance(Index, token);
        Index.Append(token);
    }

    public void Append(ReadOnlySpan<int> tokens)
    {
        foreach (int token in tokens) Append(token);
    }

    /// <summary>Keeps the first <paramref name="length"/> tokens (an edit before the end, or the cursor moved back).</summary>
    public void Truncate(int length)
    {
        Index.Truncate(length);
        Cursor.Reset(Index); // the match resumes with the next token appended
    }

    /// <summary>Probability that <paramref name="cursor"/>'s predicted token comes next (Krichevsky-Trofimov
    /// estimate of the right predictions in its class; a prior of 1/2 before any).</summary>
    public float Confidence(MatchCursor cursor)
    {
        int slot = Slot(cursor);
        return (_hits[slot] + 0.5f) / (_totals[slot] + 1f);
    }

    private int Slot(MatchCursor cursor) => cursor.Bucket(Index) * 2 + (cursor.LastRight ? 1 : 0);
}
