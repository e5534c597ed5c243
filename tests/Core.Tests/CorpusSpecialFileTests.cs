using CharRnnLsp.Core.Data;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>Only regular files are opened: FIFOs, sockets and devices in a tree are skipped and reported, never read.</summary>
public class CorpusSpecialFileTests
{
    private const char Sep = (char)Vocabulary.DocumentSeparatorCodePoint;
    private static readonly CorpusOptions NoGit = new() { UseGit = false };

    /// <summary>A tree with one text file, a FIFO, a socket and /dev/zero all named like source files, and a folder named like one.</summary>
    private static CorpusTestTree TreeWithSpecialFiles()
    {
        var tree = new CorpusTestTree();
        tree.Write("a.c", "text");
        tree.Write("dir.c/inner.c", "inner");
        SpecialFiles.MakeFifo(Path.Combine(tree.Root, "fifo.c"));
        SpecialFiles.MakeSocket(Path.Combine(tree.Root, "socket.c"));
        File.CreateSymbolicLink(Path.Combine(tree.Root, "zero.c"), "/dev/zero");
        return tree;
    }

    [Fact]
    public async Task Walk_SkipsFifoSocketAndDevice_AndReportsEachKind()
    {
        using var tree = TreeWithSpecialFiles();
        var corpus = await HangGuard.Run(() => CorpusReader.Read(tree.Root, NoGit));
        Assert.Equal($"text{Sep}inner{Sep}", corpus.AllText());
        AssertSkippedSpecialFiles(corpus.Summary);
    }

    [Fact]
    public async Task GitListing_SkipsTrackedPathsThatBecameSpecialFiles()
    {
        if (!CorpusTestTree.GitAvailable()) throw new InvalidOperationException("git is not installed: this test needs it");
        using var tree = TreeWithSpecialFiles();
        // git never lists an untracked FIFO or socket; a tracked file replaced by one it does, and a tracked link to /dev/zero.
        File.Move(Path.Combine(tree.Root, "fifo.c"), Path.Combine(tree.Root, "keep-fifo"));
        File.Move(Path.Combine(tree.Root, "socket.c"), Path.Combine(tree.Root, "keep-socket"));
        tree.Write("fifo.c", "f");
        tree.Write("socket.c", "s");
        tree.Git("init", "-q");
        tree.Git("add", "a.c", "dir.c/inner.c", "fifo.c", "socket.c", "zero.c");
        tree.Git("commit", "-qm", "x");
        File.Move(Path.Combine(tree.Root, "keep-fifo"), Path.Combine(tree.Root, "fifo.c"), overwrite: true);
        File.Move(Path.Combine(tree.Root, "keep-socket"), Path.Combine(tree.Root, "socket.c"), overwrite: true);

        var corpus = await HangGuard.Run(() => CorpusReader.Read(tree.Root));
        Assert.Equal("git", corpus.Summary.Source);
        Assert.Equal($"text{Sep}inner{Sep}", corpus.AllText());
        AssertSkippedSpecialFiles(corpus.Summary);
    }

    private static void AssertSkippedSpecialFiles(CorpusSummary summary)
    {
        Assert.Equal(["fifo.c"], summary.SkippedExamples[SkipReasons.Fifo]);
        Assert.Equal(["socket.c"], summary.SkippedExamples[SkipReasons.Socket]);
        Assert.Equal(["zero.c"], summary.SkippedExamples[SkipReasons.Device]);
        Assert.Equal(3, summary.SkippedTotal);
        Assert.Contains("skipped 1 fifo: fifo.c", summary.ToString());
    }

    [Fact]
    public async Task CorpusPath_ThatIsAFifoOrDevice_IsAOneLineError()
    {
        using var tree = new CorpusTestTree();
        string fifo = SpecialFiles.MakeFifo(Path.Combine(tree.Root, "corpus.txt"));
        var error = await Assert.ThrowsAsync<CorpusException>(() => HangGuard.Run(() => CorpusReader.Read(fifo)));
        Assert.Equal($"corpus path {fifo} is a FIFO, not a regular file or a folder", error.Message);
        var device = await Assert.ThrowsAsync<CorpusException>(() => HangGuard.Run(() => CorpusReader.Read("/dev/zero")));
        Assert.Contains("is a character device", device.Message);
    }

    [Fact]
    public async Task GitIgnore_ThatIsAFifo_IsReportedNotOpened()
    {
        using var tree = new CorpusTestTree();
        tree.Write("a.c", "a");
        tree.Write("sub/b.c", "b");
        SpecialFiles.MakeFifo(Path.Combine(tree.Root, "sub", ".gitignore"));
        var corpus = await HangGuard.Run(() => CorpusReader.Read(tree.Root, NoGit));
        Assert.Equal($"a{Sep}b{Sep}", corpus.AllText());
        Assert.Equal(["sub/.gitignore"], corpus.Summary.SkippedExamples[SkipReasons.Fifo]);
    }

    [Fact]
    public void DeepTree_IsWalkedToTheBottom_AndALoopThereIsStillARevisit()
    {
        using var tree = new CorpusTestTree();
        string relative = string.Join('/', Enumerable.Repeat("d", 300));
        tree.Write(relative + "/deep.c", "deep");
        Directory.CreateSymbolicLink(Path.Combine(tree.Root, relative, "back-to-top"), tree.Root);
        var corpus = CorpusReader.Read(tree.Root, NoGit);
        Assert.Equal($"deep{Sep}", corpus.AllText());
        Assert.Equal([relative + "/back-to-top/"], corpus.Summary.SkippedExamples[SkipReasons.SymlinkRevisit]);
        Assert.Equal(1, corpus.Summary.SkippedTotal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NamesThatAreNotUtf8_AreRead_AndShownEscaped(bool inGit)
    {
        if (inGit && !CorpusTestTree.GitAvailable()) throw new InvalidOperationException("git is not installed: this test needs it");
        using var tree = new CorpusTestTree();
        SpecialFiles.WriteRawName(tree.Root, [.. "caf"u8, 0xE9, .. ".c"u8], "cafe"u8.ToArray()); // Latin-1 "café.c"
        SpecialFiles.WriteRawName(tree.Root, [.. "bin"u8, 0xFF, .. ".c"u8], [0, 1, 2]);
        SpecialFiles.MakeRawNamedDirectory(tree.Root, [.. "dir"u8, 0xFE]);
        SpecialFiles.WriteRawName(tree.Root, [.. "dir"u8, 0xFE, .. "/inner.c"u8], "inner"u8.ToArray());
        if (inGit) tree.Git("init", "-q");
        var corpus = CorpusReader.Read(tree.Root, new CorpusOptions { UseGit = inGit });
        Assert.Equal(inGit ? "git" : "walk", corpus.Summary.Source);
        Assert.Equal($"cafe{Sep}inner{Sep}", corpus.AllText());
        Assert.Equal(["bin\\xff.c"], corpus.Summary.SkippedExamples[SkipReasons.Binary]);
        Assert.Equal(1, corpus.Summary.SkippedTotal);
    }
}
