using CharRnnLsp.Core.Optim;
using Xunit;

namespace CharRnnLsp.Training.Tests;

public class OptimizerTests
{
    [Fact]
    public void AdamFirstStepMovesEachParameterByTheLearningRateAgainstTheGradientSign()
    {
        // With bias correction, Adam's first update is lr * g / (|g| + eps) = lr * sign(g).
        var adam = Optimizer.Create(OptimizerKind.Adam, 3);
        float[] p = [1f, 1f, 1f];
        adam.Step(p, [0.5f, -2f, 1e-3f], 0.1f);
        Assert.Equal(0.9f, p[0], 5);
        Assert.Equal(1.1f, p[1], 5);
        Assert.Equal(0.9f, p[2], 3);
        Assert.Equal(1, adam.Steps);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.RmsProp)]
    public void MinimisesAQuadratic(OptimizerKind kind)
    {
        var optimizer = Optimizer.Create(kind, 2);
        float[] p = [3f, -4f];
        var g = new float[2];
        for (int i = 0; i < 2000; i++)
        {
            g[0] = 2 * (p[0] - 1); g[1] = 2 * (p[1] + 2); // minimum at (1, -2)
            optimizer.Step(p, g, 0.01f);
        }
        Assert.Equal(1f, p[0], 1);
        Assert.Equal(-2f, p[1], 1);
    }

    [Fact]
    public void MomentsAreExposedForCheckpointsAndRestoreExactly()
    {
        var a = Optimizer.Create(OptimizerKind.Adam, 4);
        var b = Optimizer.Create(OptimizerKind.Adam, 4);
        float[] pa = [1, 2, 3, 4], pb = [1, 2, 3, 4], g = [0.1f, -0.2f, 0.3f, -0.4f];
        a.Step(pa, g, 0.01f);
        b.Step(pb, g, 0.01f);
        var c = Optimizer.Create(OptimizerKind.Adam, 4);
        foreach (var (name, moment) in b.Moments) moment.CopyTo(c.Moments[name], 0);
        c.Steps = b.Steps;
        float[] pc = (float[])pb.Clone();
        a.Step(pa, g, 0.01f);
        c.Step(pc, g, 0.01f);
        Assert.Equal(pa, pc);
    }

    [Fact]
    public void ClippingScalesToTheGlobalNormAndReportsTheOriginal()
    {
        float[] g = [3f, 4f];
        double norm = GradientClipping.ClipGlobalNorm(g, 1f);
        Assert.Equal(5.0, norm, 6);
        Assert.Equal(0.6f, g[0], 4);
        Assert.Equal(0.8f, g[1], 4);
        float[] small = [0.3f, 0.4f];
        GradientClipping.ClipGlobalNorm(small, 1f);
        Assert.Equal([0.3f, 0.4f], small);
    }

    [Fact]
    public void LearningRateDecaysOncePerEpochAfterTheStart()
    {
        var schedule = new LearningRateSchedule(1f, 0.5f, 2);
        Assert.Equal(1f, schedule.At(1.9));
        Assert.Equal(0.5f, schedule.At(2.0));
        Assert.Equal(0.5f, schedule.At(2.9));
        Assert.Equal(0.25f, schedule.At(3.0));
        Assert.Equal(1f, new LearningRateSchedule(1f, 1f, 0).At(100));
    }
}
