using System.Diagnostics;

namespace CharRnnLsp.Training.Tests;

/// <summary>Runs the real charrnn-train under Open MPI's mpirun, N ranks on this machine (oversubscribed: the
/// test machine has 2 cores), as root too (CI runs as root).</summary>
public static class MpiRunner
{
    /// <summary>mpirun on PATH, or null: the caller reports SKIPPED (scripts/install-test-deps.sh installs openmpi-bin).</summary>
    public static string? Launcher { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Select(dir => Path.Combine(dir, "mpirun")).FirstOrDefault(File.Exists);

    /// <param name="environment">Variables to set for the ranks (besides the inherited ones).</param>
    public static Process Start(int ranks, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Launcher ?? "mpirun") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["--oversubscribe", "--bind-to", "none", "-np", ranks.ToString(), "dotnet", CliRunner.Dll, .. args])
            info.ArgumentList.Add(a);
        info.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        info.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        info.Environment.Remove("CHARRNN_DEBUG");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    public static (int ExitCode, string Out, string Err) Run(int ranks, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(ranks, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); throw new TimeoutException("mpirun ran over 5 minutes"); }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The process ids of mpirun's ranks, from /proc (their parent is mpirun; each knows its rank).</summary>
    public static Dictionary<int, int> RankProcesses(Process mpirun)
    {
        var ranks = new Dictionary<int, int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (parent != mpirun.Id) continue;
                string rank = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0')
                    .FirstOrDefault(v => v.StartsWith("OMPI_COMM_WORLD_RANK=", StringComparison.Ordinal)) ?? "";
                if (int.TryParse(rank.Split('=').Last(), out int r)) ranks[r] = pid;
            }
            catch (IOException) { } // the process ended while we looked
        }
        return ranks;
    }

    /// <summary>Whether process <paramref name="pid"/> has an MPI library mapped.</summary>
    public static bool HasMpiLoaded(int pid) => File.ReadAllText($"/proc/{pid}/maps").Contains("libmpi.so", StringComparison.Ordinal);
}
