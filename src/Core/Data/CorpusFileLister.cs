using System.Diagnostics;
using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Data;

/// <summary>A candidate file: its path relative to the corpus root ('/'-separated, bad UTF-8 escaped) and on disk.</summary>
internal sealed record CorpusFile(string RelativePath, DiskPath Path);

/// <summary>
/// Lists the files under a corpus root: through `git ls-files` inside a checkout, else by walking the
/// tree with its .gitignore files. Both yield ordinal path order so a corpus is reproducible.
/// </summary>
internal static class CorpusFileLister
{
    /// <summary>Files git would track here (tracked plus untracked-not-ignored), or null when this is no checkout.</summary>
    public static List<CorpusFile>? TryListWithGit(string root)
    {
        byte[]? output = RunGit(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        if (output is null) return null;
        var rootPath = DiskPath.Of(root);
        // git prints names as the file system stores them: bytes, not necessarily UTF-8.
        return SplitAtNul(output)
            .Select(raw => new CorpusFile(NativeName.Escape(raw), rootPath.Child(raw)))
            .DistinctBy(file => file.RelativePath, StringComparer.Ordinal) // a file with merge conflicts is listed once per stage
            .OrderBy(file => file.RelativePath, StringComparer.Ordinal)
            .ToList();
    }

    /// <param name="mostUsedIgnoreRule">The .gitignore rule that left out the most paths, for an error that names it.</param>
    public static List<CorpusFile> Walk(string root, bool useGitIgnore, CorpusSummary summary, out (string Rule, int Ignored)? mostUsedIgnoreRule)
    {
        var files = new List<CorpusFile>();
        var ignore = new GitIgnoreRules(useGitIgnore);
        var entered = new HashSet<string>(StringComparer.Ordinal);
        // A stack, not recursion: a real tree can be hundreds of folders deep. Pushing each folder's subfolders
        // in reverse name order pops them depth-first in name order, as recursion would.
        var pending = new Stack<(DiskPath Directory, string RelativeDir)>();
        pending.Push((DiskPath.Of(root), ""));
        while (pending.TryPop(out var next))
        {
            // A directory symlink pointing back up the tree would walk forever; each real folder is entered once.
            if (!entered.Add(DirectoryEntries.IdentityOf(next.Directory)))
            {
                summary.Skip(SkipReasons.SymlinkRevisit, next.RelativeDir + "/");
                continue;
            }
            var subdirectories = ListDirectory(next.Directory, next.RelativeDir, ignore, files, summary);
            for (int i = subdirectories.Count - 1; i >= 0; i--) pending.Push(subdirectories[i]);
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        mostUsedIgnoreRule = ignore.MostUsed;
        return files;
    }

    /// <summary>Adds the folder's files to <paramref name="files"/> and returns the subfolders to walk, in name order.</summary>
    private static List<(DiskPath, string)> ListDirectory(DiskPath dir, string relDir, GitIgnoreRules ignore,
        List<CorpusFile> files, CorpusSummary summary)
    {
        List<DirectoryEntry> entries;
        try
        {
            AddGitIgnore(dir, relDir, ignore, summary);
            entries = DirectoryEntries.List(dir);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            summary.Skip(SkipReasons.Unreadable, relDir.Length == 0 ? "." : relDir + "/");
            return [];
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var subdirectories = new List<(DiskPath, string)>();
        foreach (var entry in entries)
        {
            string rel = relDir.Length == 0 ? entry.Name : relDir + "/" + entry.Name;
            if (entry.Name == ".git") continue;
            if (ignore.IsIgnored(rel, entry.IsDirectory)) summary.Skip(SkipReasons.GitIgnored, entry.IsDirectory ? rel + "/" : rel);
            else if (entry.IsDirectory) subdirectories.Add((entry.Path, rel));
            else files.Add(new CorpusFile(rel, entry.Path));
        }
        return subdirectories;
    }

    /// <summary>Reads the folder's .gitignore, when it is a regular file; a FIFO or device by that name is reported.</summary>
    private static void AddGitIgnore(DiskPath dir, string relDir, GitIgnoreRules ignore, CorpusSummary summary)
    {
        var path = dir.Child(".gitignore"u8.ToArray());
        var kind = path.Kind;
        if (kind == FileKind.Regular)
        {
            using var reader = new StreamReader(path.OpenRead());
            var lines = new List<string>();
            while (reader.ReadLine() is { } line) lines.Add(line);
            ignore.AddFile(relDir, lines);
        }
        else if (kind is not (FileKind.Missing or FileKind.Directory))
        {
            summary.Skip(SkipReasons.ForKind(kind), relDir.Length == 0 ? ".gitignore" : relDir + "/.gitignore");
        }
    }

    private static IEnumerable<byte[]> SplitAtNul(byte[] bytes)
    {
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != 0) continue;
            if (i > start) yield return bytes[start..i];
            start = i + 1;
        }
    }

    private static byte[]? RunGit(string workingDirectory, params string[] args)
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
            var stdout = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(stdout);
            process.WaitForExit();
            _ = stderr.Result;
            return process.ExitCode == 0 ? stdout.ToArray() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed: walk the tree ourselves
        }
    }
}
