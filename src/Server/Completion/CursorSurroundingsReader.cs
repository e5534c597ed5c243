using CharRnnLsp.Server.Completion.Shaping;
using CharRnnLsp.Server.Documents;

namespace CharRnnLsp.Server.Completion;

/// <summary>Reads what the shaping rules need around a cursor from a document snapshot.</summary>
public static class CursorSurroundingsReader
{
    /// <summary>How much of the cursor's line, on each side, the suggestion shaping sees: a minified file's single
    /// line can be megabytes long, and copying it per keystroke would cost more than the model does.</summary>
    public const int LineCharsEachSide = 4096;

    public static CursorSurroundings Read(TextDocument document, int offset, bool multiline, int lookahead)
    {
        var text = document.Text;
        int lineStart = text.LineStart(text.LineOf(offset));
        int lineEnd = text.LineContentEnd(lineStart);
        int prefixStart = Math.Max(lineStart, offset - LineCharsEachSide);
        int suffixEnd = Math.Min(Math.Max(offset, lineEnd), offset + LineCharsEachSide);
        return new CursorSurroundings(
            text.Slice(prefixStart, offset - prefixStart),
            text.Slice(offset, suffixEnd - offset),
            text.Slice(offset, Math.Min(lookahead, text.Length - offset)),
            multiline,
            LexicalSyntax.ForLanguage(document.LanguageId));
    }
}
