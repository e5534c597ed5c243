using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Model;
using Xunit;
using static CharRnnLsp.Core.Tests.EngineTestModels;

namespace CharRnnLsp.Core.Tests;

public class EngineGraphTests
{
    [Theory]
    [InlineData(CellType.Lstm)] [InlineData(CellType.Gru)] [InlineData(CellType.Rnn)]
    public void CarriedStateMakesTwoHalvesEqualOneLongSequence(CellType cell)
    {
        const int B = 3, T = 4;
        var model = CharModel.CreateInitialized(new ModelConfig(cell, 9, 5, 12, 2), 4);
        var inputs = RandomTokens(2 * T * B, 9, 1);
        var targets = RandomTokens(2 * T * B, 9, 2);
        using var whole = new TrainingGraph(model, B, 2 * T, threads: 1);
        using var halves = new TrainingGraph(model, B, T, threads: 2);

        double expected = whole.ForwardLoss(inputs, targets);
        double actual = halves.ForwardLoss(inputs.AsSpan(0, T * B), targets.AsSpan(0, T * B))
                      + halves.ForwardLoss(inputs.AsSpan(T * B), targets.AsSpan(T * B));

        Assert.Equal(expected, actual, 1e-4);
        Assert.InRange(RelativeError(halves.Hidden, whole.Hidden), 0, 1e-6);
        halves.ResetHidden();
        Assert.All(halves.Hidden, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ForwardLossIgnoresDropoutWhileTrainingUsesIt()
    {
        const int B = 2, T = 5;
        var withDropout = CharModel.CreateInitialized(new ModelConfig(CellType.Lstm, 7, 4, 8, 2, Dropout: 0.5f), 9);
        var without = new CharModel(withDropout.Config with { Dropout = 0f }, withDropout.Parameters);
        var inputs = RandomTokens(T * B, 7, 3);
        var targets = RandomTokens(T * B, 7, 4);
        using var a = new TrainingGraph(withDropout, B, T, 1);
        using var b = new TrainingGraph(without, B, T, 1);

        Assert.Equal(b.ForwardLoss(inputs, targets), a.ForwardLoss(inputs, targets), 1e-9);
        a.ResetHidden(); b.ResetHidden();
        var gradients = new float[withDropout.Layout.TotalLength];
        float dropped = a.ForwardBackward(inputs, targets, gradients, new DeterministicRandom(1));
        float plain = b.ForwardBackward(inputs, targets, gradients, new DeterministicRandom(1));
        Assert.NotEqual(plain, dropped);
    }

    [Fact]
    public void BadArgumentsGetOneLineErrors()
    {
        var model = CharModel.CreateInitialized(new ModelConfig(CellType.Rnn, 5, 3, 4, 1), 1);
        using var graph = new TrainingGraph(model, 2, 3, 1);
        var gradients = new float[model.Layout.TotalLength];
        var rng = new DeterministicRandom(1);
        var tooShort = Assert.Throws<ArgumentException>(() => graph.ForwardBackward(new int[5], new int[6], gradients, rng));
        var outside = Assert.Throws<ArgumentException>(() => graph.ForwardLoss([0, 1, 2, 3, 4, 0], [0, 1, 2, 3, 4, 9]));
        Assert.Throws<ArgumentException>(() => graph.ForwardBackward(new int[6], new int[6], new float[3], rng));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Step(model.NewState(), 5, new float[5]));
        Assert.DoesNotContain('\n', tooShort.Message);
        Assert.Contains("9", outside.Message);
    }
}
