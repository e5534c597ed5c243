using CharRnnLsp.Server.Documents;

namespace CharRnnLsp.Server.Tests;

public class DocumentTextTests
{
    private static readonly string[] Pieces = ["int x = 1;\n", "\r\n", "é", "😀", "  return y;", "\n\n", "}", "abc"];

    private static string RandomText(Random random, int length)
    {
        var builder = new System.Text.StringBuilder();
        while (builder.Length < length) builder.Append(Pieces[random.Next(Pieces.Length)]);
        return builder.ToString();
    }

    /// <summary>Everything DocumentText answers, checked against the same question asked of a plain string.</summary>
    private static void AssertMatches(string expected, DocumentText text, Random random)
    {
        Assert.Equal(expected.Length, text.Length);
        Assert.Equal(expected, text.ToString());
        string[] lines = expected.Split('\n');
        Assert.Equal(lines.Length, text.LineCount);
        int lineStart = 0;
        for (int line = 0; line < lines.Length; line++)
        {
            Assert.Equal(lineStart, text.LineStart(line));
            int contentEnd = lineStart + lines[line].Length - (lines[line].EndsWith('\r') ? 1 : 0);
            Assert.Equal(contentEnd, text.LineContentEnd(lineStart));
            lineStart += lines[line].Length + 1;
        }
        Assert.Equal(-1, text.LineStart(lines.Length));
        for (int probe = 0; probe < 200; probe++)
        {
            int offset = random.Next(expected.Length + 1);
            Assert.Equal(expected.AsSpan(0, offset).Count('\n'), text.LineOf(offset));
            int length = random.Next(Math.Min(3 * DocumentText.MaxChunk, expected.Length - offset) + 1);
            Assert.Equal(expected.Substring(offset, length), text.Slice(offset, length));
            if (offset < expected.Length) Assert.Equal(expected[offset], text[offset]);
        }
    }

    [Fact]
    public void Random_edits_of_every_size_read_back_as_the_same_edits_on_a_string()
    {
        var random = new Random(7);
        string expected = RandomText(random, 5 * DocumentText.MaxChunk);
        var text = DocumentText.From(expected);
        AssertMatches(expected, text, random);
        for (int step = 0; step < 300; step++)
        {
            int start = random.Next(expected.Length + 1);
            // Mostly keystrokes and short deletions; sometimes a deletion across chunks or a large paste.
            int removed = random.Next(10) switch
            {
                0 => random.Next(Math.Min(2 * DocumentText.MaxChunk, expected.Length - start) + 1),
                < 4 => Math.Min(random.Next(4), expected.Length - start),
                _ => 0,
            };
            string inserted = random.Next(20) == 0 ? RandomText(random, DocumentText.MaxChunk + 100) : RandomText(random, random.Next(3));
            text = text.Replace(start, start + removed, inserted);
            expected = string.Concat(expected.AsSpan(0, start), inserted, expected.AsSpan(start + removed));
            if (step % 30 == 0) AssertMatches(expected, text, random);
        }
        AssertMatches(expected, text, random);
    }

    [Fact]
    public void Chunks_never_split_a_surrogate_pair_so_each_reads_as_whole_runes()
    {
        var random = new Random(9);
        var text = DocumentText.From(string.Concat(Enumerable.Repeat("😀a😀", 20_000)));
        for (int step = 0; step < 50; step++)
        {
            int at = random.Next(text.Length / 2) * 2; // "😀a😀" repeats every 5 chars: round to a rune start below
            while (at > 0 && char.IsLowSurrogate(text[at])) at--;
            text = text.Replace(at, at, RandomText(random, random.Next(DocumentText.MaxChunk * 2)));
        }
        foreach (var piece in text.Spans(0, text.Length))
        {
            Assert.False(char.IsHighSurrogate(piece.Span[^1]), "a chunk ends inside a surrogate pair");
            Assert.False(char.IsLowSurrogate(piece.Span[0]), "a chunk starts inside a surrogate pair");
        }
        Assert.Equal(text.Length, text.Spans(0, text.Length).Sum(piece => piece.Length));
    }

    [Fact]
    public void An_edit_leaves_earlier_snapshots_as_they_were()
    {
        var random = new Random(3);
        string original = RandomText(random, 3 * DocumentText.MaxChunk);
        var before = DocumentText.From(original);
        var after = before.Replace(10, 5000, "new");
        Assert.Equal(original, before.ToString());
        Assert.Equal(original[..10] + "new" + original[5000..], after.ToString());
    }

    [Fact]
    public void A_keystroke_in_a_5_MB_document_allocates_kilobytes_not_a_copy_of_the_text()
    {
        var text = DocumentText.From(RandomText(new Random(5), 5_000_000));
        text = text.Replace(2_500_000, 2_500_000, "x"); // warm up the code path
        long before = GC.GetAllocatedBytesForCurrentThread();
        var typed = text.Replace(2_500_001, 2_500_001, "y");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal('y', typed[2_500_001]);
        // One re-cut chunk (<= 32 KB) and the chunk table (about 16 bytes x 600 chunks); a string copy would be 10 MB.
        Assert.True(allocated < 200_000, $"{allocated:N0} bytes allocated by one keystroke");
    }

    [Fact]
    public void Deleting_everything_and_typing_again_works_from_an_empty_text()
    {
        var text = DocumentText.From(new string('x', 3 * DocumentText.MaxChunk));
        text = text.Replace(0, text.Length, "");
        Assert.Equal(0, text.Length);
        Assert.Equal(1, text.LineCount);
        Assert.Equal(0, text.LineContentEnd(0));
        text = text.Replace(0, 0, "a\nb");
        Assert.Equal("a\nb", text.ToString());
        Assert.Equal(2, text.LineStart(1));
    }

    [Fact]
    public void Out_of_range_edits_are_clamped_to_the_text()
    {
        var text = DocumentText.From("abc").Replace(2, 99, "!").Replace(-5, 0, ">");
        Assert.Equal(">ab!", text.ToString());
    }

    [Fact]
    public void The_common_prefix_with_a_replacement_spans_chunks()
    {
        string original = new string('a', 2 * DocumentText.MaxChunk) + "tail";
        var text = DocumentText.From(original);
        Assert.Equal(original.Length - 4, text.CommonPrefixLength(original[..^4] + "TAIL"));
        Assert.Equal(original.Length, text.CommonPrefixLength(original + "more"));
        Assert.Equal(10, text.CommonPrefixLength(original[..10]));
    }
}
