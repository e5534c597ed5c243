using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Backends.Cuda.Native;
using CharRnnLsp.Core.Backends.Selection;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>Where the CUDA libraries are looked for, on fake trees: an explicit folder, a toolkit, and a
/// Python virtual environment's nvidia-* wheels found through the python3 on PATH.</summary>
public sealed class CudaLibraryLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("charrnn-locator").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(string relative)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    private CudaLibraryLocator Locator(Dictionary<string, string> environment) => new(name => environment.GetValueOrDefault(name));

    [Fact]
    public void The_wheels_of_the_python_on_path_are_searched_newest_soname_first_after_the_loader()
    {
        Touch("venv/bin/python3");
        string cu13 = Touch("venv/lib/python3.12/site-packages/nvidia/cu13/lib/libnvrtc.so.13");
        string cu12 = Touch("venv/lib/python3.12/site-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.12");
        string cudnn = Touch("venv/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9");
        var locator = Locator(new() { ["PATH"] = $"/nonexistent:{Path.Combine(_root, "venv", "bin")}" });

        var nvrtc = locator.Candidates(CudaLibrarySpec.Nvrtc).ToList();
        Assert.Equal("libnvrtc.so.13", nvrtc[0].PathOrName); // the loader's own search comes first
        Assert.Null(nvrtc[0].Folder);
        var found = nvrtc.Where(c => c.Folder is not null && c.PathOrName.StartsWith(_root, StringComparison.Ordinal)).Select(c => c.PathOrName).ToList();
        Assert.Equal([cu13, cu12], found);
        Assert.Equal(cudnn, locator.Candidates(CudaLibrarySpec.Cudnn).Single(c => c.Folder is not null && c.PathOrName.StartsWith(_root, StringComparison.Ordinal)).PathOrName);
    }

    [Fact]
    public void The_explicit_path_comes_before_the_loader_and_its_lib64_is_searched()
    {
        string blas = Touch("cuda-explicit/lib64/libcublas.so.12");
        var locator = Locator(new() { [CudaLibraryLocator.PathVariable] = Path.Combine(_root, "cuda-explicit") });
        var first = locator.Candidates(CudaLibrarySpec.Cublas).First();
        Assert.Equal(blas, first.PathOrName);
        Assert.Equal(Path.GetDirectoryName(blas), first.Folder);
    }

    [Fact]
    public void Cuda_home_and_virtual_env_are_searched_and_listed_for_the_error_message()
    {
        string toolkit = Touch("toolkit/targets/x86_64-linux/lib/libcublas.so.13");
        string wheel = Touch("env/lib/python3.11/dist-packages/nvidia/cublas/lib/libcublas.so.12");
        var locator = Locator(new() { ["CUDA_HOME"] = Path.Combine(_root, "toolkit"), ["VIRTUAL_ENV"] = Path.Combine(_root, "env") });
        var found = locator.Candidates(CudaLibrarySpec.Cublas).Where(c => c.Folder is not null && c.PathOrName.StartsWith(_root, StringComparison.Ordinal)).Select(c => c.PathOrName).ToList();
        Assert.Equal([toolkit, wheel], found);
        var searched = locator.SearchedFolders();
        Assert.Contains(Path.GetDirectoryName(toolkit)!, searched);
        Assert.Contains(Path.GetDirectoryName(wheel)!, searched);
    }

    [Theory]
    [InlineData("libcublas.so.13", 13)]
    [InlineData("libcublas.so.12.8.4.1", 12)]
    [InlineData("libnvrtc.so.11.2", 11)]
    [InlineData("libcublas.so", null)]
    public void The_cuda_major_a_file_needs_is_its_soname_major(string fileName, int? major)
    {
        Assert.Equal(major, CudaLibrarySpec.Cublas.CudaMajorOf(fileName));
        Assert.Null(CudaLibrarySpec.Cudnn.CudaMajorOf("libcudnn.so.9")); // cuDNN's 9 is its own version, not CUDA's
    }

    [Fact]
    public void A_library_newer_than_the_driver_is_passed_over_and_named_in_the_error()
    {
        // A made-up library name, so no real library on this machine can answer for it.
        var spec = new CudaLibrarySpec("charrnn-test", "the test library", ["libcharrnn-test.so.13", "libcharrnn-test.so.12"], "nothing", [],
            NamedByCudaMajor: true);
        string tooNew = Touch("toolkit/lib64/libcharrnn-test.so.13");
        var locator = Locator(new() { ["CUDA_HOME"] = Path.Combine(_root, "toolkit") });

        var (path, missing) = CudaLibraryLoader.Load(spec, locator, driverMajor: 12);
        Assert.Null(path);
        Assert.Equal($"the test library: only {tooNew} found, which needs a CUDA 13 driver, and this driver supports CUDA 12; " +
                     $"set {CudaLibraryLocator.PathVariable} to a folder with the CUDA 12 version", missing);

        // With a CUDA 13 driver the file is tried (it is empty, so it does not load) and the plain message follows.
        (path, missing) = CudaLibraryLoader.Load(spec, locator, driverMajor: 13);
        Assert.Null(path);
        Assert.StartsWith("the test library (libcharrnn-test.so.13) not found in the loader path and ", missing);
    }

    [Fact]
    public void A_cudnn_built_for_a_newer_cuda_than_the_driver_is_refused_by_name()
    {
        Assert.Null(CudaDevice.CudnnBuildMismatch(12080, 12040, "/x/libcudnn.so.9")); // minor versions are compatible
        Assert.Null(CudaDevice.CudnnBuildMismatch(12080, 13000, "/x/libcudnn.so.9"));
        Assert.Equal("cuDNN at /x/libcudnn.so.9 was built for CUDA 13.0, and this driver supports CUDA 12.4; install the cuDNN 9 " +
                     $"build for CUDA 12 (pip: nvidia-cudnn-cu12) or set {CudaLibraryLocator.PathVariable} to its folder",
            CudaDevice.CudnnBuildMismatch(13000, 12040, "/x/libcudnn.so.9"));
    }

    [Theory]
    [InlineData("auto", "auto")]
    [InlineData("CPU", "cpu")]
    [InlineData("oneDNN", "onednn")]
    [InlineData("cuda", "cuda:0")]
    [InlineData("cuda:3", "cuda:3")]
    public void Device_names_parse(string text, string expected) => Assert.Equal(expected, DeviceRequest.Parse(text).ToString());

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Other_device_names_are_refused_with_the_choices(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceRequest.Parse(text));
        Assert.Equal($"--device must be auto, cpu, onednn, cuda or cuda:N, got '{text}'", error.Message);
    }
}
