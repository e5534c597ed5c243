using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Evaluation;
using Xunit;

namespace CharRnnLsp.Core.Tests;

public class KneserNeyTests
{
    private static int[] RandomText(int length, int vocab, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        // A skewed, Markov-ish source so that higher orders have something to learn.
        var tokens = new int[length];
        for (int i = 0; i < length; i++)
            tokens[i] = i > 0 && random.NextFloat() < 0.6f ? (tokens[i - 1] * 3 + 1) % vocab : 1 + random.NextInt(vocab - 1);
        return tokens;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void ProbabilitiesSumToOneOverTheVocabulary(int order)
    {
        int[] text = RandomText(5000, 12, 3);
        var model = new KneserNeyModel(12, order);
        model.Train(text);
        foreach (int[] history in new[] { Array.Empty<int>(), [4], [1, 2, 3, 4], [11, 11, 11, 11], text[100..104] })
        {
            double sum = 0;
            for (int s = 0; s < 12; s++) sum += model.Probability(history, s);
            Assert.Equal(1.0, sum, 9);
        }
    }

    [Fact]
    public void HigherOrdersPredictAMarkovSourceBetterThanUnigrams()
    {
        int[] text = RandomText(40000, 12, 5);
        var unigram = new KneserNeyModel(12, 1);
        var trigram = new KneserNeyModel(12, 3);
        unigram.Train(text[..30000]);
        trigram.Train(text[..30000]);
        double h1 = unigram.CrossEntropy(text[30000..]), h3 = trigram.CrossEntropy(text[30000..]);
        Assert.True(h3 < h1 - 0.3, $"trigram {h3} vs unigram {h1}");
        Assert.True(h1 < Math.Log(12) + 0.01, "unigram is no worse than uniform");
    }

    [Fact]
    public void GreedyCompletionFollowsTheDominantTransition()
    {
        int[] text = Enumerable.Range(0, 3000).Select(i => 1 + i % 5).ToArray(); // 1 2 3 4 5 1 2 ...
        var model = new KneserNeyModel(8, 3);
        model.Train(text);
        Assert.Equal(4, model.MostLikely([2, 3]));
        Assert.Equal(1, model.MostLikely([4, 5]));
    }

    [Fact]
    public void RejectsOrdersThatDoNotFitTheKey()
        => Assert.Throws<ArgumentException>(() => new KneserNeyModel(300, 9));

    [Fact]
    public void ProbesLandAtLineStartsAndAfterIdentifiers()
    {
        string text = "int x = 1;\nfoo(bar);\n" + new string(' ', 30);
        int[] cps = text.Select(c => (int)c).ToArray();
        var probes = CompletionProbe.ChoosePositions(cps, 10);
        Assert.Contains((11, ProbeSite.LineStart), probes);          // 'f' of foo
        Assert.Contains((3, ProbeSite.AfterIdentifier), probes);     // after "int"
        Assert.Contains((14, ProbeSite.AfterIdentifier), probes);    // '(' after foo
        Assert.Equal(2, CompletionProbe.MatchLength([(int)'f', 'o', 'x'], cps, 11));
    }
}
