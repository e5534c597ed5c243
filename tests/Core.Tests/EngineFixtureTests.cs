using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using Xunit;
using static CharRnnLsp.Core.Tests.EngineTestModels;

namespace CharRnnLsp.Core.Tests;

/// <summary>Loss, final state and every gradient against PyTorch 1.13 (tests/fixtures/make_rnn_fixture.py).</summary>
public class EngineFixtureTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("lstm", 1)] [InlineData("lstm", 2)]
    [InlineData("gru", 1)] [InlineData("gru", 2)]
    [InlineData("rnn", 1)] [InlineData("rnn", 2)]
    public void ForwardBackwardMatchesPyTorch(string cell, int threads)
    {
        var f = Case(cell);
        var model = ModelFrom(f);
        using var graph = new TrainingGraph(model, f.B, f.T, threads);
        AssertMatchesFixture(f, model, graph.Hidden, gradients => graph.ForwardBackward(f.Inputs, f.Targets, gradients, new DeterministicRandom(1)));
    }

    [Theory]
    [InlineData("lstm")] [InlineData("gru")] [InlineData("rnn")]
    public void StepOverEachStreamMatchesGraphForward(string cell)
    {
        var f = Case(cell);
        var model = ModelFrom(f);
        using var graph = new TrainingGraph(model, f.B, f.T, threads: 1);
        var initial = CarriedState(f, f.H0, f.C0);
        initial.CopyTo(graph.Hidden, 0);
        double graphLoss = graph.ForwardLoss(f.Inputs, f.Targets);

        int s = f.Config.StateVectorsPerLayer;
        double stepLoss = 0;
        var logits = new float[f.V];
        for (int b = 0; b < f.B; b++)
        {
            var state = model.NewState();
            for (int l = 0; l < f.L; l++)
                for (int k = 0; k < s; k++)
                    Array.Copy(initial, ((l * s + k) * f.B + b) * f.H, state.Values, (l * s + k) * f.H, f.H);
            for (int t = 0; t < f.T; t++)
            {
                model.Step(state, f.Inputs[t * f.B + b], logits);
                stepLoss += CrossEntropy(logits, f.Targets[t * f.B + b]);
            }
            for (int l = 0; l < f.L; l++)
                for (int k = 0; k < s; k++)
                {
                    var expected = graph.Hidden.AsSpan(((l * s + k) * f.B + b) * f.H, f.H);
                    Assert.InRange(RelativeError(state.Values.AsSpan((l * s + k) * f.H, f.H), expected), 0, 1e-5);
                }
        }
        Assert.InRange(Math.Abs(stepLoss - graphLoss) / graphLoss, 0, 1e-5);
        Assert.InRange(Math.Abs(graphLoss / (f.B * f.T) - f.Loss) / f.Loss, 0, Tolerance);
    }

    private static double CrossEntropy(float[] logits, int target)
    {
        double max = logits.Max(), sum = logits.Sum(x => Math.Exp(x - max));
        return Math.Log(sum) + max - logits[target];
    }
}
