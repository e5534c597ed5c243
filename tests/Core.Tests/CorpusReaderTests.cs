using System.Text.Json;
using CharRnnLsp.Core.Data;
using Xunit;

namespace CharRnnLsp.Core.Tests;

public class CorpusReaderTests
{
    private const char Sep = (char)Vocabulary.DocumentSeparatorCodePoint;
    private static readonly CorpusOptions NoGit = new() { UseGit = false };

    [Fact]
    public void Directory_JoinsDocumentsInOrdinalPathOrder_EachFollowedBySeparator()
    {
        using var tree = new CorpusTestTree();
        tree.Write("b.c", "int b;");
        tree.Write("a/z.py", "z = 1");
        tree.Write("B.h", "#define B");
        tree.Write("a.txt", "x\u001Cy"); // a forged separator inside a file is removed
        var corpus = CorpusReader.Read(tree.Root, NoGit);
        Assert.Equal($"#define B{Sep}xy{Sep}z = 1{Sep}int b;{Sep}", corpus.AllText());
        Assert.Equal(4, corpus.Summary.FileCount);
        Assert.Equal(corpus.AllText().Length, corpus.Summary.Chars);
        Assert.Equal("walk", corpus.Summary.Source);
    }

    [Fact]
    public void SingleFile_IsOneDocument()
    {
        using var tree = new CorpusTestTree();
        string file = tree.Write("notes.unknownext", "\uFEFFhello");
        var corpus = CorpusReader.Read(file);
        Assert.Equal($"hello{Sep}", corpus.AllText());
        Assert.Equal("file", corpus.Summary.Source);

        string big = tree.Write("input.txt", new string('q', 3000));
        Assert.Equal(3001, CorpusReader.Read(big, new CorpusOptions { MaxFileBytes = 1000 }).AllText().Length);
        Assert.Throws<CorpusException>(() => CorpusReader.Read(big, new CorpusOptions { MaxTotalBytes = 1000 }));
    }

    [Fact]
    public void GitIgnoreFiles_AreHonouredOutsideGit()
    {
        using var tree = new CorpusTestTree();
        tree.Write(".gitignore", "# comment\n*.log.txt\n/build/\nsecret*.c\n!secret_ok.c\ndocs/**/gen.md\n");
        tree.Write("keep.c", "k");
        tree.Write("app.log.txt", "ignored");
        tree.Write("build/out.c", "ignored");
        tree.Write("src/build/in_src.c", "kept: /build/ is anchored to the root");
        tree.Write("secret_key.c", "ignored");
        tree.Write("secret_ok.c", "re-included");
        tree.Write("docs/a/b/gen.md", "ignored");
        tree.Write("docs/gen.md", "ignored: **/ also matches zero folders");
        tree.Write("more/docs/gen.md", "kept: docs/**/gen.md is anchored at the root");
        tree.Write("sub/.gitignore", "local.c\n");
        tree.Write("sub/local.c", "ignored by nested file");
        tree.Write("local.c", "kept: nested rules stay in sub/");
        var corpus = CorpusReader.Read(tree.Root, NoGit);
        string[] documents = corpus.AllText().Split(Sep, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            new[] { "k", "kept: nested rules stay in sub/", "kept: docs/**/gen.md is anchored at the root", "re-included",
                "kept: /build/ is anchored to the root" },
            documents);
    }

    [Fact]
    public void TreeWhollyGitIgnored_SaysSo_AndCanBeReadWithGitIgnoreOff()
    {
        using var tree = new CorpusTestTree();
        // Debian's linux-source tarball ships exactly this at its top.
        tree.Write(".gitignore", "/*\n!/debian/\n");
        tree.Write("kernel/fork.c", "fork");
        tree.Write("Makefile", "all:");
        var error = Assert.Throws<CorpusException>(() => CorpusReader.Read(tree.Root, NoGit));
        Assert.Contains("3 gitignored", error.Message);
        Assert.Contains(".gitignore line 1 '/*'", error.Message);
        Assert.Contains("--no-gitignore", error.Message);
        var corpus = CorpusReader.Read(tree.Root, NoGit with { UseGitIgnore = false });
        Assert.Equal($"all:{Sep}fork{Sep}", corpus.AllText());
    }

