using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>The hover's "before adaptation" figure: the trained weights' surprise at a span of text.</summary>
public static class TrainedScore
{
    /// <summary>Characters read before the span to set up the trained model's state (its own cache is not shared
    /// with the adapted model's, so this is a bounded lead-in rather than the whole context window).</summary>
    public const int LeadIn = 1024;

    /// <summary>Summed bits of <paramref name="span"/>, which starts at <paramref name="spanStart"/> of the text.</summary>
    public static double Bits(ICompletionModel trained, Documents.DocumentText text, int spanStart, string span, CancellationToken cancellation)
    {
        int from = Math.Max(0, spanStart - LeadIn);
        if (from > 0 && char.IsLowSurrogate(text[from])) from++;
        var cursor = trained.StartOfDocument();
        cursor.Feed(text.Slice(from, spanStart - from), cancellation);
        return cursor.FeedScored(span);
    }
}
