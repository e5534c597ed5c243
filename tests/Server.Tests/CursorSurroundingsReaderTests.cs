using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Tests;

public class CursorSurroundingsReaderTests
{
    private static (TextDocument Document, int Offset) CursorAt(string text, int line, int character)
    {
        var documentText = DocumentText.From(text);
        var document = new TextDocument("file:///a.c", "c", 1, documentText, 0);
        return (document, PositionEncoding.ToOffset(documentText, new Position(line, character), PositionEncodingKind.Utf16));
    }

    [Fact]
    public void The_surroundings_are_the_cursors_line_split_at_the_cursor()
    {
        var (document, offset) = CursorAt("int a;\n    call(x);\nnext", 1, 9);
        var around = CursorSurroundingsReader.Read(document, offset, multiline: true, lookahead: 6);
        Assert.Equal("    call(", around.LinePrefix);
        Assert.Equal("x);", around.LineSuffix);
        Assert.Equal("x);\nne", around.TextAfterCursor);
    }

    [Fact]
    public void At_the_end_of_a_line_the_suffix_is_empty_and_the_next_line_follows()
    {
        var (document, offset) = CursorAt("int a;\r\nint b;\n", 0, 6);
        var around = CursorSurroundingsReader.Read(document, offset, multiline: false, lookahead: 4);
        Assert.Equal("int a;", around.LinePrefix);
        Assert.Equal("", around.LineSuffix);
        Assert.Equal("\r\nin", around.TextAfterCursor);
        Assert.False(around.MultilineAllowed);
    }

    [Fact]
    public void On_a_minified_megabyte_line_the_surroundings_keep_a_bounded_slice_each_side()
    {
        string line = string.Concat(Enumerable.Repeat("f(a,b);", 150_000));
        var (document, offset) = CursorAt("// min\n" + line + "\n", 1, 500_000);
        var around = CursorSurroundingsReader.Read(document, offset, multiline: true, lookahead: 10);
        const int each = CursorSurroundingsReader.LineCharsEachSide;
        Assert.Equal(line.Substring(500_000 - each, each), around.LinePrefix);
        Assert.Equal(line.Substring(500_000, each), around.LineSuffix);
    }
}
