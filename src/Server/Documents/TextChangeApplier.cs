using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Documents;

/// <summary>Applies didChange content changes in order: each one is relative to the text the previous produced.</summary>
public static class TextChangeApplier
{
    /// <summary>Returns the new text and the smallest offset any change touched (text before it is unchanged).</summary>
    public static (DocumentText Text, int FirstChangedOffset) Apply(DocumentText text,
        IReadOnlyList<TextDocumentContentChangeEvent> changes, PositionEncodingKind encoding)
    {
        int firstChanged = int.MaxValue;
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                firstChanged = Math.Min(firstChanged, text.CommonPrefixLength(change.Text ?? ""));
                text = DocumentText.From(change.Text ?? "");
                continue;
            }
            int start = PositionEncoding.ToOffset(text, change.Range.Start, encoding);
            int end = PositionEncoding.ToOffset(text, change.Range.End, encoding);
            if (end < start) (start, end) = (end, start);
            text = text.Replace(start, end, change.Text ?? "");
            firstChanged = Math.Min(firstChanged, start);
        }
        return (text, firstChanged == int.MaxValue ? text.Length : firstChanged);
    }
}
