using System.Diagnostics;
using System.Text;

namespace CharRnnLsp.Core.Tests;

/// <summary>A throwaway folder for corpus tests, removed on dispose.</summary>
internal sealed class CorpusTestTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("charrnn-corpus-").FullName;

    public string Write(string relativePath, string text) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        string full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["-c", "user.name=t", "-c", "user.email=t@t", .. args]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
    }

    public static bool GitAvailable()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", "--version") { RedirectStandardOutput = true })!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException)
        {
            // .NET cannot name a file whose name is not UTF-8, so it cannot delete one either.
            using var rm = Process.Start("rm", ["-rf", Root]);
            rm.WaitForExit();
        }
    }
}

/// <summary>The whole text of a small test corpus, decoded from its tokens.</summary>
internal static class CorpusText
{
    public static string AllText(this CharRnnLsp.Core.Data.Corpus corpus) => corpus.Decode(0, (int)corpus.Tokens.Length);
}
