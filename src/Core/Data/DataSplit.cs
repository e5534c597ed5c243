namespace CharRnnLsp.Core.Data;

/// <summary>A contiguous run of tokens: [Start, Start + Length).</summary>
public readonly record struct TokenRange(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Train / validation / test as contiguous ranges of one token stream, char-rnn style: train first,
/// then validation, then test at the tail (test gets what the two fractions leave).
/// </summary>
public sealed record DataSplit(int[] Tokens, TokenRange Train, TokenRange Validation, TokenRange Test)
{
    public static DataSplit Create(int[] tokens, double trainFraction, double validationFraction)
    {
        if (trainFraction is <= 0 or > 1 || !double.IsFinite(trainFraction))
            throw new ArgumentException($"train fraction must be in (0, 1], got {trainFraction}");
        if (validationFraction < 0 || !double.IsFinite(validationFraction) || trainFraction + validationFraction > 1 + 1e-9)
            throw new ArgumentException($"validation fraction must be in [0, 1 - train fraction], got {validationFraction}");
        int n = tokens.Length;
        int train = (int)Math.Floor(n * trainFraction);
        int validation = Math.Min(n - train, (int)Math.Floor(n * validationFraction));
        int test = n - train - validation;
        return new DataSplit(tokens, new TokenRange(0, train), new TokenRange(train, validation), new TokenRange(train + validation, test));
    }
}
