using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Handlers;

/// <summary>A request's document snapshot and cursor offset, resolved on the dispatch loop.</summary>
public sealed record DocumentCursor(TextDocument Document, int Offset, Position Position);

/// <summary>Turns LSP positions into document offsets and back, in the encoding negotiated at initialize.</summary>
public sealed class CursorLocator(DocumentStore documents, ServerSession session)
{
    /// <summary>Null when the document is not open. Positions past the end are clamped (the spec asks servers to
    /// tolerate them); negative ones are refused, being no position at all.</summary>
    public DocumentCursor? Locate(TextDocumentIdentifier document, Position position)
    {
        if (position.Line < 0 || position.Character < 0)
            throw new RpcException(ErrorCodes.InvalidParams,
                $"position.{(position.Line < 0 ? "line" : "character")} must not be negative");
        var snapshot = documents.TryGet(document.Uri);
        if (snapshot is null) return null;
        int offset = PositionEncoding.ToOffset(snapshot.Text, position, session.Encoding);
        return new DocumentCursor(snapshot, offset, PositionEncoding.ToPosition(snapshot.Text, offset, session.Encoding));
    }

    public Range RangeAfter(DocumentCursor cursor, int chars) =>
        new(cursor.Position, PositionEncoding.ToPosition(cursor.Document.Text, cursor.Offset + chars, session.Encoding));

    /// <summary>The range of <paramref name="before"/>, the text right before the cursor, through
    /// <paramref name="charsAfter"/> characters after it.</summary>
    public Range RangeAround(DocumentCursor cursor, string before, int charsAfter) =>
        new(PositionEncoding.ToPosition(cursor.Document.Text, cursor.Offset - before.Length, session.Encoding),
            RangeAfter(cursor, charsAfter).End);
}
