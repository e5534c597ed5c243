using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Handlers;
using CharRnnLsp.Server.Protocol;

namespace CharRnnLsp.Server.Tests;

public class DocumentCursorTests
{
    private static DocumentCursor CursorAt(string text, int line, int character)
    {
        var documentText = DocumentText.From(text);
        var document = new TextDocument("file:///a.c", "c", 1, documentText, 0, new ContextCache(64, 16));
        var position = new Position(line, character);
        return new DocumentCursor(document, PositionEncoding.ToOffset(documentText, position, PositionEncodingKind.Utf16), position);
    }

    [Fact]
    public void The_surroundings_are_the_cursors_line_split_at_the_cursor()
    {
        var around = CursorAt("int a;\n    call(x);\nnext", 1, 9).Surroundings(multiline: true, lookahead: 6);
        Assert.Equal("    call(", around.LinePrefix);
        Assert.Equal("x);", around.LineSuffix);
        Assert.Equal("x);\nne", around.TextAfterCursor);
    }

    [Fact]
    public void On_a_minified_megabyte_line_the_surroundings_keep_a_bounded_slice_each_side()
    {
        string line = string.Concat(Enumerable.Repeat("f(a,b);", 150_000));
        var around = CursorAt("// min\n" + line + "\n", 1, 500_000).Surroundings(multiline: true, lookahead: 10);
        Assert.Equal(line.Substring(500_000 - DocumentCursor.LineCharsEachSide, DocumentCursor.LineCharsEachSide), around.LinePrefix);
        Assert.Equal(line.Substring(500_000, DocumentCursor.LineCharsEachSide), around.LineSuffix);
    }
}
