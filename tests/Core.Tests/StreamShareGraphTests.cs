using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;
using Xunit;
using static CharRnnLsp.Core.Tests.EngineTestModels;

namespace CharRnnLsp.Core.Tests;

/// <summary>The data-parallel split without MPI: graphs that each run one rank's share of the streams add up to
/// the graph of the whole batch.</summary>
public class StreamShareGraphTests
{
    private const int B = 7, T = 6, V = 13;

    [Theory]
    [InlineData(7, 1)] [InlineData(7, 2)] [InlineData(7, 3)] [InlineData(7, 7)] [InlineData(50, 4)]
    public void SharesTileTheBatchInOrderAndDifferByAtMostOne(int batch, int parts)
    {
        var shares = Enumerable.Range(0, parts).Select(p => StreamRange.Share(batch, p, parts)).ToList();
        Assert.Equal(0, shares[0].First);
        for (int p = 1; p < parts; p++) Assert.Equal(shares[p - 1].First + shares[p - 1].Count, shares[p].First);
        Assert.Equal(batch, shares.Sum(s => s.Count));
        Assert.InRange(shares.Max(s => s.Count) - shares.Min(s => s.Count), 0, 1);
    }

    [Theory]
    [InlineData(2)] [InlineData(3)]
    public void SharedGraphsSumToTheWholeBatchOfAsManyThreadsBitForBit(int ranks)
    {
        var model = CharModel.CreateInitialized(new ModelConfig(CellType.Lstm, V, 9, 24, 2, Dropout: 0.25f), 5);
        using var whole = new TrainingGraph(model, B, T, threads: ranks);
        var shares = Enumerable.Range(0, ranks).Select(r => new TrainingGraph(model, B, T, 1, StreamRange.Share(B, r, ranks))).ToList();
        var expected = new float[model.Layout.TotalLength];
        var summed = new float[expected.Length];
        var part = new float[expected.Length];
        for (int call = 0; call < 2; call++) // the second call starts from the carried state
        {
            int[] inputs = RandomTokens(B * T, V, call), targets = RandomTokens(B * T, V, call + 10);
            whole.ForwardBackward(inputs, targets, expected, new DeterministicRandom(42 + (ulong)call));
            Array.Clear(summed);
            double loss = 0;
            foreach (var share in shares) // every rank draws the whole batch's masks from the same generator
            {
                share.ForwardBackward(inputs, targets, part, new DeterministicRandom(42 + (ulong)call));
                for (int i = 0; i < part.Length; i++) summed[i] += part[i];
                loss += share.LastLossSum;
            }
            Assert.Equal(expected, summed);
            Assert.Equal(whole.LastLossSum, loss);
        }
        int h = model.Config.HiddenSize;
        foreach (var share in shares)
            for (int block = 0; block < whole.Hidden.Length; block += B * h)
            {
                int at = block + share.Streams.First * h, length = share.Streams.Count * h;
                Assert.Equal(whole.Hidden.AsSpan(at, length).ToArray(), share.Hidden.AsSpan(at, length).ToArray());
            }
        foreach (var share in shares) share.Dispose();
    }
}
