using CharRnnLsp.Core.Data;
using Xunit;

namespace CharRnnLsp.Core.Tests;

public class BatcherTests
{
    private static ArrayTokenStream Sequence(int n) => new(Enumerable.Range(0, n).ToArray());

    [Fact]
    public void DataSplit_OfASmallCorpus_IsContiguous_WithValidationThenTestAtTheTail()
    {
        var split = DataSplit.Create(Sequence(1000), [], 0.9, 0.05);
        Assert.Equal([new TokenRange(0, 900)], split.Train.Ranges);
        Assert.Equal([new TokenRange(900, 50)], split.Validation.Ranges);
        Assert.Equal([new TokenRange(950, 50)], split.Test.Ranges);
        Assert.Throws<ArgumentException>(() => DataSplit.Create(Sequence(10), [], 0.8, 0.3));
        Assert.Throws<ArgumentException>(() => DataSplit.Create(Sequence(10), [], 0, 0.3));
    }

    [Fact]
    public void Next_IsTimeMajor_EachStreamContiguous_TargetsAreNextToken()
    {
        // 103 tokens starting at 10, B=4 -> stream length 25 ; T=6 -> (25-1)/6 = 4 windows.
        var batcher = new Batcher(Sequence(200), new TokenRange(10, 103), batchSize: 4, seqLength: 6);
        Assert.Equal(4, batcher.WindowsPerEpoch);
        var inputs = new int[24];
        var targets = new int[24];
        for (int window = 0; window < 4; window++)
        {
            bool wrapped = batcher.Next(inputs, targets);
            Assert.Equal(window == 3, wrapped);
            for (int t = 0; t < 6; t++)
            for (int b = 0; b < 4; b++)
            {
                int expected = 10 + b * 25 + window * 6 + t;
                Assert.Equal(expected, inputs[t * 4 + b]);
                Assert.Equal(expected + 1, targets[t * 4 + b]);
            }
        }
        Assert.Equal(0, batcher.Position);
        Assert.Equal(1, batcher.Epoch);
    }

    [Fact]
    public void Streams_OverSlices_ReadAcrossSliceBorders_AsOneSequence()
    {
        // Slices [0,10) and [50,60) and [90,100) joined: 30 tokens; B=2 -> streams of 15 starting at joined 0 and 15.
        var slices = new TokenSlices(Sequence(100), [new TokenRange(0, 10), new TokenRange(50, 10), new TokenRange(90, 10)]);
        int[] joined = [.. Enumerable.Range(0, 10), .. Enumerable.Range(50, 10), .. Enumerable.Range(90, 10)];
        var batcher = new Batcher(slices, batchSize: 2, seqLength: 7);
        Assert.Equal(2, batcher.WindowsPerEpoch);
        var inputs = new int[14];
        var targets = new int[14];
        for (int window = 0; window < 2; window++)
        {
            batcher.Next(inputs, targets);
            for (int t = 0; t < 7; t++)
            for (int b = 0; b < 2; b++)
            {
                Assert.Equal(joined[b * 15 + window * 7 + t], inputs[t * 2 + b]);
                Assert.Equal(joined[b * 15 + window * 7 + t + 1], targets[t * 2 + b]);
            }
        }
    }

    [Fact]
    public void Position_SavedAndRestored_ReproducesTheSameBatches()
    {
        var tokens = new ArrayTokenStream(Enumerable.Range(0, 500).Select(i => i * 7 % 31).ToArray());
        var original = new Batcher(tokens, new TokenRange(0, 500), 3, 8);
        var inputs = new int[24];
        var targets = new int[24];
        for (int i = 0; i < 25; i++) original.Next(inputs, targets);
        long savedPosition = original.Position;
        int savedEpoch = original.Epoch;

        var resumed = new Batcher(tokens, new TokenRange(0, 500), 3, 8) { Position = savedPosition, Epoch = savedEpoch };
        var resumedInputs = new int[24];
        var resumedTargets = new int[24];
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(original.Next(inputs, targets), resumed.Next(resumedInputs, resumedTargets));
            Assert.Equal(inputs, resumedInputs);
            Assert.Equal(targets, resumedTargets);
        }
        Assert.Equal(original.Epoch, resumed.Epoch);
        Assert.Throws<ArgumentOutOfRangeException>(() => resumed.Position = resumed.WindowsPerEpoch);
    }

    [Fact]
    public void OnePass_VisitsEveryWindowOnce_WithoutMovingPosition()
    {
        var batcher = new Batcher(Sequence(100), new TokenRange(0, 100), 2, 7);
        var batches = batcher.OnePass().ToList();
        Assert.Equal(batcher.WindowsPerEpoch, batches.Count);
        Assert.Equal(7, batches.Count); // (50 - 1) / 7
        Assert.Equal(new[] { 42, 92 }, batches[^1].Inputs[..2]);
        Assert.Equal(new[] { 49, 99 }, batches[^1].Targets[^2..]);
        Assert.Equal(0, batcher.Position);
    }

    [Fact]
    public void TooFewTokens_ForBatchShape_IsRejectedWithAReason()
    {
        var error = Assert.Throws<ArgumentException>(() => new Batcher(Sequence(20), new TokenRange(0, 20), 4, 5));
        Assert.Contains("too few", error.Message);
    }
}
