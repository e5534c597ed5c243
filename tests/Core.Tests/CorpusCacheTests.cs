using System.Text.Json.Nodes;
using CharRnnLsp.Core.Data;
using Xunit;

namespace CharRnnLsp.Core.Tests;

/// <summary>The encoded-corpus cache: reused when nothing changed, rebuilt when a file changed, was added or removed,
/// and read afresh with a reason when it is corrupt or from another version; never stale, never a crash.</summary>
public class CorpusCacheTests
{
    private const char Sep = (char)Vocabulary.DocumentSeparatorCodePoint;
    private static readonly CorpusOptions NoGit = new() { UseGit = false };

    private static Corpus Read(CorpusTestTree tree, Vocabulary? vocabulary = null) =>
        CorpusReader.Read(tree.Root, NoGit, new CorpusReading { CacheDirectory = CacheOf(tree), Vocabulary = vocabulary });

    private static string CacheOf(CorpusTestTree tree) => Path.Combine(tree.Root, ".out", "model.corpus");

    private static CorpusTestTree SmallTree()
    {
        var tree = new CorpusTestTree();
        tree.Write("a.c", "int a;");
        tree.Write("b/c.h", "#define C");
        return tree;
    }

    [Fact]
    public void SecondRead_ReusesTheCache_WithTheSameTokens()
    {
        using var tree = SmallTree();
        using var first = Read(tree);
        Assert.StartsWith("wrote", first.Summary.Cache);
        using var second = Read(tree);
        Assert.StartsWith("reused", second.Summary.Cache);
        Assert.Equal(first.AllText(), second.AllText());
        Assert.Equal($"int a;{Sep}#define C{Sep}", second.AllText());
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(first.DocumentEnds, second.DocumentEnds);
        Assert.Equal(first.Summary.FileCount, second.Summary.FileCount);
        // Written atomically: only the two files, no temp files beside them.
        Assert.Equal(["manifest.json", "tokens"], Directory.GetFiles(CacheOf(tree)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ChangedAddedOrRemovedFile_RebuildsTheCache_WithTheNewText()
    {
        using var tree = SmallTree();
        Read(tree).Dispose();
        string a = Path.Combine(tree.Root, "a.c");
        File.WriteAllText(a, "int A;");
        File.SetLastWriteTimeUtc(a, DateTime.UtcNow.AddMinutes(1)); // same size: only the time tells
        using (var changed = Read(tree))
        {
            Assert.Contains("1 changed", changed.Summary.Cache);
            Assert.StartsWith($"int A;{Sep}", changed.AllText());
        }
        tree.Write("z.py", "z = 1");
        using (var added = Read(tree))
        {
            Assert.Contains("1 added", added.Summary.Cache);
            Assert.EndsWith($"z = 1{Sep}", added.AllText());
        }
        File.Delete(a);
        using var removed = Read(tree);
        Assert.Contains("1 removed", removed.Summary.Cache);
        Assert.Equal($"#define C{Sep}z = 1{Sep}", removed.AllText());
    }

    [Fact]
    public void CorruptManifest_OtherVersion_OrForeignTokens_AreReadAgainWithAReason()
    {
        using var tree = SmallTree();
        Read(tree).Dispose();
        string manifest = Path.Combine(CacheOf(tree), "manifest.json");
        string tokens = Path.Combine(CacheOf(tree), "tokens");
        string good = File.ReadAllText(manifest);

        File.WriteAllText(manifest, good[..(good.Length / 2)]);
        using (var corrupt = Read(tree))
        {
            Assert.Contains("unreadable", corrupt.Summary.Cache);
            Assert.Equal($"int a;{Sep}#define C{Sep}", corrupt.AllText());
        }

        var node = JsonNode.Parse(File.ReadAllText(manifest))!;
        node["formatVersion"] = CorpusManifest.CurrentFormatVersion + 1;
        File.WriteAllText(manifest, node.ToJsonString());
        using (var other = Read(tree)) Assert.Contains($"format version {CorpusManifest.CurrentFormatVersion + 1}", other.Summary.Cache);

        var bytes = File.ReadAllBytes(tokens);
        bytes[10] ^= 0xFF; // the header's generation no longer matches the manifest's
        File.WriteAllBytes(tokens, bytes);
        using (var foreign = Read(tree))
        {
            Assert.Contains("does not belong", foreign.Summary.Cache);
            Assert.Equal($"int a;{Sep}#define C{Sep}", foreign.AllText());
        }

        File.WriteAllBytes(tokens, File.ReadAllBytes(tokens)[..40]); // truncated
        using var truncated = Read(tree);
        Assert.Contains("unusable", truncated.Summary.Cache);
        Assert.Equal($"int a;{Sep}#define C{Sep}", truncated.AllText());
    }

    [Fact]
    public void AnotherVocabulary_OrOtherOptions_AreNotServedFromTheCache()
    {
        using var tree = SmallTree();
        using var built = Read(tree);
        using (var same = Read(tree, built.Vocabulary)) Assert.StartsWith("reused", same.Summary.Cache);
        var other = Vocabulary.Build("int a;", 10);
        using (var different = Read(tree, other))
        {
            Assert.Contains("vocabulary differs", different.Summary.Cache);
            Assert.Equal(other.CodePoints, different.Vocabulary.CodePoints);
        }
        using var filtered = CorpusReader.Read(tree.Root, NoGit with { Includes = ["**/*.c"] }, new CorpusReading { CacheDirectory = CacheOf(tree) });
        Assert.Contains("options changed", filtered.Summary.Cache);
        Assert.Equal($"int a;{Sep}", filtered.AllText());
    }
}
