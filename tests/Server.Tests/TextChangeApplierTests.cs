using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Tests;

public class TextChangeApplierTests
{
    private static TextDocumentContentChangeEvent Edit(int l1, int c1, int l2, int c2, string text) =>
        new(text, new Range(new Position(l1, c1), new Position(l2, c2)));

    [Fact]
    public void Incremental_changes_apply_in_order_each_on_the_previous_result()
    {
        var (text, first) = TextChangeApplier.Apply(DocumentText.From("hello\nworld"), [Edit(1, 0, 1, 5, "there"), Edit(0, 5, 1, 0, ", ")],
            PositionEncodingKind.Utf16);
        Assert.Equal("hello, there", text.ToString());
        Assert.Equal(5, first);
    }

    [Fact]
    public void Utf8_ranges_after_multibyte_characters_land_on_the_right_characters()
    {
        // Replace the emoji (bytes 3..7 of line 0 in UTF-8) with "!".
        var (text, _) = TextChangeApplier.Apply(DocumentText.From("é😀z"), [Edit(0, 2, 0, 6, "!")], PositionEncodingKind.Utf8);
        Assert.Equal("é!z", text.ToString());
    }

    [Fact]
    public void A_full_change_replaces_everything_and_reports_the_common_prefix()
    {
        var (text, first) = TextChangeApplier.Apply(DocumentText.From("abcdef"), [new TextDocumentContentChangeEvent("abcXYZ")],
            PositionEncodingKind.Utf16);
        Assert.Equal("abcXYZ", text.ToString());
        Assert.Equal(3, first);
    }

    [Fact]
    public void Insertions_and_deletions_at_the_document_end_and_past_it()
    {
        var (text, _) = TextChangeApplier.Apply(DocumentText.From("ab"), [Edit(5, 0, 5, 0, "!"), Edit(0, 0, 0, 1, "")], PositionEncodingKind.Utf16);
        Assert.Equal("b!", text.ToString());
    }
}
