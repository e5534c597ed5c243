using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Backends.Cuda.Native;
using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>NVRTC needs no GPU: these run wherever libnvrtc is found (the test command installs Debian's).</summary>
public sealed class KernelCompilerTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("charrnn-kernels").FullName;

    public KernelCompilerTests() => Environment.SetEnvironmentVariable(KernelCompiler.CacheVariable, _cache);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(KernelCompiler.CacheVariable, null);
        Directory.Delete(_cache, recursive: true);
    }

    [Fact]
    public void Kernels_compile_to_a_cubin_for_hopper_and_the_second_compile_comes_from_the_cache()
    {
        CudaAvailability.RequireNvrtc();
        byte[] first = KernelCompiler.Compile(KernelCompiler.Source, 9, 0, out bool firstCached);
        Assert.False(firstCached);
        Assert.Equal([0x7f, (byte)'E', (byte)'L', (byte)'F'], first[..4]); // a CUBIN is an ELF image
        foreach (var kernel in CudaKernels.Names) Assert.Contains(kernel, System.Text.Encoding.ASCII.GetString(first));
        byte[] second = KernelCompiler.Compile(KernelCompiler.Source, 9, 0, out bool secondCached);
        Assert.True(secondCached);
        Assert.Equal(first, second);
        Assert.Single(Directory.GetFiles(_cache, "*.cubin"));
    }

    [Fact]
    public void A_kernel_that_does_not_compile_gives_a_one_line_error_naming_the_architecture()
    {
        CudaAvailability.RequireNvrtc();
        var error = Assert.Throws<CudaException>(() =>
            KernelCompiler.Compile("extern \"C\" __global__ void broken(float* x) { x[0] = undefined_name; }", 8, 0, out _));
        Assert.Contains("sm_80", error.Message);
        Assert.Contains("undefined_name", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
