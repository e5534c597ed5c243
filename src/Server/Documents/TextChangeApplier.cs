using CharRnnLsp.Server.Protocol;

namespace CharRnnLsp.Server.Documents;

/// <summary>Applies didChange content changes in order: each one is relative to the text the previous produced.</summary>
public static class TextChangeApplier
{
    /// <summary>Returns the new text and the smallest offset any change touched (text before it is unchanged).</summary>
    public static (string Text, int FirstChangedOffset) Apply(string text, IReadOnlyList<TextDocumentContentChangeEvent> changes,
        PositionEncodingKind encoding)
    {
        int firstChanged = int.MaxValue;
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                firstChanged = Math.Min(firstChanged, CommonPrefixLength(text, change.Text ?? ""));
                text = change.Text ?? "";
                continue;
            }
            int start = PositionEncoding.ToOffset(text, change.Range.Start, encoding);
            int end = PositionEncoding.ToOffset(text, change.Range.End, encoding);
            if (end < start) (start, end) = (end, start);
            text = string.Concat(text.AsSpan(0, start), change.Text ?? "", text.AsSpan(end));
            firstChanged = Math.Min(firstChanged, start);
        }
        return (text, firstChanged == int.MaxValue ? text.Length : firstChanged);
    }

    private static int CommonPrefixLength(string a, string b) => a.AsSpan().CommonPrefixLength(b);
}
