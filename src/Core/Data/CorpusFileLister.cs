using System.Diagnostics;

namespace CharRnnLsp.Core.Data;

/// <summary>A candidate file: its path relative to the corpus root ('/'-separated) and on disk.</summary>
internal sealed record CorpusFile(string RelativePath, string FullPath);

/// <summary>
/// Lists the files under a corpus root: through `git ls-files` inside a checkout, else by walking the
/// tree with its .gitignore files. Both yield ordinal path order so a corpus is reproducible.
/// </summary>
internal static class CorpusFileLister
{
    private const int MaxDepth = 128;

    /// <summary>Files git would track here (tracked plus untracked-not-ignored), or null when this is no checkout.</summary>
    public static List<CorpusFile>? TryListWithGit(string root)
    {
        string? output = RunGit(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        if (output is null) return null;
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal) // a file with merge conflicts is listed once per stage
            .Order(StringComparer.Ordinal)
            .Select(rel => new CorpusFile(rel, Path.Combine(root, rel)))
            .ToList();
    }

    public static List<CorpusFile> Walk(string root, bool useGitIgnore, CorpusSummary summary)
    {
        var files = new List<CorpusFile>();
        var ignore = new GitIgnoreRules(useGitIgnore);
        var visitedDirectories = new HashSet<string>(StringComparer.Ordinal) { RealPath(new DirectoryInfo(root)) };
        WalkDirectory(new DirectoryInfo(root), "", 0, ignore, visitedDirectories, files, summary);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private static void WalkDirectory(DirectoryInfo dir, string relDir, int depth, GitIgnoreRules ignore,
        HashSet<string> visited, List<CorpusFile> files, CorpusSummary summary)
    {
        FileSystemInfo[] entries;
        try
        {
            string gitignore = Path.Combine(dir.FullName, ".gitignore");
            if (File.Exists(gitignore)) ignore.AddFile(relDir, File.ReadAllLines(gitignore));
            entries = dir.GetFileSystemInfos();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            summary.Skip(SkipReasons.Unreadable, relDir.Length == 0 ? "." : relDir + "/");
            return;
        }
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            string rel = relDir.Length == 0 ? entry.Name : relDir + "/" + entry.Name;
            if (entry.Name == ".git") continue;
            if (entry is DirectoryInfo sub)
            {
                if (ignore.IsIgnored(rel, isDirectory: true))
                {
                    summary.Skip(SkipReasons.GitIgnored, rel + "/");
                    continue;
                }
                // A directory symlink pointing back up the tree would walk forever; each real folder is entered once.
                if (depth + 1 > MaxDepth || !visited.Add(RealPath(sub)))
                {
                    summary.Skip(SkipReasons.SymlinkRevisit, rel + "/");
                    continue;
                }
                WalkDirectory(sub, rel, depth + 1, ignore, visited, files, summary);
            }
            else if (ignore.IsIgnored(rel, isDirectory: false))
            {
                summary.Skip(SkipReasons.GitIgnored, rel);
            }
            else
            {
                files.Add(new CorpusFile(rel, entry.FullName));
            }
        }
    }

    /// <summary>The folder's path with every symlink on it resolved, so two routes to one folder compare equal.</summary>
    private static string RealPath(DirectoryInfo dir)
    {
        try
        {
            if (dir.LinkTarget is not null)
            {
                var target = dir.ResolveLinkTarget(returnFinalTarget: true);
                return target is null ? dir.FullName : RealPath(new DirectoryInfo(target.FullName));
            }
            return dir.Parent is null ? dir.FullName : Path.Combine(RealPath(dir.Parent), dir.Name);
        }
        catch (IOException)
        {
            // Unresolvable (e.g. a link cycle the OS refuses): its own path keeps it unique, and MaxDepth bounds it.
            return dir.FullName;
        }
    }

    private static string? RunGit(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result;
            return process.ExitCode == 0 ? stdout : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed: walk the tree ourselves
        }
    }
}
