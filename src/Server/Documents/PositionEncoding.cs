using System.Text;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Documents;

/// <summary>What "character" in an LSP Position counts, as negotiated at initialize.</summary>
public enum PositionEncodingKind { Utf16, Utf8, Utf32 }

/// <summary>Converts LSP positions to UTF-16 offsets into a document's text and back, in the negotiated encoding.
/// Out-of-range positions are clamped (past the end of a line: its end; past the last line: the document end),
/// as the spec asks servers to tolerate.</summary>
public static class PositionEncoding
{
    public static string ToWireName(PositionEncodingKind kind) => kind switch
    {
        PositionEncodingKind.Utf8 => "utf-8",
        PositionEncodingKind.Utf32 => "utf-32",
        _ => "utf-16",
    };

    /// <summary>The first encoding the client lists that we support; utf-16 when it lists none.</summary>
    public static PositionEncodingKind Negotiate(IReadOnlyList<string>? clientPreferences)
    {
        foreach (string name in clientPreferences ?? [])
        {
            switch (name)
            {
                case "utf-16": return PositionEncodingKind.Utf16;
                case "utf-8": return PositionEncodingKind.Utf8;
                case "utf-32": return PositionEncodingKind.Utf32;
            }
        }
        return PositionEncodingKind.Utf16;
    }

    public static int ToOffset(DocumentText text, Position position, PositionEncodingKind encoding)
    {
        if (position.Line < 0) return 0;
        int lineStart = text.LineStart(position.Line);
        if (lineStart < 0) return text.Length;
        int lineLength = text.LineContentEnd(lineStart) - lineStart;
        int character = Math.Max(0, position.Character);
        if (encoding == PositionEncodingKind.Utf16)
        {
            int offset = Math.Min(character, lineLength);
            // A position inside a surrogate pair means the client counts differently; round down to the pair start.
            if (offset > 0 && offset < lineLength && char.IsLowSurrogate(text[lineStart + offset])) offset--;
            return lineStart + offset;
        }
        return lineStart + UnitsToChars(text.Spans(lineStart, lineLength), character, encoding);
    }

    public static Position ToPosition(DocumentText text, int offset, PositionEncodingKind encoding)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        int line = text.LineOf(offset);
        int lineStart = text.LineStart(line);
        int column = encoding == PositionEncodingKind.Utf16
            ? offset - lineStart
            : CharsToUnits(text.Spans(lineStart, offset - lineStart), encoding);
        return new Position(line, column);
    }

    /// <summary>UTF-16 length of the longest prefix of <paramref name="line"/> that fits in <paramref name="units"/>
    /// UTF-8 bytes or code points.</summary>
    private static int UnitsToChars(IEnumerable<ReadOnlyMemory<char>> line, int units, PositionEncodingKind encoding)
    {
        int chars = 0, counted = 0;
        foreach (var span in line)
        {
            foreach (Rune rune in span.Span.EnumerateRunes())
            {
                int width = encoding == PositionEncodingKind.Utf8 ? rune.Utf8SequenceLength : 1;
                if (counted + width > units) return chars;
                counted += width;
                chars += rune.Utf16SequenceLength;
            }
        }
        return chars;
    }

    /// <summary>UTF-8 bytes or code points in <paramref name="prefix"/>.</summary>
    private static int CharsToUnits(IEnumerable<ReadOnlyMemory<char>> prefix, PositionEncodingKind encoding)
    {
        int units = 0;
        foreach (var span in prefix)
            foreach (Rune rune in span.Span.EnumerateRunes())
                units += encoding == PositionEncodingKind.Utf8 ? rune.Utf8SequenceLength : 1;
        return units;
    }
}
