using System.Text;
using CharRnnLsp.Server.Protocol;

namespace CharRnnLsp.Server.Documents;

/// <summary>What "character" in an LSP Position counts, as negotiated at initialize.</summary>
public enum PositionEncodingKind { Utf16, Utf8, Utf32 }

/// <summary>Converts LSP positions to UTF-16 offsets into a .NET string and back, in the negotiated encoding.
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

    public static int ToOffset(string text, Position position, PositionEncodingKind encoding)
    {
        if (position.Line < 0) return 0;
        int lineStart = LineStart(text, position.Line);
        if (lineStart < 0) return text.Length;
        int lineEnd = LineContentEnd(text, lineStart);
        return lineStart + UnitsToChars(text.AsSpan(lineStart, lineEnd - lineStart), Math.Max(0, position.Character), encoding);
    }

    public static Position ToPosition(string text, int offset, PositionEncodingKind encoding)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var before = text.AsSpan(0, offset);
        int line = before.Count('\n');
        int lineStart = before.LastIndexOf('\n') + 1;
        return new Position(line, CharsToUnits(text.AsSpan(lineStart, offset - lineStart), encoding));
    }

    /// <summary>UTF-16 index where line <paramref name="line"/> starts, or -1 past the last line.</summary>
    public static int LineStart(string text, int line)
    {
        int at = 0;
        for (int i = 0; i < line; i++)
        {
            int next = text.AsSpan(at).IndexOf('\n');
            if (next < 0) return -1;
            at += next + 1;
        }
        return at;
    }

    /// <summary>End of the line's content, before "\n" or "\r\n".</summary>
    public static int LineContentEnd(string text, int lineStart)
    {
        int newline = text.AsSpan(lineStart).IndexOf('\n');
        int end = newline < 0 ? text.Length : lineStart + newline;
        if (end > lineStart && text[end - 1] == '\r') end--;
        return end;
    }

    private static int UnitsToChars(ReadOnlySpan<char> line, int units, PositionEncodingKind encoding)
    {
        if (encoding == PositionEncodingKind.Utf16)
        {
            int offset = Math.Min(units, line.Length);
            // A position inside a surrogate pair means the client counts differently; round down to the pair start.
            if (offset > 0 && offset < line.Length && char.IsLowSurrogate(line[offset])) offset--;
            return offset;
        }
        int chars = 0, counted = 0;
        foreach (Rune rune in line.EnumerateRunes())
        {
            int width = encoding == PositionEncodingKind.Utf8 ? rune.Utf8SequenceLength : 1;
            if (counted + width > units) break;
            counted += width;
            chars += rune.Utf16SequenceLength;
        }
        return chars;
    }

    private static int CharsToUnits(ReadOnlySpan<char> prefix, PositionEncodingKind encoding)
    {
        if (encoding == PositionEncodingKind.Utf16) return prefix.Length;
        int units = 0;
        foreach (Rune rune in prefix.EnumerateRunes())
            units += encoding == PositionEncodingKind.Utf8 ? rune.Utf8SequenceLength : 1;
        return units;
    }
}
