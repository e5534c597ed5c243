using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Model;
using Xunit;
using static CharRnnLsp.Core.Tests.EngineTestModels;

namespace CharRnnLsp.Core.Tests;

/// <summary>Analytic gradients against central differences of the loss (summed in double), with dropout
/// masks held fixed by drawing them from the same seed for every evaluation.</summary>
public class GradientCheckTests
{
    [Theory]
    [InlineData(CellType.Lstm, 0f)] [InlineData(CellType.Lstm, 0.3f)]
    [InlineData(CellType.Gru, 0f)] [InlineData(CellType.Gru, 0.3f)]
    [InlineData(CellType.Rnn, 0f)] [InlineData(CellType.Rnn, 0.3f)]
    public void GradientsMatchCentralDifferences(CellType cell, float dropout)
    {
        const int B = 2, T = 3;
        const float Eps = 5e-3f;
        var config = new ModelConfig(cell, VocabSize: 5, EmbeddingSize: 3, HiddenSize: 4, Layers: 2, dropout);
        var model = CharModel.CreateInitialized(config, seed: 7);
        using var graph = new TrainingGraph(model, B, T, threads: 1);
        var inputs = RandomTokens(B * T, config.VocabSize, 1);
        var targets = RandomTokens(B * T, config.VocabSize, 2);
        var initial = new float[graph.Hidden.Length];
        var rng = new Random(3);
        for (int i = 0; i < initial.Length; i++) initial[i] = (float)(rng.NextDouble() - 0.5);

        var analytic = new float[model.Layout.TotalLength];
        double MeanLoss(float[] gradients)
        {
            initial.CopyTo(graph.Hidden, 0);
            graph.ForwardBackward(inputs, targets, gradients, new DeterministicRandom(11));
            return graph.LastLossSum / (B * T);
        }
        MeanLoss(analytic);

        var scratch = new float[analytic.Length];
        var numeric = new float[analytic.Length];
        for (int i = 0; i < numeric.Length; i++)
        {
            float saved = model.Parameters[i];
            model.Parameters[i] = saved + Eps;
            double plus = MeanLoss(scratch);
            model.Parameters[i] = saved - Eps;
            double minus = MeanLoss(scratch);
            model.Parameters[i] = saved;
            numeric[i] = (float)((plus - minus) / (2 * Eps));
        }

        Assert.InRange(RelativeError(analytic, numeric), 0, 2e-3);
        for (int i = 0; i < numeric.Length; i++)
            Assert.True(Math.Abs(analytic[i] - numeric[i]) <= 1e-3 + 1e-2 * Math.Abs(numeric[i]),
                $"parameter {i}: analytic {analytic[i]} numeric {numeric[i]}");
    }
}
