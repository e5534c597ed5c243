using System.Text;

namespace CharRnnLsp.Core.Data;

/// <summary>How often each code point occurs: what a vocabulary is chosen from. One per reading thread, merged.</summary>
public sealed class CodePointCounts
{
    private const int BmpSize = 0x10000;
    private readonly long[] _bmp = new long[BmpSize];
    private readonly Dictionary<int, long> _supplementary = [];

    public void AddUtf16(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (!char.IsSurrogate(c))
            {
                _bmp[c]++;
                i++;
                continue;
            }
            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed);
            Add(rune.Value); // a lone surrogate decodes as U+FFFD
            i += consumed;
        }
    }

    /// <summary>Counts valid UTF-8; returns the number of code points.</summary>
    public long AddUtf8(ReadOnlySpan<byte> utf8)
    {
        long count = 0;
        for (int i = 0; i < utf8.Length; count++)
        {
            byte b = utf8[i];
            if (b < 0x80)
            {
                _bmp[b]++;
                i++;
                continue;
            }
            Rune.DecodeFromUtf8(utf8[i..], out Rune rune, out int consumed);
            Add(rune.Value);
            i += consumed;
        }
        return count;
    }

    public void Add(int codePoint, long times = 1)
    {
        if (codePoint < BmpSize) _bmp[codePoint] += times;
        else _supplementary[codePoint] = _supplementary.GetValueOrDefault(codePoint) + times;
    }

    /// <param name="sign">-1 takes back counts added for text that was left out after all.</param>
    public void AddAll(CodePointCounts other, int sign = 1)
    {
        for (int cp = 0; cp < BmpSize; cp++) _bmp[cp] += sign * other._bmp[cp];
        foreach (var (cp, count) in other._supplementary) Add(cp, sign * count);
    }

    /// <summary>The <paramref name="take"/> most frequent code points, ties by code point.</summary>
    public IEnumerable<int> MostFrequent(int take) =>
        Enumerable.Range(0, BmpSize).Where(cp => _bmp[cp] > 0).Select(cp => KeyValuePair.Create(cp, _bmp[cp]))
            .Concat(_supplementary.Where(kv => kv.Value > 0))
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key)
            .Take(take)
            .Select(kv => kv.Key);
}
