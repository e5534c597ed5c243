using CharRnnLsp.Core.Adaptation;
using Xunit;

namespace CharRnnLsp.Core.Tests.Adaptation;

/// <summary>Geometric mixing on cases small enough to work out by hand.</summary>
public class MixerTests
{
    private static float[] Inputs(params float[][] experts)
    {
        var inputs = new float[experts.Length * experts[0].Length];
        for (int i = 0; i < experts.Length; i++) Mixer.LogInput(experts[i], inputs.AsSpan(i * experts[0].Length));
        return inputs;
    }

    private static float[] Mix(float[] weights, float[] inputs, int vocab)
    {
        var mixer = new Mixer(weights.Length, 1, vocab, weights, 0f);
        var p = new float[vocab];
        mixer.Mix(inputs, 0, p);
        return p;
    }

    [Fact]
    public void WeightOneOnOneExpertGivesThatExpert()
    {
        var p = Mix([1f, 0f], Inputs([0.8f, 0.2f], [0.3f, 0.7f]), 2);
        Assert.Equal(0.8f, p[0], 5);
        Assert.Equal(0.2f, p[1], 5);
    }

    [Fact]
    public void UniformExpertChangesNothing()
    {
        // 0.8 * 0.5 : 0.2 * 0.5 = 0.8 : 0.2
        var p = Mix([1f, 1f], Inputs([0.8f, 0.2f], [0.5f, 0.5f]), 2);
        Assert.Equal(0.8f, p[0], 5);
        Assert.Equal(0.2f, p[1], 5);
    }

    [Fact]
    public void OpposedExpertsOfEqualWeightCancel()
    {
        // 0.8 * 0.2 : 0.2 * 0.8 = 1 : 1
        var p = Mix([1f, 1f], Inputs([0.8f, 0.2f], [0.2f, 0.8f]), 2);
        Assert.Equal(0.5f, p[0], 5);
        Assert.Equal(0.5f, p[1], 5);
    }

    [Fact]
    public void AgreeingExpertsSharpen()
    {
        // 0.75^2 : 0.25^2 = 9 : 1
        var p = Mix([1f, 1f], Inputs([0.75f, 0.25f], [0.75f, 0.25f]), 2);
        Assert.Equal(0.9f, p[0], 5);
        Assert.Equal(0.1f, p[1], 5);
    }

    [Fact]
    public void LearningMovesWeightTowardTheExpertThatWasRight()
    {
        // p = (0.8, 0.2) from expert 0 alone; symbol 1 comes.
        // dw0 = lr (ln 0.2 - (0.8 ln 0.8 + 0.2 ln 0.2)) = 0.1 (-1.609438 + 0.500402) = -0.1109036
        // dw1 = lr (ln 0.8 - (0.8 ln 0.2 + 0.2 ln 0.8)) = 0.1 (-0.223144 + 1.332179) = +0.1109035
        var mixer = new Mixer(2, 2, 2, [1f, 0f], 0.1f);
        var inputs = Inputs([0.8f, 0.2f], [0.2f, 0.8f]);
        var p = new float[2];
        mixer.Mix(inputs, 1, p);
        mixer.Learn(inputs, 1, p, 1);
        Assert.Equal(1f - 0.1109036f, mixer.Weights[2], 5);
        Assert.Equal(0.1109035f, mixer.Weights[3], 5);
        Assert.Equal([1f, 0f], mixer.Weights[..2].ToArray()); // the other context's weights are untouched
    }

    [Fact]
    public void ZeroProbabilityIsFloored()
    {
        var input = new float[2];
        Mixer.LogInput([0f, 1f], input);
        Assert.Equal(Mixer.MinLog, input[0]);
        Assert.Equal(0f, input[1]);
    }
}
