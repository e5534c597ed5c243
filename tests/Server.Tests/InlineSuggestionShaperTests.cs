using CharRnnLsp.Server.Completion.Shaping;

namespace CharRnnLsp.Server.Tests;

public class InlineSuggestionShaperTests
{
    private static ShapedSuggestion? Shape(string raw, string prefix, string suffix = "", string after = "", bool multiline = true) =>
        InlineSuggestionShaper.Shape(raw, new CursorSurroundings(prefix, suffix, suffix + after, multiline));

    [Fact]
    public void Mid_line_keeps_only_the_first_line()
    {
        var s = Shape("a + b) * 2\nnext();", "x = (", " * 3;");
        Assert.Equal("a + b) * 2", s!.InsertText);
    }

    [Fact]
    public void End_of_line_block_opener_keeps_the_block_and_its_closing_line()
    {
        var s = Shape("\n\treturn 0;\n}\nint other(void) {", "int f(void) {");
        Assert.Equal("\n\treturn 0;\n}", s!.InsertText);
    }

    [Fact]
    public void End_of_line_stops_at_a_line_indented_less_than_the_cursor_line()
    {
        var s = Shape("\n\tb = 2;\n\tc = 3;\n}\nstatic", "\ta = 1;");
        Assert.Equal("\n\tb = 2;\n\tc = 3;", s!.InsertText);
    }

    [Fact]
    public void Brackets_opened_on_the_cursor_line_cut_where_they_balance()
    {
        var s = Shape("x, y);\nfoo();", "call(");
        Assert.Equal("x, y);", s!.InsertText);
        var multi = Shape("\n    1,\n    2,\n]\nz = 3", "values = [");
        Assert.Equal("\n    1,\n    2,\n]", multi!.InsertText);
    }

    [Fact]
    public void Multiline_off_keeps_one_line()
    {
        var s = Shape("\n\treturn 0;\n}", "int f(void) {", multiline: false);
        Assert.Null(s); // the first line is empty: nothing worth showing
        Assert.Equal("x;", Shape("x;\ny;", "int a = ", multiline: false)!.InsertText);
    }

    [Fact]
    public void Suggestions_that_repeat_the_following_text_are_dropped()
    {
        Assert.Null(Shape("return 0;", "\t", after: "return 0;\n}"));
        Assert.Null(Shape("   \n  ", "x"));
        Assert.NotNull(Shape("return 1;", "\t", after: "return 0;\n}"));
    }

    [Fact]
    public void Auto_closed_brackets_the_suggestion_types_are_replaced()
    {
        var s = Shape("a, b);", "f(", ")");
        Assert.Equal(new ShapedSuggestion("a, b);", 1), s);
        var plain = Shape("a, b", "f(", ")");
        Assert.Equal(new ShapedSuggestion("a, b", 0), plain);
        var words = Shape("a, b)", "f(", " + g()");
        Assert.Equal(0, words!.ReplacedChars); // real code after the cursor is never replaced
    }

    [Fact]
    public void Brackets_inside_strings_and_comments_do_not_count()
    {
        // the ')' inside the string does not close the call: the cut waits for the real one
        var call = Shape("\n    \"a)\", // b)\n    c);\nnext();", "printf(");
        Assert.Equal("\n    \"a)\", // b)\n    c);", call!.InsertText);
        var block = Shape("\n\t/* { */\n\tx = '{';\n}\nint g;", "int f(void) {");
        Assert.Equal("\n\t/* { */\n\tx = '{';\n}", block!.InsertText);
    }

    [Fact]
    public void Multiline_cut_ignores_brackets_in_the_languages_comments()
    {
        const string raw = "bar % {\n  baz}\n  more\nnext";
        ShapedSuggestion? ShapeIn(string languageId) => InlineSuggestionShaper.Shape(raw,
            new CursorSurroundings("\\newcommand{\\foo}{", "", "", true, LexicalSyntax.ForLanguage(languageId)));
        Assert.Equal("bar % {\n  baz}", ShapeIn("latex")!.InsertText);            // the group closes at baz}
        Assert.Equal("bar % {\n  baz}\n  more", ShapeIn("c")!.InsertText);       // in C, % { opens one more
    }
}
