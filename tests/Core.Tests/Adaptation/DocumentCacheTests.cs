using CharRnnLsp.Core.Adaptation;
using Xunit;

namespace CharRnnLsp.Core.Tests.Adaptation;

public class DocumentCacheTests
{
    private static int[] T(string s) => s.Select(c => (int)c - 'a' + 1).ToArray(); // a=1, b=2, ...

    [Fact]
    public void CountsWhatFollowedEachContext()
    {
        var cache = new DocumentCache(8, maxOrder: 2);
        var text = T("abcabd");
        cache.Add(text, 0, text.Length);
        Assert.Equal(2, cache.CountOf(T("a"), 1, T("b")[0]));
        Assert.Equal(1, cache.CountOf(T("ab"), 2, T("c")[0]));
        Assert.Equal(1, cache.CountOf(T("ab"), 2, T("d")[0]));
        Assert.Equal(0, cache.CountOf(T("ab"), 2, T("a")[0]));
    }

    [Fact]
    public void PredictionBlendsTheOrdersByHand()
    {
        // order 1 after "a": b once, c once (total 2, distinct 2): p = 2/4 * 1/4 + count/4
        var cache = new DocumentCache(4, maxOrder: 1);
        var text = new[] { 1, 2, 1, 3 };
        cache.Add(text, 0, text.Length);
        var p = new float[4];
        cache.Predict([1], p);
        Assert.Equal(0.125f, p[0], 6);
        Assert.Equal(0.125f, p[1], 6);
        Assert.Equal(0.375f, p[2], 6);
        Assert.Equal(0.375f, p[3], 6);
    }

    [Fact]
    public void RemoveUndoesAdd()
    {
        var cache = new DocumentCache(8, maxOrder: 3);
        var text = T("abcabdabc");
        cache.Add(text, 0, text.Length);
        Assert.True(cache.ContextCount > 0);
        cache.Remove(text, 0, text.Length);
        Assert.Equal(0, cache.ContextCount);
    }

    [Fact]
    public void AnEditLeavesTheCountsOfTheNewText()
    {
        const int Order = 3;
        var before = T("abcdabcdeabc");
        var after = T("abcdhhhabcdeabc"); // the 2 tokens "ab" at 4 replaced by the 5 tokens "hhhab"
        var edited = new DocumentCache(8, Order);
        edited.Add(before, 0, before.Length);
        edited.ApplyEdit(before, after, 4, 2, 5);
        var fresh = new DocumentCache(8, Order);
        fresh.Add(after, 0, after.Length);
        Assert.Equal(fresh.ContextCount, edited.ContextCount);
        foreach (var text in new[] { before, after })
            for (int i = 0; i < text.Length; i++)
                for (int order = 1; order <= Order; order++)
                    for (int next = 1; next <= 8; next++)
                        Assert.Equal(fresh.CountOf(text[..i], order, next), edited.CountOf(text[..i], order, next));
    }
}
