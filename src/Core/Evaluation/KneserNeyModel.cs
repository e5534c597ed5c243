namespace CharRnnLsp.Core.Evaluation;

/// <summary>
/// Interpolated Kneser-Ney character n-gram model over vocabulary indices: the baseline an RNN has to beat.
/// The highest order uses raw counts; lower orders use continuation counts (how many distinct symbols
/// precede the n-gram); each order's absolute discount is n1 / (n1 + 2 n2); order 0 is uniform over V.
/// N-grams are packed into one ulong in base V+1 (symbol + 1 per digit, oldest symbol most significant).
/// </summary>
public sealed class KneserNeyModel
{
    private readonly int _vocabSize, _order;
    private readonly ulong _base;
    private readonly Dictionary<ulong, int>[] _counts;                          // [order] n-gram -> count
    private readonly Dictionary<ulong, (int Total, int Types)>[] _contexts;      // [order] context -> totals
    private readonly double[] _discounts;                                        // [order]
    private readonly ulong[] _powers;                                            // [order + 1] base^k

    public int Order => _order;

    public KneserNeyModel(int vocabSize, int order)
    {
        if (order < 1) throw new ArgumentException($"n-gram order must be at least 1, got {order}");
        if (order * Math.Log2(vocabSize + 1) > 63)
            throw new ArgumentException($"n-gram order {order} is too high for a vocabulary of {vocabSize} symbols");
        (_vocabSize, _order, _base) = (vocabSize, order, (ulong)vocabSize + 1);
        _counts = new Dictionary<ulong, int>[order + 1];
        _contexts = new Dictionary<ulong, (int, int)>[order + 1];
        _discounts = new double[order + 1];
        _powers = new ulong[order + 1];
        _powers[0] = 1;
        for (int k = 1; k <= order; k++) _powers[k] = _powers[k - 1] * _base;
        for (int n = 1; n <= order; n++) { _counts[n] = []; _contexts[n] = []; }
    }

    public void Train(ReadOnlySpan<int> tokens)
    {
        // Highest order: raw counts. Distinct n-grams of each lower order feed the continuation counts below it.
        var distinct = new HashSet<ulong>[_order + 1];
        for (int n = 2; n < _order; n++) distinct[n] = [];
        for (int i = 0; i < tokens.Length; i++)
        {
            ulong key = 0;
            for (int n = 1; n <= _order && n <= i + 1; n++)
            {
                key += Digit(tokens[i - n + 1]) * Power(n - 1);
                if (n == _order) _counts[n][key] = _counts[n].GetValueOrDefault(key) + 1;
                else if (n >= 2) distinct[n].Add(key);
            }
        }
        for (int n = _order - 1; n >= 1; n--)
        {
            IEnumerable<ulong> longer = n + 1 == _order ? _counts[n + 1].Keys : distinct[n + 1];
            ulong suffixModulus = Power(n);
            foreach (ulong gram in longer)
            {
                ulong suffix = gram % suffixModulus;
                _counts[n][suffix] = _counts[n].GetValueOrDefault(suffix) + 1;
            }
        }
        for (int n = 1; n <= _order; n++)
        {
            int ones = 0, twos = 0;
            foreach (var (gram, count) in _counts[n])
            {
                if (count == 1) ones++; else if (count == 2) twos++;
                ulong context = gram / _base;
                var (total, types) = _contexts[n].GetValueOrDefault(context);
                _contexts[n][context] = (total + count, types + 1);
            }
            _discounts[n] = ones + twos == 0 ? 0.75 : Math.Clamp(ones / (ones + 2.0 * twos), 0.1, 0.95);
        }
    }

    /// <summary>P(next | history); only the last Order-1 symbols of <paramref name="history"/> matter.</summary>
    public double Probability(ReadOnlySpan<int> history, int next)
    {
        int usable = Math.Min(history.Length, _order - 1);
        double p = 1.0 / _vocabSize;
        ulong context = 0, gram = Digit(next);
        for (int n = 1; n <= usable + 1; n++)
        {
            if (n > 1)
            {
                ulong digit = Digit(history[history.Length - n + 1]);
                context += digit * Power(n - 2);
                gram += digit * Power(n - 1);
            }
            if (!_contexts[n].TryGetValue(context, out var stats)) break; // unseen context: the lower order stands
            double d = _discounts[n];
            double count = _counts[n].GetValueOrDefault(gram);
            p = Math.Max(count - d, 0) / stats.Total + d * stats.Types / stats.Total * p;
        }
        return p;
    }

    /// <summary>Mean cross-entropy in nats/char of <paramref name="tokens"/>, each predicted from the ones before it.</summary>
    public double CrossEntropy(ReadOnlySpan<int> tokens)
    {
        double total = 0;
        for (int i = 0; i < tokens.Length; i++)
            total -= Math.Log(Probability(tokens[Math.Max(0, i - _order + 1)..i], tokens[i]));
        return total / Math.Max(1, tokens.Length);
    }

    /// <summary>The most likely next symbol after <paramref name="history"/> (greedy completion).</summary>
    public int MostLikely(ReadOnlySpan<int> history)
    {
        int best = 1;
        double bestP = -1;
        for (int s = 1; s < _vocabSize; s++)
        {
            double p = Probability(history, s);
            if (p > bestP) (best, bestP) = (s, p);
        }
        return best;
    }

    private ulong Digit(int symbol) => (ulong)symbol + 1;

    private ulong Power(int exponent) => _powers[exponent];
}