    [Fact]
    public void IncludeAndExcludeGlobs_FilterFiles_AndDefaultsSkipBuildOutput()
    {
        using var tree = new CorpusTestTree();
        tree.Write("main.tex", "\\section{A}");
        tree.Write("refs.bib", "@book{x}");
        tree.Write("img.png.txt", "text");
        tree.Write("node_modules/lib/index.js", "dep");
        tree.Write("obj/Debug/gen.cs", "gen");
        tree.Write("photo.jpg", "not text by extension");
        var defaults = CorpusReader.Read(tree.Root, NoGit);
        Assert.Equal(3, defaults.Summary.FileCount);
        Assert.DoesNotContain("dep", defaults.AllText());
        Assert.DoesNotContain("gen", defaults.AllText());
        Assert.Equal(3, defaults.Summary.SkippedCounts[SkipReasons.FilteredOut]);

        var texOnly = CorpusReader.Read(tree.Root, NoGit with { Includes = ["**/*.tex", "**/*.bib"], Excludes = ["**/refs.*"] });
        Assert.Equal($"\\section{{A}}{Sep}", texOnly.AllText());
    }

    [Fact]
    public void BinaryInvalidUtf8AndLargeFiles_AreSkippedWithReasons()
    {
        using var tree = new CorpusTestTree();
        tree.Write("good.c", "ok");
        tree.WriteBytes("blob.c", [(byte)'a', 0, (byte)'b']);
        tree.WriteBytes("latin1.c", [(byte)'c', 0xE9, (byte)'t', (byte)'e']);
        tree.Write("huge.c", new string('x', 2000));
        tree.WriteBytes("empty.c", []);
        var corpus = CorpusReader.Read(tree.Root, NoGit with { MaxFileBytes = 1000 });
        Assert.Equal($"ok{Sep}", corpus.AllText());
        var skipped = corpus.Summary.SkippedCounts;
        Assert.Equal(1, skipped[SkipReasons.Binary]);
        Assert.Equal(1, skipped[SkipReasons.InvalidUtf8]);
        Assert.Equal(1, skipped[SkipReasons.TooLarge]);
        Assert.Equal(1, skipped[SkipReasons.Empty]);
        Assert.Equal(["latin1.c"], corpus.Summary.SkippedExamples[SkipReasons.InvalidUtf8]);
        Assert.Contains(corpus.Summary.Warnings, w => w.Contains("latin1.c") && w.Contains("UTF-8"));
        Assert.Contains("skipped 1 binary: blob.c", corpus.Summary.ToString());

        var lossy = CorpusReader.Read(tree.Root, NoGit with { MaxFileBytes = 1000, Lossy = true });
        Assert.Contains("c\uFFFDte", lossy.AllText());
    }

