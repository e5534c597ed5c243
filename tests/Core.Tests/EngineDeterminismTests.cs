using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Model;
using Xunit;
using static CharRnnLsp.Core.Tests.EngineTestModels;

namespace CharRnnLsp.Core.Tests;

public class EngineDeterminismTests
{
    private static (float[] Gradients, float[] Hidden, float Loss) TwoCalls(int threads, ulong seed)
    {
        const int B = 7, T = 6;
        var config = new ModelConfig(CellType.Lstm, 13, 9, 24, 2, Dropout: 0.25f);
        var model = CharModel.CreateInitialized(config, 5);
        using var graph = new TrainingGraph(model, B, T, threads);
        var gradients = new float[model.Layout.TotalLength];
        var rng = new DeterministicRandom(seed);
        float loss = 0;
        for (int call = 0; call < 2; call++) // the second call starts from the carried state
            loss = graph.ForwardBackward(RandomTokens(B * T, 13, call), RandomTokens(B * T, 13, call + 10), gradients, rng);
        return (gradients, (float[])graph.Hidden.Clone(), loss);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)]
    public void SameSeedAndThreadsGiveBitIdenticalResults(int threads)
    {
        var first = TwoCalls(threads, 42);
        var second = TwoCalls(threads, 42);
        Assert.Equal(first.Gradients, second.Gradients);
        Assert.Equal(first.Hidden, second.Hidden);
        Assert.Equal(first.Loss, second.Loss);
    }

    [Fact]
    public void ThreadCountChangesOnlyRounding()
    {
        var one = TwoCalls(1, 42);
        var two = TwoCalls(2, 42);
        Assert.InRange(RelativeError(two.Gradients, one.Gradients), 0, 1e-6);
        Assert.InRange(RelativeError(two.Hidden, one.Hidden), 0, 1e-6);
        Assert.InRange(Math.Abs(two.Loss - one.Loss), 0, 1e-5);
    }

    [Fact]
    public void DifferentDropoutSeedsGiveDifferentGradients()
    {
        Assert.NotEqual(TwoCalls(1, 1).Gradients, TwoCalls(1, 2).Gradients);
    }
}
