using System.Diagnostics;
using Xunit;

namespace CharRnnLsp.Cuda.Tests;

/// <summary>The kernels' arithmetic, without a GPU: Kernels.cu compiled by g++ against a small CUDA emulation
/// (Emulation/cuda_emulation.h: a block's threads are coroutines that meet at __syncthreads) and checked
/// against double-precision references (Emulation/kernel_checks.cpp).</summary>
public sealed class KernelEmulationTests
{
    [Fact]
    public void Every_kernel_matches_its_reference_when_emulated_on_the_cpu()
    {
        string? compiler = FindOnPath("g++");
        if (compiler is null) Assert.Skip("NO g++ ON THIS MACHINE, kernel emulation not tested");
        string emulation = Path.Combine(RepositoryRoot(), "tests", "Cuda.Tests", "Emulation");
        string program = Path.Combine(Directory.CreateTempSubdirectory("charrnn-emulation").FullName, "kernel_checks");
        var build = Run(compiler, "-std=c++20", "-O1", "-U_FORTIFY_SOURCE", "-o", program, Path.Combine(emulation, "kernel_checks.cpp"));
        Assert.True(build.Code == 0, build.Output);
        var run = Run(program);
        Assert.True(run.Code == 0, run.Output);
        Assert.Contains("ok   softmax_cross_entropy dlogits", run.Output);
        Assert.EndsWith("0 failures", run.Output.Trim());
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>Above the test assembly in a checkout; for a published runner started from the repository root, the
    /// shell's working folder ($PWD: the runner itself moves to its own folder).</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in (string[])[AppContext.BaseDirectory, Environment.GetEnvironmentVariable("PWD") ?? "", Directory.GetCurrentDirectory()])
            for (var dir = start.Length > 0 ? new DirectoryInfo(start) : null; dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CharRnnLsp.sln"))) return dir.FullName;
        Assert.Skip("the repository's sources are not above this test runner or the current folder: kernel emulation not tested");
        return "";
    }
}
