using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Tests;

public class PositionEncodingTests
{
    // "é" is 1 UTF-16 unit, 2 UTF-8 bytes; "😀" is 2 UTF-16 units, 4 UTF-8 bytes, 1 code point.
    private static readonly DocumentText Text = DocumentText.From("ab\ncé😀x\r\nlast");

    [Theory]
    [InlineData(PositionEncodingKind.Utf16, 4, 7)]  // after the emoji, before x
    [InlineData(PositionEncodingKind.Utf8, 7, 7)]
    [InlineData(PositionEncodingKind.Utf32, 3, 7)]
    [InlineData(PositionEncodingKind.Utf16, 2, 5)]  // after é
    [InlineData(PositionEncodingKind.Utf8, 3, 5)]
    [InlineData(PositionEncodingKind.Utf32, 2, 5)]
    public void Character_counts_follow_the_encoding(PositionEncodingKind encoding, int character, int offset)
    {
        Assert.Equal(offset, PositionEncoding.ToOffset(Text, new Position(1, character), encoding));
        Assert.Equal(new Position(1, character), PositionEncoding.ToPosition(Text, offset, encoding));
    }

    [Fact]
    public void Positions_past_the_end_are_clamped()
    {
        Assert.Equal(8, PositionEncoding.ToOffset(Text, new Position(1, 500), PositionEncodingKind.Utf16)); // before \r\n
        Assert.Equal(Text.Length, PositionEncoding.ToOffset(Text, new Position(99, 0), PositionEncodingKind.Utf8));
        Assert.Equal(0, PositionEncoding.ToOffset(Text, new Position(-1, 3), PositionEncodingKind.Utf16));
    }

    [Fact]
    public void A_utf8_position_inside_a_multibyte_character_rounds_down()
    {
        Assert.Equal(4, PositionEncoding.ToOffset(Text, new Position(1, 2), PositionEncodingKind.Utf8)); // inside é
        Assert.Equal(5, PositionEncoding.ToOffset(Text, new Position(1, 4), PositionEncodingKind.Utf8)); // inside 😀
    }

    [Theory]
    [InlineData(PositionEncodingKind.Utf8)]
    [InlineData(PositionEncodingKind.Utf32)]
    public void Positions_on_a_line_that_spans_many_chunks_count_like_the_plain_string(PositionEncodingKind encoding)
    {
        string line = string.Concat(Enumerable.Repeat("é😀ab", 12_000)); // 60,000 UTF-16 characters, pairs at every phase
        var text = DocumentText.From("first\n" + line + "\nlast");
        var random = new Random(11);
        for (int probe = 0; probe < 100; probe++)
        {
            int column = random.Next(line.Length + 1);
            if (column < line.Length && char.IsLowSurrogate(line[column])) column--;
            string prefix = line[..column];
            int units = encoding == PositionEncodingKind.Utf8
                ? System.Text.Encoding.UTF8.GetByteCount(prefix)
                : prefix.EnumerateRunes().Count();
            Assert.Equal(new Position(1, units), PositionEncoding.ToPosition(text, 6 + column, encoding));
            Assert.Equal(6 + column, PositionEncoding.ToOffset(text, new Position(1, units), encoding));
        }
    }

    [Fact]
    public void Negotiation_takes_the_clients_first_supported_choice()
    {
        Assert.Equal(PositionEncodingKind.Utf16, PositionEncoding.Negotiate(null));
        Assert.Equal(PositionEncodingKind.Utf8, PositionEncoding.Negotiate(["utf-8", "utf-16"]));
        Assert.Equal(PositionEncodingKind.Utf32, PositionEncoding.Negotiate(["latin-1", "utf-32"]));
        Assert.Equal(PositionEncodingKind.Utf16, PositionEncoding.Negotiate(["utf-16", "utf-8"]));
    }
}
