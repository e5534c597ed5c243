using CharRnnLsp.Core.Model;
using Xunit;

namespace CharRnnLsp.Core.Tests;

public class EngineModelTests
{
    [Fact]
    public void InitializationFollowsPyTorchRangesAndForgetBias()
    {
        var config = new ModelConfig(CellType.Lstm, 20, 16, 32, 2);
        var model = CharModel.CreateInitialized(config, 3, forgetBias: 1f);
        float bound = 1f / MathF.Sqrt(32);
        foreach (var view in model.Layout.Tensors.Where(t => t.Name != "embedding.weight"))
        {
            var values = model.Parameters.AsSpan(view.Offset, view.Length).ToArray();
            if (view.Name.StartsWith("rnn.bias", StringComparison.Ordinal))
            {
                float forget = view.Name.StartsWith("rnn.bias_ih", StringComparison.Ordinal) ? 1f : 0f;
                Assert.All(values.Skip(32).Take(32), v => Assert.Equal(forget, v));
                values = values.Take(32).Concat(values.Skip(64)).ToArray();
            }
            Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, bound));
            Assert.True(values.Distinct().Count() > values.Length / 2, view.Name + " looks constant");
        }
        var embedding = model.Parameters.AsSpan(0, 20 * 16).ToArray();
        double mean = embedding.Average(), variance = embedding.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.2, 0.2);
        Assert.InRange(variance, 0.75, 1.25);
        Assert.Equal(model.Parameters, CharModel.CreateInitialized(config, 3, forgetBias: 1f).Parameters);
        Assert.NotEqual(model.Parameters, CharModel.CreateInitialized(config, 4, forgetBias: 1f).Parameters);
        // Without a forget bias every bias is uniform, as in PyTorch.
        var plain = CharModel.CreateInitialized(config, 3);
        var forgetSlice = plain.Parameters.AsSpan(plain.Layout["rnn.bias_ih_l0"].Offset + 32, 32).ToArray();
        Assert.True(forgetSlice.Distinct().Count() > 16);
        Assert.All(forgetSlice, v => Assert.InRange(Math.Abs(v), 0, bound));
    }

    [Theory]
    [InlineData(CellType.Lstm)] [InlineData(CellType.Gru)] [InlineData(CellType.Rnn)]
    public void StepDoesNotAllocate(CellType cell)
    {
        var model = CharModel.CreateInitialized(new ModelConfig(cell, 30, 16, 64, 2), 1);
        var state = model.NewState();
        var logits = new float[30];
        for (int i = 0; i < 10; i++) model.Step(state, i % 30, logits); // JIT and BLAS warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++) model.Step(state, i % 30, logits);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Contains(logits, v => v != 0f);
    }
}
