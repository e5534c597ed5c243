using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Optim;
using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>The optimizer and clipping kernels against the host code they replace, on identical inputs.</summary>
public sealed class CudaKernelTests
{
    private const int N = 100_003; // not a multiple of the block size

    [Theory]
    [InlineData(OptimizerKind.Adam, 5f)]
    [InlineData(OptimizerKind.Adam, 0.01f)]
    [InlineData(OptimizerKind.RmsProp, 0.01f)]
    public void Clipped_optimizer_kernels_match_the_host_optimizer(OptimizerKind kind, float clip)
    {
        using var device = CudaAvailability.RequireGpu();
        var random = new DeterministicRandom(21);
        float[] parameters = Values(random, 0.1f), gradients = Values(random, 0.01f);
        var host = Optimizer.Create(kind, N);
        var hostParameters = (float[])parameters.Clone();
        using var p = Upload(device, parameters);
        using var g = Upload(device, gradients);
        var moments = host.Moments.Values.Select(_ => DeviceBuffer.Floats(device, N)).ToArray();
        using var partials = new DeviceBuffer(device, CudaKernels.ReductionBlocks * sizeof(double));
        using var norm = DeviceBuffer.Floats(device, 1);
        using var scale = DeviceBuffer.Floats(device, 1);
        for (int step = 1; step <= 3; step++)
        {
            var clipped = (float[])gradients.Clone();
            double hostNorm = GradientClipping.ClipGlobalNorm(clipped, clip);
            host.Step(hostParameters, clipped, 2e-3f);
            device.Kernels.SumSquaresPartial(g.Pointer, N, partials.Pointer);
            device.Kernels.ClipScale(partials.Pointer, CudaKernels.ReductionBlocks, clip, norm.Pointer, scale.Pointer);
            if (kind == OptimizerKind.Adam)
            {
                var (stepSize, root2) = AdamOptimizer.Corrections(2e-3f, step);
                device.Kernels.AdamStep(p.Pointer, g.Pointer, moments[0].Pointer, moments[1].Pointer, N, stepSize, root2, scale.Pointer);
            }
            else device.Kernels.RmsPropStep(p.Pointer, g.Pointer, moments[0].Pointer, N, 2e-3f, scale.Pointer);
            var gpuNorm = new float[1];
            norm.Download<float>(gpuNorm);
            Assert.True(Math.Abs(gpuNorm[0] - hostNorm) <= 1e-5 * hostNorm, $"norm {gpuNorm[0]} on the GPU, {hostNorm} on the host");
        }
        var result = new float[N];
        p.Download<float>(result);
        TensorAssert.Close(hostParameters, result, $"{kind} parameters after 3 steps");
        foreach (var m in moments) m.Dispose();
    }

    [Fact]
    public void Dropout_mask_keeps_about_one_minus_p_and_scales_what_it_keeps()
    {
        using var device = CudaAvailability.RequireGpu();
        using var x = Upload(device, Enumerable.Repeat(1f, N).ToArray());
        using var mask = DeviceBuffer.Floats(device, N);
        device.Kernels.DropoutForward(x.Pointer, mask.Pointer, N, 0.3f, seed: 42);
        var result = new float[N];
        x.Download<float>(result);
        int kept = result.Count(v => v != 0);
        Assert.InRange(kept / (double)N, 0.69, 0.71);
        Assert.All(result.Where(v => v != 0), v => Assert.Equal(1f / 0.7f, v, 6));
    }

    private static float[] Values(DeterministicRandom random, float size)
        => Enumerable.Range(0, N).Select(_ => (2 * random.NextFloat() - 1) * size).ToArray();

    private static DeviceBuffer Upload(CudaDevice device, float[] values)
    {
        var buffer = DeviceBuffer.Floats(device, values.Length);
        buffer.Upload<float>(values);
        return buffer;
    }
}
