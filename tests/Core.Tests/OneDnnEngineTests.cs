using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Backends.OneDnn;
using CharRnnLsp.Core.Backends.OneDnn.Native;
using CharRnnLsp.Core.Backends.Selection;
using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Optim;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Model;
using Xunit;
using static CharRnnLsp.Core.Tests.EngineTestModels;

namespace CharRnnLsp.Core.Tests;

/// <summary>Runs only where libdnnl.so.2 loads (scripts/install-test-deps.sh installs libdnnl2); otherwise
/// reported as skipped, with the reason.</summary>
public sealed class OneDnnTheoryAttribute : TheoryAttribute
{
    public OneDnnTheoryAttribute()
    {
        if (!DnnlNative.IsAvailable) Skip = $"SKIPPED: {DnnlNative.UnavailableReason}, so the oneDNN engine is NOT verified";
    }
}

/// <summary>The oneDNN engine against the PyTorch 1.13 fixture (as EngineFixtureTests checks the managed one) and
/// against the managed engine where the fixture has nothing (dropout, several calls carrying the state).</summary>
public class OneDnnEngineTests
{
    private const double Tolerance = 1e-4;

    [OneDnnTheory]
    [InlineData(1)] [InlineData(2)]
    public void ForwardBackwardMatchesPyTorch(int threads)
    {
        var f = Case("lstm"); // E = 7 differs from H = 16: layer 0 and the layers above get different primitives
        var model = ModelFrom(f);
        using var graph = new OneDnnTrainingGraph(model, f.B, f.T, threads);
        AssertMatchesFixture(f, model, graph.Hidden, gradients => graph.ForwardBackward(f.Inputs, f.Targets, gradients, new DeterministicRandom(1)));
    }

    [OneDnnTheory]
    [InlineData(0f, 6, 1)] [InlineData(0.3f, 6, 2)]    // E < V: layer 0 reads embedding rows
    [InlineData(0f, 16, 2)] [InlineData(0.3f, 16, 1)]  // E > V: layer 0 reads one-hot symbols through W_ih0 Emb^T
    public void TwoCallsWithDropoutMatchManagedEngine(float dropout, int embedding, int threads)
    {
        var model = CharModel.CreateInitialized(new ModelConfig(CellType.Lstm, 13, embedding, 10, 3, dropout), 4);
        const int batch = 5, seq = 7; // 5 streams: with 2 threads the groups differ in size
        using var managed = new TrainingGraph(model, batch, seq, threads: 1);
        using var oneDnn = new OneDnnTrainingGraph(model, batch, seq, threads);
        var (managedRng, oneDnnRng) = (new DeterministicRandom(9), new DeterministicRandom(9));
        var expected = new float[model.Layout.TotalLength];
        var actual = new float[model.Layout.TotalLength];
        for (int call = 0; call < 2; call++) // the second starts from the state the first carried over
        {
            var inputs = RandomTokens(batch * seq, 13, 10 + call);
            var targets = RandomTokens(batch * seq, 13, 20 + call);
            float expectedLoss = managed.ForwardBackward(inputs, targets, expected, managedRng);
            float actualLoss = oneDnn.ForwardBackward(inputs, targets, actual, oneDnnRng);

            Assert.InRange(Math.Abs(actualLoss - expectedLoss) / expectedLoss, 0, Tolerance);
            Assert.InRange(RelativeError(oneDnn.Hidden, managed.Hidden), 0, Tolerance);
            foreach (var view in model.Layout.Tensors)
            {
                double error = RelativeError(actual.AsSpan(view.Offset, view.Length), expected.AsSpan(view.Offset, view.Length));
                Assert.True(error < Tolerance, $"call {call}, {view.Name}: relative error {error:E2}");
            }
        }
    }

    [OneDnnTheory]
    [InlineData(DnnlNative.TagTnc, new long[] { 5, 3, 7 })]
    [InlineData(DnnlNative.TagLdgoi, new long[] { 1, 1, 7, 4, 16 })]
    public unsafe void MemoryDescriptorMirrorsTheHeader(int tag, long[] dims)
    {
        var desc = DnnlContext.Desc(tag, dims);

        Assert.Equal(dims.Length, desc.NDims);
        for (int i = 0; i < dims.Length; i++) Assert.Equal(dims[i], desc.Dims[i]);
        Assert.Equal(DnnlNative.F32, desc.DataType);
        Assert.Equal(dims.Aggregate(4L, (a, d) => a * d), (long)DnnlNative.MemoryDescGetSize(&desc));
    }

    [OneDnnTheory]
    [InlineData(CellType.Gru)] [InlineData(CellType.Rnn)]
    public void RefusesOtherCellsInOneLine(CellType cell)
    {
        var model = CharModel.CreateInitialized(new ModelConfig(cell, 5, 4, 4, 1), 1);
        var e = Assert.Throws<ArgumentException>(() => new OneDnnTrainingGraph(model, 2, 3, 1));
        Assert.DoesNotContain('\n', e.Message);
    }

    [OneDnnTheory]
    [InlineData(CellType.Lstm, "onednn", true, null)]
    [InlineData(CellType.Gru, "onednn", false, "; managed CPU engine: oneDNN trains LSTMs only, this is a Gru")]
    [InlineData(CellType.Lstm, "cpu", false, null)]
    public void DeviceChoiceTakesOneDnnForLstmsAndSaysWhyNot(CellType cell, string device, bool oneDnn, string? why)
    {
        var model = CharModel.CreateInitialized(new ModelConfig(cell, 5, 4, 4, 1), 1);
        using var choice = DeviceChoice.Make(DeviceRequest.Parse(device), new CudaMathOptions(false));
        using var engine = choice.CreateEngine(model, Optimizer.Create(OptimizerKind.Adam, model.Parameters.Length), 2, 3, 1);

        Assert.StartsWith("cpu (", engine.Description);
        Assert.Equal(oneDnn, engine.Description.Contains("oneDNN"));
        Assert.Equal($"--device {device}{why}", choice.Reason);
    }
}
