using System.Text;
using CharRnnLsp.Server.Lsp;

namespace CharRnnLsp.Server.Tests;

public class MessageFramerTests
{
    private static byte[] Frame(string body) => Encoding.UTF8.GetBytes($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");

    private static List<string> Drain(MessageFramer framer)
    {
        var bodies = new List<string>();
        while (framer.TryReadBody() is { } body) bodies.Add(Encoding.UTF8.GetString(body));
        return bodies;
    }

    [Fact]
    public void Messages_split_at_every_byte_come_out_whole()
    {
        byte[] input = [.. Frame("{\"a\":\"é😀\"}"), .. Frame("{\"b\":2}")];
        var framer = new MessageFramer();
        var bodies = new List<string>();
        foreach (byte b in input)
        {
            framer.Append([b]);
            bodies.AddRange(Drain(framer));
        }
        Assert.Equal(["{\"a\":\"é😀\"}", "{\"b\":2}"], bodies);
    }

    [Fact]
    public void Several_messages_in_one_chunk_and_extra_headers()
    {
        var framer = new MessageFramer();
        framer.Append(Encoding.ASCII.GetBytes("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}"));
        framer.Append(Frame("[1]"));
        Assert.Equal(["{}", "[1]"], Drain(framer));
    }

    [Fact]
    public void Garbage_before_a_header_is_skipped_and_reported()
    {
        var framer = new MessageFramer();
        var problems = new List<string>();
        framer.Problem += problems.Add;
        framer.Append(Encoding.ASCII.GetBytes("\x01\x02 random noise\r\n\r\n"));
        framer.Append(Encoding.ASCII.GetBytes("junkContent-Length: 2\r\n\r\n{}"));
        Assert.Equal(["{}"], Drain(framer));
        Assert.Single(problems);
    }

    [Fact]
    public void A_too_short_length_yields_a_truncated_body_then_recovers()
    {
        var framer = new MessageFramer();
        framer.Append(Encoding.ASCII.GetBytes("Content-Length: 3\r\n\r\n{\"x\":1}"));
        framer.Append(Frame("{\"ok\":true}"));
        var bodies = Drain(framer);
        Assert.Equal("{\"x", bodies[0]);
        Assert.Equal("{\"ok\":true}", bodies[^1]);
    }

    [Fact]
    public void Oversized_announcements_are_dropped()
    {
        var framer = new MessageFramer(maxBodyBytes: 10);
        framer.Append(Encoding.ASCII.GetBytes("Content-Length: 999999\r\n\r\n"));
        framer.Append(Frame("{}"));
        Assert.Equal(["{}"], Drain(framer));
    }

    [Fact]
    public void Endless_garbage_without_headers_does_not_grow_the_buffer_forever()
    {
        var framer = new MessageFramer();
        var noise = new byte[100_000];
        Array.Fill(noise, (byte)'z');
        for (int i = 0; i < 50; i++) { framer.Append(noise); Assert.Empty(Drain(framer)); }
        framer.Append(Frame("{}"));
        Assert.Equal(["{}"], Drain(framer));
    }

    [Fact]
    public void A_body_shorter_than_announced_ends_where_the_next_message_starts()
    {
        var framer = new MessageFramer();
        var problems = new List<string>();
        framer.Problem += problems.Add;
        // Announces 60 bytes, carries 16: the next frame must come out whole, without waiting for 44 more bytes.
        framer.Append(Encoding.ASCII.GetBytes("Content-Length: 60\r\n\r\n{\"id\":7,\"method\""));
        framer.Append(Frame("{\"id\":8}"));
        Assert.Equal(["{\"id\":7,\"method\"", "{\"id\":8}"], Drain(framer));
        Assert.Single(problems);
        framer.Append(Frame("{}"));
        Assert.Equal(["{}"], Drain(framer));
    }

    [Fact]
    public void A_cut_short_body_is_found_even_when_bytes_arrive_one_at_a_time()
    {
        byte[] input = [.. Encoding.ASCII.GetBytes("Content-Length: 500\r\n\r\n{\"a\":"), .. Frame("{\"b\":2}"), .. Frame("[3]")];
        var framer = new MessageFramer();
        var bodies = new List<string>();
        foreach (byte b in input)
        {
            framer.Append([b]);
            bodies.AddRange(Drain(framer));
        }
        Assert.Equal(["{\"a\":", "{\"b\":2}", "[3]"], bodies);
    }

    [Fact]
    public void Text_about_content_length_inside_a_json_string_is_not_a_header()
    {
        string body = "{\"text\":\"Content-Length: 12\\r\\n\\r\\n Content-Length: 5\"}";
        var framer = new MessageFramer();
        framer.Append(Frame(body));
        Assert.Equal([body], Drain(framer));
    }

    [Theory]
    [InlineData("\n\n")]
    [InlineData("\r\n\n")]
    [InlineData("\n\r\n")]
    public void Headers_ending_in_a_bare_newline_are_read(string ending)
    {
        var framer = new MessageFramer();
        framer.Append(Encoding.ASCII.GetBytes($"Content-Length: 2{ending}{{}}"));
        framer.Append(Frame("[1]"));
        Assert.Equal(["{}", "[1]"], Drain(framer));
    }

    [Fact]
    public void The_buffer_is_released_after_one_huge_message()
    {
        var framer = new MessageFramer();
        string huge = "\"" + new string('x', 20 * 1024 * 1024) + "\"";
        framer.Append(Frame(huge));
        Assert.True(framer.Capacity > 20 * 1024 * 1024);
        Assert.Equal(huge.Length, Assert.Single(Drain(framer)).Length);
        Assert.True(framer.Capacity <= 64 * 1024, $"capacity {framer.Capacity} after the message was taken");
        framer.Append(Frame("{}"));
        Assert.Equal(["{}"], Drain(framer));
    }
}
