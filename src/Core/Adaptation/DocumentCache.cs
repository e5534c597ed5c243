namespace CharRnnLsp.Core.Adaptation;

/// <summary>
/// Cache n-gram model of the text read so far (Hellendoorn and Devanbu 2017): for every context of order
/// 1..MaxOrder, how often each token followed it. Contexts are hashed (64 bits, collisions ignored). Counts can be
/// removed as well as added, so an edit updates them (<see cref="ApplyEdit"/>). Predictions interpolate the
/// orders Witten-Bell style from the uniform distribution up, as PPM's blending does.
/// Memory: one entry per distinct (context, order), about 100 bytes each plus 8 per distinct successor; code
/// of 100 KB gives a few hundred thousand entries at order 6.
/// </summary>
public sealed class DocumentCache
{
    private readonly Dictionary<ulong, Successors> _contexts = [];
    private readonly int _vocabSize;

    public DocumentCache(int vocabSize, int maxOrder = 6)
    {
        if (maxOrder is < 1 or > 16) throw new ArgumentException($"cache order must be in [1, 16], got {maxOrder}");
        (_vocabSize, MaxOrder) = (vocabSize, maxOrder);
    }

    public int MaxOrder { get; }
    /// <summary>Distinct (context, order) pairs held.</summary>
    public int ContextCount => _contexts.Count;

    /// <summary>Counts token <paramref name="next"/> after the contexts that end <paramref name="history"/>.</summary>
    public void Add(ReadOnlySpan<int> history, int next) => Count(history, next, +1);

    /// <summary>Counts every token text[i], i in [start, end), after its contexts in <paramref name="text"/>.</summary>
    public void Add(ReadOnlySpan<int> text, int start, int end)
    {
        for (int i = start; i < end; i++) Count(text[..i], text[i], +1);
    }

    /// <summary>Undoes <see cref="Add(ReadOnlySpan{int}, int, int)"/> for the same text and range.</summary>
    public void Remove(ReadOnlySpan<int> text, int start, int end)
    {
        for (int i = start; i < end; i++) Count(text[..i], text[i], -1);
    }

    /// <summary>An edit replaced <paramref name="removed"/> tokens at <paramref name="start"/> of
    /// <paramref name="before"/> by <paramref name="inserted"/> tokens, giving <paramref name="after"/>; the counts
    /// of every token whose context or itself changed are moved from the old text to the new.</summary>
    public void ApplyEdit(ReadOnlySpan<int> before, ReadOnlySpan<int> after, int start, int removed, int inserted)
    {
        if (start < 0 || start + removed > before.Length || start + inserted > after.Length || before.Length - removed != after.Length - inserted)
            throw new ArgumentException("the edit does not fit the texts");
        Remove(before, start, Math.Min(before.Length, start + removed + MaxOrder));
        Add(after, start, Math.Min(after.Length, start + inserted + MaxOrder));
    }

    /// <summary>How often <paramref name="next"/> followed the order-<paramref name="order"/> context ending
    /// <paramref name="history"/>.</summary>
    public int CountOf(ReadOnlySpan<int> history, int order, int next)
        => history.Length >= order && _contexts.TryGetValue(Key(history[^order..]), out var s) ? s.CountOf(next) : 0;

    /// <summary>Next-token probabilities [V] after <paramref name="history"/>: uniform, then for each order whose
    /// context was seen, p = (count(s) + distinct * p_lower(s)) / (total + distinct).</summary>
    public void Predict(ReadOnlySpan<int> history, Span<float> probabilities)
    {
        probabilities[.._vocabSize].Fill(1f / _vocabSize);
        for (int order = 1; order <= MaxOrder && order <= history.Length; order++)
        {
            if (!_contexts.TryGetValue(Key(history[^order..]), out var s) || s.Total == 0) break;
            float escape = (float)s.Distinct / (s.Total + s.Distinct), scale = 1f / (s.Total + s.Distinct);
            System.Numerics.Tensors.TensorPrimitives.Multiply(probabilities[.._vocabSize], escape, probabilities[.._vocabSize]);
            s.AddTo(probabilities, scale);
        }
    }

    private void Count(ReadOnlySpan<int> history, int next, int delta)
    {
        for (int order = 1; order <= MaxOrder && order <= history.Length; order++)
        {
            ulong key = Key(history[^order..]);
            if (!_contexts.TryGetValue(key, out var s))
            {
                if (delta < 0) continue; // never counted (a caller's mismatch): nothing to take away
                _contexts[key] = s = new Successors();
            }
            s.Change(next, delta);
            if (s.Total == 0) _contexts.Remove(key);
        }
    }

    // The order is part of the key through the run's length.
    private static ulong Key(ReadOnlySpan<int> context)
    {
        ulong h = 0xCBF29CE484222325UL ^ (ulong)context.Length;
        foreach (int token in context) h = (h ^ (uint)token) * 0x100000001B3UL * 0x9E3779B1UL + 0x7F4A7C15UL;
        return h ^ (h >> 31);
    }

    /// <summary>The tokens seen after one context and their counts (unsorted; few per context in practice).</summary>
    private sealed class Successors
    {
        private int[] _tokens = new int[2], _counts = new int[2];
        public int Distinct { get; private set; }
        public int Total { get; private set; }

        public int CountOf(int token)
        {
            for (int i = 0; i < Distinct; i++) if (_tokens[i] == token) return _counts[i];
            return 0;
        }

        public void Change(int token, int delta)
        {
            int i = 0;
            while (i < Distinct && _tokens[i] != token) i++;
            if (i == Distinct)
            {
                if (delta < 0) return;
                if (Distinct == _tokens.Length) { Array.Resize(ref _tokens, Distinct * 2); Array.Resize(ref _counts, Distinct * 2); }
                _tokens[Distinct] = token; _counts[Distinct++] = 0;
            }
            int applied = Math.Max(delta, -_counts[i]);
            _counts[i] += applied;
            Total += applied;
            if (_counts[i] > 0) return;
            Distinct--; // swap the emptied entry out
            (_tokens[i], _counts[i]) = (_tokens[Distinct], _counts[Distinct]);
        }

        public void AddTo(Span<float> probabilities, float scale)
        {
            for (int i = 0; i < Distinct; i++) probabilities[_tokens[i]] += _counts[i] * scale;
        }
    }
}
