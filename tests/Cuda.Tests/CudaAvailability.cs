using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Backends.Cuda.Native;
using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>Skips a test, loudly and with the reason, when what it needs is not on this machine.</summary>
internal static class CudaAvailability
{
    public static void RequireNvrtc()
    {
        if (!CudaLibraryLoader.TryRequire(CudaLibrarySpec.Nvrtc, out _, out string missing))
            Assert.Skip($"NO NVRTC ON THIS MACHINE, kernel compilation not tested: {missing}");
    }

    /// <summary>Whether <paramref name="device"/> is the CPU test double of the CUDA libraries
    /// (Emulation/build-fake-cuda.sh), which runs slowly.</summary>
    public static bool IsTestDouble(CudaDevice device) => device.Name.Contains("test double", StringComparison.Ordinal);

    /// <summary>The first CUDA device, or a skip that says why there is none.</summary>
    public static CudaDevice RequireGpu()
    {
        if (!CudaDevice.TryOpen(0, out var device, out string reason))
            Assert.Skip($"NO GPU ON THIS MACHINE, CUDA backend not tested: {reason}");
        return device!;
    }
}
