namespace CharRnnLsp.Core.Data;

/// <summary>
/// Train / validation / test, char-rnn style, but spread over the corpus: the stream is cut into up to
/// <see cref="MaxBlocks"/> blocks of equal size and each block gives its first part to train, then validation,
/// then test, each cut moved to the nearest end of a file inside the block. So held-out text is whole files
/// from every part of a tree, not only its alphabetical tail. A corpus under two blocks' worth of characters
/// (<see cref="CharsPerBlock"/>) is one block, cut at exact characters: train first, then validation, then test.
/// </summary>
public sealed record DataSplit(TokenSlices Train, TokenSlices Validation, TokenSlices Test)
{
    public const int MaxBlocks = 100;
    public const long CharsPerBlock = 1_000_000;

    /// <summary>Number of slices each held-out split is made of.</summary>
    public int Blocks => Math.Max(Validation.Ranges.Count, Test.Ranges.Count);

    /// <param name="documentEnds">Ascending offsets just past each document's separator; may be empty (no file cuts).</param>
    public static DataSplit Create(TokenStream tokens, IReadOnlyList<long> documentEnds, double trainFraction, double validationFraction)
    {
        if (trainFraction is <= 0 or > 1 || !double.IsFinite(trainFraction))
            throw new ArgumentException($"train fraction must be in (0, 1], got {trainFraction}");
        if (validationFraction < 0 || !double.IsFinite(validationFraction) || trainFraction + validationFraction > 1 + 1e-9)
            throw new ArgumentException($"validation fraction must be in [0, 1 - train fraction], got {validationFraction}");
        long n = tokens.Length;
        int blocks = (int)Math.Clamp(n / CharsPerBlock / 2, 1, MaxBlocks);
        var train = new List<TokenRange>();
        var validation = new List<TokenRange>();
        var test = new List<TokenRange>();
        for (int b = 0; b < blocks; b++)
        {
            long start = n * b / blocks, end = n * (b + 1) / blocks;
            long length = end - start;
            long trainEnd = start + (long)Math.Floor(length * trainFraction);
            long validationEnd = Math.Min(end, trainEnd + (long)Math.Floor(length * validationFraction));
            if (blocks > 1)
            {
                trainEnd = NearestDocumentEnd(documentEnds, trainEnd, start, end);
                validationEnd = Math.Max(trainEnd, NearestDocumentEnd(documentEnds, validationEnd, start, end));
            }
            train.Add(new TokenRange(start, trainEnd - start));
            validation.Add(new TokenRange(trainEnd, validationEnd - trainEnd));
            test.Add(new TokenRange(validationEnd, end - validationEnd));
        }
        return new DataSplit(new TokenSlices(tokens, train), new TokenSlices(tokens, validation), new TokenSlices(tokens, test));
    }

    /// <summary>The document end in [low, high] closest to <paramref name="target"/>; the target itself when there is none.</summary>
    private static long NearestDocumentEnd(IReadOnlyList<long> documentEnds, long target, long low, long high)
    {
        int index = BinarySearch(documentEnds, target);
        long best = target, bestDistance = long.MaxValue;
        foreach (int i in (int[])[index - 1, index])
        {
            if (i < 0 || i >= documentEnds.Count) continue;
            long end = documentEnds[i];
            if (end < low || end > high || Math.Abs(end - target) >= bestDistance) continue;
            best = end;
            bestDistance = Math.Abs(end - target);
        }
        return best;
    }

    /// <summary>Index of the first entry >= value.</summary>
    private static int BinarySearch(IReadOnlyList<long> sorted, long value)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
