using CharRnnLsp.Core.Files;

namespace CharRnnLsp.Core.Data;

/// <summary>The files a corpus is made of, before reading: those the globs accept, in a stable order, with their
/// size and modification time (what the cache compares), and the options that apply to them.</summary>
internal sealed record CorpusListing(List<CorpusFile> Files, FileStamp[] Stamps, CorpusOptions Options, CorpusSummary Summary, bool SingleFile)
{
    /// <param name="cacheDirectory">Never part of the corpus, even inside the tree (its manifest is JSON).</param>
    public static CorpusListing Create(string path, CorpusOptions options, string? cacheDirectory)
    {
        string full = Path.GetFullPath(path);
        switch (KindOfCorpusPath(full, path))
        {
            case FileKind.Regular:
                // The per-file limit guards trees against generated blobs; a file named on its own is wanted whole
                // (tinyshakespeare.txt is just over 1 MiB), so only the total cap applies.
                var single = new CorpusFile(Path.GetFileName(full), DiskPath.Of(full));
                return WithStamps([single], options with { MaxFileBytes = options.MaxTotalBytes }, new CorpusSummary { Root = full, Source = "file" }, true);
            case FileKind.Missing: throw new CorpusException($"corpus path does not exist: {path}");
            case FileKind.Directory: break;
            case var kind: throw new CorpusException($"corpus path {path} is {kind.Describe()}, not a regular file or a folder");
        }

        List<CorpusFile>? listed = options.UseGit ? CorpusFileLister.TryListWithGit(full) : null;
        var summary = new CorpusSummary { Root = full, Source = listed is null ? "walk" : "git" };
        (string Rule, int Ignored)? mostUsedRule = null;
        List<CorpusFile> candidates = listed ?? CorpusFileLister.Walk(full, options.UseGitIgnore, summary, out mostUsedRule);
        if (candidates.Count == 0 && summary.SkippedTotal == 0)
            throw new CorpusException($"corpus folder is empty: {path}");

        var filter = new PathFilter(options.Includes, options.Excludes);
        var accepted = new List<CorpusFile>();
        string? cachePrefix = cacheDirectory is null ? null : Path.GetFullPath(cacheDirectory).TrimEnd('/') + "/";
        foreach (var file in candidates)
        {
            if (cachePrefix is not null && file.Path.Shown.StartsWith(cachePrefix, StringComparison.Ordinal)) continue;
            if (filter.Accepts(PathForGlobs(file.RelativePath, options))) accepted.Add(file);
            else summary.Skip(SkipReasons.FilteredOut, file.RelativePath);
        }
        if (accepted.Count == 0 && mostUsedRule is { } rule)
            throw new CorpusException($"no text files in {path}: {rule.Ignored} of its paths are ignored by {rule.Rule} " +
                $"({summary.SkippedCounts.GetValueOrDefault(SkipReasons.GitIgnored)} gitignored in all); --no-gitignore reads them anyway");
        if (accepted.Count == 0)
            throw new CorpusException($"no text files in {path} ({Describe(summary)}); check the include/exclude globs and .gitignore files");
        return WithStamps(accepted, options, summary, false);
    }

    /// <summary>What was skipped, by reason: the tail of a "no text files" error.</summary>
    public static string Describe(CorpusSummary summary) =>
        summary.SkippedTotal == 0
            ? "nothing matched"
            : "skipped " + string.Join(", ", summary.SkippedCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));

    private static CorpusListing WithStamps(List<CorpusFile> files, CorpusOptions options, CorpusSummary summary, bool single)
    {
        var stamps = new FileStamp[files.Count];
        // A file that cannot be examined gets an impossible stamp: it will be reported when read, and never matches a cache.
        Parallel.For(0, files.Count, i => stamps[i] = files[i].Path.Stamp ?? new FileStamp(-1, -1));
        return new CorpusListing(files, stamps, options, summary, single);
    }

    private static string PathForGlobs(string relativePath, CorpusOptions options) =>
        CorpusFileContent.IsGzip(relativePath, options) ? relativePath[..^3] : relativePath;

    /// <summary>The corpus path's type; an error examining it (a symlink loop, no permission) is a corpus error.</summary>
    private static FileKind KindOfCorpusPath(string full, string path)
    {
        try { return RegularFile.KindOf(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusException($"cannot examine corpus path {path}: {e.Message}");
        }
    }
}
