using CharRnnLsp.Server.Tests.Fakes;
using CharRnnLsp.Server.Tests.Fuzz;

namespace CharRnnLsp.Server.Tests;

/// <summary>
/// The real server process under a stream of mutated messages (MessageMutator) for a fixed time. It must stay up,
/// answer every tracked request exactly once, and write only well-formed frames. The seed is random per run and
/// printed in every failure; CHARRNN_FUZZ_SEED=N replays one.
/// </summary>
public class MutationTests
{
    private static readonly TimeSpan Sending = TimeSpan.FromSeconds(15);
    private const int MaxOutstanding = 64;
    private const string Uri = "file:///tmp/fuzz.c";
    private const long SentinelId = 999_999;

    [Fact]
    public async Task Mutated_messages_never_stop_the_server_and_each_request_is_answered_once()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("CHARRNN_FUZZ_SEED"), out int fixedSeed)
            ? fixedSeed : Random.Shared.Next();
        string model = TestCheckpoints.Save("int main(void)\n{\n\treturn 0;\n}\n");
        using var server = ServerProcess.Start("--model", model);
        server.Initialize(new { seed = 1, maxLength = 20 });
        server.Notify("textDocument/didOpen", new { textDocument = new { uri = Uri, languageId = "c", version = 1, text = "int main(void)\n{\n}\n" } });
        await server.ResponseAsync(0, TimeSpan.FromSeconds(30));

        var mutator = new MessageMutator(seed, Uri);
        var sent = new Dictionary<long, int>();
        int messages = 0, trackedSent = 0;
        var stop = DateTime.UtcNow + Sending;
        while (DateTime.UtcNow < stop)
        {
            Assert.False(server.HasExited, $"seed {seed}: the server exited after {messages} messages; stderr:\n{Tail(server.Stderr)}");
            // Bounded backlog: the pipe and the server's queue stay small, so every answer can arrive in time.
            if (trackedSent - sent.Keys.Sum(server.AnswerCount) > MaxOutstanding)
            {
                await Task.Delay(5);
                continue;
            }
            var output = mutator.Next();
            server.WriteRaw(output.Bytes);
            messages++;
            if (output.TrackedId is { } id)
            {
                sent[id] = sent.GetValueOrDefault(id) + 1;
                trackedSent++;
            }
        }
        // A last clean request proves the stream is back in step after whatever came last.
        server.Request(SentinelId, "textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 1 } });
        await server.ResponseAsync(SentinelId, TimeSpan.FromSeconds(30));
        bool settled = await server.WaitForAsync(() => sent.All(kv => server.AnswerCount(kv.Key) >= kv.Value), TimeSpan.FromSeconds(30));

        var wrong = sent.Where(kv => server.AnswerCount(kv.Key) != kv.Value).Take(10)
            .Select(kv => $"id {kv.Key}: sent {kv.Value}, answered {server.AnswerCount(kv.Key)}").ToList();
        Assert.True(settled && wrong.Count == 0, $"seed {seed}: {string.Join("; ", wrong)}");
        Assert.True(server.FramingErrors.IsEmpty, $"seed {seed}: stdout framing broke: {string.Join("; ", server.FramingErrors)}");
        Assert.True(trackedSent > 500, $"seed {seed}: only {trackedSent} tracked requests in {Sending.TotalSeconds} s");
        Assert.Equal(0, await server.StopAsync());
        Console.WriteLine($"mutation test: seed {seed}, {messages} messages, {trackedSent} tracked requests");
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
