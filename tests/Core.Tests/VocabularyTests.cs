using CharRnnLsp.Core.Data;
using Xunit;

namespace CharRnnLsp.Core.Tests;

public class VocabularyTests
{
    [Fact]
    public void Build_OrdersByDescendingFrequencyThenCodePoint_AfterUnknown()
    {
        var vocabulary = Vocabulary.Build("bbbaacca d", 10);
        // b:3, a:3, c:2, ' ':1, d:1 -> ties by code point: a before b, ' ' before d.
        Assert.Equal(new[] { -1, 'a', 'b', 'c', ' ', 'd' }, vocabulary.CodePoints);
        Assert.Equal(6, vocabulary.Size);
    }

    [Fact]
    public void Build_CapsAtMaxSize_DroppingRarestSymbols()
    {
        var vocabulary = Vocabulary.Build("aaabbc", 3);
        Assert.Equal(new[] { -1, 'a', 'b' }, vocabulary.CodePoints);
        Assert.Equal(new[] { 1, 1, 2, Vocabulary.Unknown }, vocabulary.Encode("aabc"));
    }

    [Fact]
    public void SurrogatePairs_AreOneSymbol_AndRoundTrip()
    {
        string text = "x😀y😀𝔸";
        var vocabulary = Vocabulary.Build(text, 100);
        Assert.Contains(0x1F600, vocabulary.CodePoints);
        Assert.Contains(0x1D538, vocabulary.CodePoints);
        int[] encoded = vocabulary.Encode(text);
        Assert.Equal(5, encoded.Length);
        Assert.Equal(text, string.Concat(encoded.Select(vocabulary.Decode)));
        Assert.Equal(vocabulary.IndexOf(0x1F600), encoded[1]);
    }

    [Fact]
    public void UnknownCodePoints_EncodeToZero_AndDecodeToReplacementChar()
    {
        var vocabulary = Vocabulary.Build("abc", 10);
        Assert.Equal(new[] { vocabulary.IndexOf('a'), 0, 0 }, vocabulary.Encode("a🙂z"));
        Assert.Equal(Vocabulary.Unknown, vocabulary.IndexOf('q'));
        Assert.Equal("\uFFFD", vocabulary.Decode(0));
        Assert.Equal("\uFFFD", vocabulary.Decode(999));
    }

    [Fact]
    public void LoneSurrogate_EncodesAsReplacementChar()
    {
        var vocabulary = Vocabulary.Build("ab", 10);
        Assert.Equal(new[] { 1, 0, 2 }, vocabulary.Encode("a\uD800b"));
    }

    [Fact]
    public void FromCodePoints_RestoresIndices_AndRejectsBadLists()
    {
        var built = Vocabulary.Build("hello, wörld 😀", 50);
        var restored = Vocabulary.FromCodePoints(built.CodePoints.ToArray());
        Assert.Equal(built.CodePoints, restored.CodePoints);
        Assert.Equal(built.Encode("wörld😀"), restored.Encode("wörld😀"));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromCodePoints([97, 98]));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromCodePoints([-1, 97, 97]));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromCodePoints([-1, 0xD800]));
    }
}
