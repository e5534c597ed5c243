using CharRnnLsp.Core.Adaptation;
using Xunit;
using static CharRnnLsp.Core.Tests.Adaptation.AdaptationTestModels;

namespace CharRnnLsp.Core.Tests.Adaptation;

public class DynamicEvaluatorTests
{
    private const int Segment = 16;

    private static (float[] Parameters, double Nats) Run(DynamicEvaluationOptions options, int[] text)
    {
        using var evaluator = new DynamicEvaluator(Lstm(), options);
        var hidden = new float[2 * 2 * 16];
        double nats = 0;
        for (int start = 0; start + Segment + 1 <= text.Length; start += Segment)
            nats += evaluator.Adapt(text.AsSpan(start, Segment), text.AsSpan(start + 1, Segment), hidden, null);
        return (evaluator.Model.Parameters, nats);
    }

    [Fact]
    public void AdaptingLowersTheLossOnARepetitiveText()
    {
        var text = Repetitive(40 * Segment + 1);
        var (_, adapted) = Run(new DynamicEvaluationOptions(Segment, LearningRate: 3f), text);
        var (_, frozen) = Run(new DynamicEvaluationOptions(Segment, LearningRate: 0f, Decay: 0f), text);
        Assert.True(adapted < 0.5 * frozen, $"adapted {adapted:F1} nats vs static {frozen:F1}");
    }

    [Fact]
    public void IsBitReproducible()
    {
        var text = Repetitive(8 * Segment + 1);
        var options = new DynamicEvaluationOptions(Segment, LearningRate: 0.5f, Rule: StepRule.Rms);
        var (first, firstNats) = Run(options, text);
        var (second, secondNats) = Run(options, text);
        Assert.Equal(firstNats, secondNats);
        Assert.True(first.AsSpan().SequenceEqual(second), "parameters differ between identical runs");
    }

    [Fact]
    public void NeverChangesTheTrainedWeights()
    {
        var trained = Lstm();
        var copy = (float[])trained.Parameters.Clone();
        using var evaluator = new DynamicEvaluator(trained, new DynamicEvaluationOptions(Segment));
        var text = Repetitive(Segment + 1);
        evaluator.Adapt(text.AsSpan(0, Segment), text.AsSpan(1, Segment), new float[64], null);
        Assert.False(evaluator.Model.Parameters.AsSpan().SequenceEqual(copy), "the step changed nothing");
        Assert.True(trained.Parameters.AsSpan().SequenceEqual(copy), "the trained weights changed");
    }

    [Fact]
    public void DecayReturnsToTheTrainedWeights()
    {
        var trained = Lstm();
        using var evaluator = new DynamicEvaluator(trained, new DynamicEvaluationOptions(Segment, LearningRate: 1f, Decay: 0f));
        var text = Repetitive(Segment + 1);
        var hidden = new float[64];
        void Step() => evaluator.Adapt(text.AsSpan(0, Segment), text.AsSpan(1, Segment), hidden, null);
        for (int i = 0; i < 4; i++) Step();
        double Distance() => evaluator.Model.Parameters.Zip(trained.Parameters, (a, b) => Math.Abs(a - b)).Max();
        double start = Distance();
        evaluator.Options = evaluator.Options with { LearningRate = 0f, Decay = 0.5f };
        double previous = start;
        for (int i = 0; i < 20; i++)
        {
            Step();
            Assert.True(Distance() < previous, "decay did not move toward the trained weights");
            previous = Distance();
        }
        Assert.True(previous < start * 1e-5, $"distance {previous} after 20 halvings of {start}");
        evaluator.Options = evaluator.Options with { Decay = 1f };
        Step();
        Assert.True(evaluator.Model.Parameters.AsSpan().SequenceEqual(trained.Parameters), "decay 1 is not back at the trained weights");
    }

    [Fact]
    public void ADivergingStepFallsBackToTheTrainedWeightsAndSaysSo()
    {
        var trained = Lstm();
        using var evaluator = new DynamicEvaluator(trained, new DynamicEvaluationOptions(Segment, LearningRate: 1e6f, GradientClip: 0f));
        var messages = new List<string>();
        evaluator.Diverged += messages.Add;
        var text = Repetitive(2 * Segment + 1);
        var hidden = new float[64];
        evaluator.Adapt(text.AsSpan(0, Segment), text.AsSpan(1, Segment), hidden, null);   // the huge step
        double nats = evaluator.Adapt(text.AsSpan(Segment, Segment), text.AsSpan(Segment + 1, Segment), hidden, null);
        Assert.Equal(1, evaluator.Divergences);
        var message = Assert.Single(messages);
        Assert.DoesNotContain('\n', message);
        Assert.True(evaluator.Model.Parameters.AsSpan().SequenceEqual(trained.Parameters), "not back at the trained weights");
        Assert.True(double.IsFinite(nats) && nats / Segment < 8, $"the rescored segment cost {nats / Segment} nats/char");
        Assert.All(hidden, h => Assert.True(float.IsFinite(h)));
    }
}
