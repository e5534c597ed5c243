using System.Text;

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

    private const int BmpSize = 0x10000;

    private readonly int[] _codePoints;
    // A table for the Basic Multilingual Plane keeps Encode at one array read per char on large corpora;
    // code points above it (emoji, math letters) are rare and go through the dictionary.
    private readonly int[] _indexByBmpCodePoint = new int[BmpSize];
    private readonly Dictionary<int, int> _indexBySupplementaryCodePoint = [];

    private Vocabulary(int[] codePoints)
    {
        _codePoints = codePoints;
        for (int i = 1; i < codePoints.Length; i++)
        {
            if (codePoints[i] < BmpSize) _indexByBmpCodePoint[codePoints[i]] = i;
            else _indexBySupplementaryCodePoint[codePoints[i]] = i;
        }
    }

    /// <summary>Code point of each symbol; entry 0 (unknown) is -1.</summary>
    public IReadOnlyList<int> CodePoints => _codePoints;
    public int Size => _codePoints.Length;

    /// <summary>Counts code points of <paramref name="text"/> and keeps the <paramref name="maxSize"/> - 1 most frequent.</summary>
    public static Vocabulary Build(ReadOnlySpan<char> text, int maxSize)
    {
        var counts = new CodePointCounts();
        counts.AddUtf16(text);
        return Build(counts, maxSize);
    }

    /// <summary>Keeps the <paramref name="maxSize"/> - 1 most frequent code points of <paramref name="counts"/>.</summary>
    public static Vocabulary Build(CodePointCounts counts, int maxSize)
    {
        if (maxSize < 2) throw new ArgumentException($"vocabulary size must be at least 2, got {maxSize}");
        return new Vocabulary([-1, .. counts.MostFrequent(maxSize - 1)]);
    }

    /// <summary>Rebuilds a saved vocabulary; <paramref name="codePoints"/>[0] must be -1 (unknown).</summary>
    public static Vocabulary FromCodePoints(IReadOnlyList<int> codePoints)
    {
        if (codePoints.Count < 1 || codePoints[0] != -1)
            throw new ArgumentException("vocabulary must start with -1 for the unknown symbol");
        var seen = new HashSet<int>();
        for (int i = 1; i < codePoints.Count; i++)
        {
            int cp = codePoints[i];
            if (!Rune.IsValid(cp)) throw new ArgumentException($"vocabulary entry {i} is not a Unicode scalar value: {cp}");
            if (!seen.Add(cp)) throw new ArgumentException($"vocabulary entry {i} repeats code point U+{cp:X4}");
        }
        return new Vocabulary([.. codePoints]);
    }

    public int IndexOf(int codePoint) =>
        (uint)codePoint < BmpSize ? _indexByBmpCodePoint[codePoint] : _indexBySupplementaryCodePoint.GetValueOrDefault(codePoint, Unknown);

    /// <summary>Encodes UTF-16 text into symbol indices, one per code point.</summary>
    public int[] Encode(ReadOnlySpan<char> text)
    {
        // One symbol per char except surrogate pairs, so text.Length bounds the count.
        var result = new int[text.Length];
        int count = 0;
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (!char.IsSurrogate(c))
            {
                result[count++] = _indexByBmpCodePoint[c];
                i++;
                continue;
            }
            // A lone surrogate decodes as U+FFFD, which is unknown unless the corpus had it.
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed);
            result[count++] = IndexOf(rune.Value);
            i += consumed;
        }
        if (count < result.Length) Array.Resize(ref result, count);
        return result;
    }

    /// <summary>Bytes each token needs in a compact stream: 1 while the vocabulary fits 256 symbols, else 2.</summary>
    public int BytesPerToken => Size <= 256 ? 1 : 2;

    /// <summary>Encodes valid UTF-8 into <paramref name="tokens"/> (at least one slot per byte), <see cref="BytesPerToken"/>
    /// bytes each, little-endian; returns how many tokens were written.</summary>
    public int EncodeUtf8(ReadOnlySpan<byte> utf8, Span<byte> tokens)
    {
        bool narrow = BytesPerToken == 1;
        int count = 0;
        for (int i = 0; i < utf8.Length; count++)
        {
            int index;
            byte b = utf8[i];
            if (b < 0x80)
            {
                index = _indexByBmpCodePoint[b];
                i++;
            }
            else
            {
                Rune.DecodeFromUtf8(utf8[i..], out Rune rune, out int consumed);
                index = IndexOf(rune.Value);
                i += consumed;
            }
            if (narrow) tokens[count] = (byte)index;
            else
            {
                tokens[2 * count] = (byte)index;
                tokens[2 * count + 1] = (byte)(index >> 8);
            }
        }
        return count;
    }

    /// <summary>The text of one symbol (U+FFFD for unknown).</summary>
    public string Decode(int index)
    {
        if (index <= Unknown || index >= _codePoints.Length) return "\uFFFD";
        return char.ConvertFromUtf32(_codePoints[index]);
    }
}
