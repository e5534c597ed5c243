using System.Diagnostics;

namespace CharRnnLsp.Training.Tests;

/// <summary>Runs the real charrnn-train (the built dll beside the tests) as a child process.</summary>
public static class CliRunner
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "charrnn-train.dll");

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (string a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("CHARRNN_DEBUG");
        return Process.Start(info)!;
    }

    public static (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); throw new TimeoutException("charrnn-train ran over 5 minutes"); }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The repository root (where CharRnnLsp.sln is), for real corpora.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CharRnnLsp.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A temporary folder holding a copy of this repository's C# sources: a small real code corpus.</summary>
    public static string CopyOfOwnSources()
    {
        string dir = Directory.CreateTempSubdirectory("charrnn-corpus-").FullName;
        foreach (string file in Directory.EnumerateFiles(Path.Combine(RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).Order(StringComparer.Ordinal))
        {
            string target = Path.Combine(dir, Path.GetRelativePath(RepoRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return dir;
    }
}
