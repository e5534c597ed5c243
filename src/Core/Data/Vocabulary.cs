namespace CharRnnLsp.Core.Data;

/// <summary>
/// Symbols are Unicode code points (not bytes or UTF-16 units). Index 0 is the unknown symbol;
/// the rest are ordered by descending frequency, ties by code point, capped at a maximum size.
/// </summary>
public sealed class Vocabulary
{
    public const int Unknown = 0;
    /// <summary>Written between documents of a corpus so the model learns where files start.</summary>
    public const int DocumentSeparatorCodePoint = 0x1C;

    /// <summary>Code point of each symbol; entry 0 (unknown) is -1.</summary>
    public IReadOnlyList<int> CodePoints => throw new NotImplementedException();
    public int Size => throw new NotImplementedException();

    public static Vocabulary Build(ReadOnlySpan<char> text, int maxSize) => throw new NotImplementedException();
    public static Vocabulary FromCodePoints(IReadOnlyList<int> codePoints) => throw new NotImplementedException();

    public int IndexOf(int codePoint) => throw new NotImplementedException();
    /// <summary>Encodes UTF-16 text into symbol indices, one per code point.</summary>
    public int[] Encode(ReadOnlySpan<char> text) => throw new NotImplementedException();
    /// <summary>The text of one symbol (U+FFFD for unknown).</summary>
    public string Decode(int index) => throw new NotImplementedException();
}