    [Fact]
    public void GzippedFiles_AreReadAsTheirInnerName_WithLimitsOnTheDecompressedSize()
    {
        using var tree = new CorpusTestTree();
        tree.WriteBytes("doc/intro.tex.gz", Gzip("\\documentclass{article}"));
        tree.WriteBytes("doc/bomb.tex.gz", Gzip(new string(' ', 5000)));
        tree.WriteBytes("doc/photo.png.gz", Gzip("png"));
        tree.WriteBytes("doc/broken.tex.gz", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF]); // deflate block type 3 does not exist
        var corpus = CorpusReader.Read(tree.Root, NoGit with { MaxFileBytes = 1000 });
        Assert.Equal($"\\documentclass{{article}}{Sep}", corpus.AllText());
        Assert.Equal(["doc/bomb.tex.gz"], corpus.Summary.SkippedExamples[SkipReasons.TooLarge]);
        Assert.Equal(["doc/photo.png.gz"], corpus.Summary.SkippedExamples[SkipReasons.FilteredOut]);
        Assert.Equal(["doc/broken.tex.gz"], corpus.Summary.SkippedExamples[SkipReasons.Unreadable]);
        Assert.Throws<CorpusException>(() => CorpusReader.Read(tree.Root, NoGit with { ReadGzip = false }));
    }

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal))
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    [Fact]
    public void TotalSizeCap_StopsAddingFiles()
    {
        using var tree = new CorpusTestTree();
        tree.Write("1.c", new string('a', 100));
        tree.Write("2.c", new string('b', 100));
        tree.Write("3.c", new string('c', 100));
        var corpus = CorpusReader.Read(tree.Root, NoGit with { MaxTotalBytes = 250 });
        Assert.Equal(2, corpus.Summary.FileCount);
        Assert.Equal(1, corpus.Summary.SkippedCounts[SkipReasons.TotalCap]);
        Assert.Equal(200, corpus.Summary.Bytes);
    }

    [Fact]
    public void SymlinkLoop_IsWalkedOnce()
    {
        using var tree = new CorpusTestTree();
        tree.Write("a/file.c", "once");
        Directory.CreateSymbolicLink(Path.Combine(tree.Root, "a", "loop"), Path.Combine(tree.Root, "a"));
        Directory.CreateSymbolicLink(Path.Combine(tree.Root, "a", "up"), "..");
        var corpus = CorpusReader.Read(tree.Root, NoGit);
        Assert.Equal($"once{Sep}", corpus.AllText());
        Assert.Equal(2, corpus.Summary.SkippedCounts[SkipReasons.SymlinkRevisit]);
    }

    [Fact]
    public void InsideGit_ListsTrackedAndUntrackedButNotIgnored()
    {
        if (!CorpusTestTree.GitAvailable()) throw new InvalidOperationException("git is not installed: this test needs it");
        using var tree = new CorpusTestTree();
        tree.Git("init", "-q");
        tree.Write(".gitignore", "ignored.c\n");
        tree.Write("tracked.c", "t");
        tree.Write("untracked.c", "u");
        tree.Write("ignored.c", "i");
        tree.Git("add", "tracked.c", ".gitignore");
        tree.Git("commit", "-qm", "x");
        // git's global excludes could differ from ours; a rule only git knows proves git was asked.
        tree.Write(".git/info/exclude", "untracked_excluded.c\n");
        tree.Write("untracked_excluded.c", "e");
        var corpus = CorpusReader.Read(tree.Root);
        Assert.Equal("git", corpus.Summary.Source);
        Assert.Equal($"t{Sep}u{Sep}", corpus.AllText());

        // A folder inside the checkout: only its files, named relative to it.
        tree.Write("sub/inner.c", "s");
        tree.Write("sub/ignored.c", "i");
        var sub = CorpusReader.Read(Path.Combine(tree.Root, "sub"));
        Assert.Equal("git", sub.Summary.Source);
        Assert.Equal($"s{Sep}", sub.AllText());
    }

    [Fact]
    public void OwnGitIgnoreHandling_AgreesWithGit()
    {
        if (!CorpusTestTree.GitAvailable()) throw new InvalidOperationException("git is not installed: this test needs it");
        using var tree = new CorpusTestTree();
        tree.Write(".gitignore", "*.gen.c\n/out/\nlib/**/*.h\n!lib/keep/**\ntmp*\n!tmp_keep.c\n[ab]x.c\ncache/\n");
        foreach (string path in (string[])["a.gen.c", "b.c", "out/o.c", "src/out/o.c", "lib/x/y/z.h", "lib/z.h", "lib/keep/k.h",
                     "tmp1.c", "tmp_keep.c", "ax.c", "cx.c", "deep/cache/c.c", "deep/cache.c", "sub/t.c"])
            tree.Write(path, path);
        tree.Write("sub/.gitignore", "t.c\n!b.c\n");
        tree.Git("init", "-q");
        var fromGit = CorpusReader.Read(tree.Root);
        var fromWalk = CorpusReader.Read(tree.Root, NoGit);
        Assert.Equal("git", fromGit.Summary.Source);
        Assert.Equal(fromGit.AllText(), fromWalk.AllText());
        Assert.Contains("cx.c", fromWalk.AllText());
        Assert.DoesNotContain("tmp1.c", fromWalk.AllText());
    }

    [Fact]
    public void Errors_AreOneLineCorpusExceptions()
    {
        using var tree = new CorpusTestTree();
        var missing = Assert.Throws<CorpusException>(() => CorpusReader.Read(Path.Combine(tree.Root, "nope")));
        Assert.Contains("does not exist", missing.Message);
        var empty = Assert.Throws<CorpusException>(() => CorpusReader.Read(tree.Root, NoGit));
        Assert.Contains("empty", empty.Message);
        tree.WriteBytes("a.bin.c", [0, 1, 2]);
        tree.Write("photo.jpg", "x");
        var none = Assert.Throws<CorpusException>(() => CorpusReader.Read(tree.Root, NoGit));
        Assert.Contains("no text files", none.Message);
        Assert.Contains("1 binary", none.Message);
        Assert.DoesNotContain('\n', none.Message);
    }

    [Fact]
    public void UnreadableFile_IsSkippedNotFatal()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName == "root") return; // root reads every file: nothing to test
        using var tree = new CorpusTestTree();
        tree.Write("ok.c", "ok");
        string locked = tree.Write("locked.c", "secret");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var corpus = CorpusReader.Read(tree.Root, NoGit);
        Assert.Equal(1, corpus.Summary.SkippedCounts[SkipReasons.Unreadable]);
    }

    [Fact]
    public void Summary_IsJsonSerializable()
    {
        using var tree = new CorpusTestTree();
        tree.Write("a.c", "a");
        tree.WriteBytes("b.c", [0]);
        var summary = CorpusReader.Read(tree.Root, NoGit).Summary;
        string json = JsonSerializer.Serialize(summary);
        var back = JsonSerializer.Deserialize<CorpusSummary>(json)!;
        Assert.Equal(summary.FileCount, back.FileCount);
        Assert.Equal(summary.Root, back.Root);
        Assert.Equal(summary.SkippedExamples[SkipReasons.Binary], back.SkippedExamples[SkipReasons.Binary]);
    }
}
