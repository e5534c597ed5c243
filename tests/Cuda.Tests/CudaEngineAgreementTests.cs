using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;
using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>The CUDA engine against the CPU engine from the same initial weights and batches, FP32 math:
/// loss, every gradient tensor, the carried hidden state and the first optimizer steps.</summary>
public sealed class CudaEngineAgreementTests
{
    private const int B = 8, T = 12;

    [Theory]
    [InlineData(CellType.Lstm)]
    [InlineData(CellType.Gru)]
    [InlineData(CellType.Rnn)]
    public void Loss_gradients_and_carried_state_agree_with_the_cpu_over_two_batches(CellType cell)
    {
        using var device = CudaAvailability.RequireGpu();
        var config = new ModelConfig(cell, VocabSize: 37, EmbeddingSize: 16, HiddenSize: 32, Layers: 2);
        var cpuModel = CharModel.CreateInitialized(config, seed: 3);
        var gpuModel = new CharModel(config, (float[])cpuModel.Parameters.Clone());
        using var cpu = new TrainingGraph(cpuModel, B, T, threads: 1);
        using var gpu = new CudaTrainingEngine(device, gpuModel, Optimizer.Create(OptimizerKind.Adam, gpuModel.Parameters.Length), B, T);
        var random = new DeterministicRandom(11);
        for (int batch = 0; batch < 2; batch++)
        {
            var (inputs, targets) = RandomBatch(random, config.VocabSize);
            var expected = new float[cpuModel.Parameters.Length];
            var actual = new float[expected.Length];
            float cpuLoss = cpu.ForwardBackward(inputs, targets, expected, new DeterministicRandom(1));
            float gpuLoss = gpu.Gradients(inputs, targets, actual, new DeterministicRandom(1));
            Assert.True(Math.Abs(gpuLoss - cpuLoss) <= TensorAssert.Tolerance * cpuLoss, $"batch {batch}: loss {gpuLoss} on the GPU, {cpuLoss} on the CPU");
            foreach (var tensor in cpuModel.Layout.Tensors)
                TensorAssert.Close(expected.AsSpan(tensor.Offset, tensor.Length), actual.AsSpan(tensor.Offset, tensor.Length), $"batch {batch}: d{tensor.Name}");
            TensorAssert.Close(cpu.Hidden, gpu.SyncToHost(), $"batch {batch}: carried hidden state");
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.RmsProp)]
    public void Clipped_optimizer_steps_follow_the_cpu_engine(OptimizerKind kind)
    {
        using var device = CudaAvailability.RequireGpu();
        var config = new ModelConfig(CellType.Lstm, 37, 16, 32, 2);
        var cpuModel = CharModel.CreateInitialized(config, seed: 5);
        var gpuModel = new CharModel(config, (float[])cpuModel.Parameters.Clone());
        var cpuOptimizer = Optimizer.Create(kind, cpuModel.Parameters.Length);
        var gpuOptimizer = Optimizer.Create(kind, gpuModel.Parameters.Length);
        using var cpu = new CpuTrainingEngine(cpuModel, cpuOptimizer, B, T, threads: 1, SoloTeam.Instance);
        using var gpu = new CudaTrainingEngine(device, gpuModel, gpuOptimizer, B, T);
        var random = new DeterministicRandom(12);
        for (int step = 0; step < 5; step++)
        {
            var (inputs, targets) = RandomBatch(random, config.VocabSize);
            // A clip far below the gradient norm, so the clipping factor is exercised on both sides.
            float cpuLoss = cpu.Step(inputs, targets, 2e-3f, 0.05f, new DeterministicRandom(1));
            float gpuLoss = gpu.Step(inputs, targets, 2e-3f, 0.05f, new DeterministicRandom(1));
            Assert.True(Math.Abs(gpuLoss - cpuLoss) <= TensorAssert.Tolerance * cpuLoss, $"step {step}: loss {gpuLoss} on the GPU, {cpuLoss} on the CPU");
        }
        gpu.SyncToHost();
        Assert.Equal(cpuOptimizer.Steps, gpuOptimizer.Steps);
        // Moments are smooth in the gradients; parameters are not compared element by element, because an
        // Adam or RMSProp update of a gradient within rounding of zero takes either sign (the kernels are
        // compared on identical gradients in CudaKernelTests).
        foreach (var (name, moment) in cpuOptimizer.Moments) TensorAssert.Close(moment, gpuOptimizer.Moments[name], $"optimizer {name}");
        Assert.NotEqual(cpuModel.Parameters, CharModel.CreateInitialized(config, seed: 5).Parameters);
    }

    [Fact]
    public void Validation_loss_on_the_gpu_matches_the_cpu_graph()
    {
        using var device = CudaAvailability.RequireGpu();
        var config = new ModelConfig(CellType.Lstm, 37, 16, 32, 3);
        var model = CharModel.CreateInitialized(config, seed: 8);
        using var engine = new CudaTrainingEngine(device, model, Optimizer.Create(OptimizerKind.Adam, model.Parameters.Length), B, T);
        using var gpuLoss = engine.CreateLossGraph(5, 20);
        using var cpuLoss = new TrainingGraph(model, 5, 20, threads: 1);
        var random = new DeterministicRandom(13);
        for (int batch = 0; batch < 3; batch++)
        {
            var inputs = Enumerable.Range(0, 100).Select(_ => random.NextInt(37)).ToArray();
            var targets = Enumerable.Range(0, 100).Select(_ => random.NextInt(37)).ToArray();
            double expected = cpuLoss.ForwardLoss(inputs, targets), actual = gpuLoss.ForwardLoss(inputs, targets);
            Assert.True(Math.Abs(actual - expected) <= TensorAssert.Tolerance * expected, $"batch {batch}: {actual} on the GPU, {expected} on the CPU");
        }
    }

    private static (int[] Inputs, int[] Targets) RandomBatch(DeterministicRandom random, int vocabulary)
        => (Enumerable.Range(0, B * T).Select(_ => random.NextInt(vocabulary)).ToArray(),
            Enumerable.Range(0, B * T).Select(_ => random.NextInt(vocabulary)).ToArray());
}
