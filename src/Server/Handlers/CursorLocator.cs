using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Hosting;
using CharRnnLsp.Server.JsonRpc;
using CharRnnLsp.Server.Protocol;
using CharRnnLsp.Server.Suggestions;

namespace CharRnnLsp.Server.Handlers;

/// <summary>A request's document snapshot and cursor offset, resolved on the dispatch loop.</summary>
public sealed record DocumentCursor(TextDocument Document, int Offset, Position Position)
{
    public int LineStart => Document.Text.LineStart(Position.Line);
    public int LineEnd => Document.Text.LineContentEnd(LineStart);

    /// <summary>How much of the cursor's line, on each side, the suggestion shaping sees: a minified file's single
    /// line can be megabytes long, and copying it per keystroke would cost more than the model does.</summary>
    public const int LineCharsEachSide = 4096;

    public CursorSurroundings Surroundings(bool multiline, int lookahead)
    {
        var text = Document.Text;
        int prefixStart = Math.Max(LineStart, Offset - LineCharsEachSide);
        int suffixEnd = Math.Min(Math.Max(Offset, LineEnd), Offset + LineCharsEachSide);
        return new CursorSurroundings(
            text.Slice(prefixStart, Offset - prefixStart),
            text.Slice(Offset, suffixEnd - Offset),
            text.Slice(Offset, Math.Min(lookahead, text.Length - Offset)),
            multiline,
            LexicalSyntax.ForLanguage(Document.LanguageId));
    }
}

public sealed class CursorLocator(DocumentStore documents, ServerSession session)
{
    public PositionEncodingKind Encoding => session.Encoding;

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
}
