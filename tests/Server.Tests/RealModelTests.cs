using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

/// <summary>The real engine and checkpoint behind the protocol: a freshly initialized LSTM saved and loaded.</summary>
public class RealModelTests
{
    [Fact]
    public void Resumed_states_match_reading_from_the_start()
    {
        const string text = "int main(void)\n{\n\treturn 0;\n}\n";
        var model = new CheckpointModelLoader().Load(TestCheckpoints.Save(text));
        var whole = model.StartOfDocument();
        double wholeBits = whole.FeedScored(text);
        var split = model.StartOfDocument();
        split.Feed(text.AsSpan(0, 10));
        double tailBits = split.Clone().FeedScored(text.AsSpan(10));
        double headBits = model.StartOfDocument().FeedScored(text.AsSpan(0, 10));
        Assert.Equal(wholeBits, headBits + tailBits, 3);
        Assert.True(wholeBits > 0);
    }

    [Fact]
    public async Task Completion_and_hover_work_with_a_real_checkpoint()
    {
        const string text = "static int add(int a, int b)\n{\n\treturn a + b;\n}\n";
        string path = TestCheckpoints.Save(text);
        using var server = new ServerHarness(new CheckpointModelLoader());
        int init = await server.RequestAsync("initialize", new { capabilities = new { }, initializationOptions = new { modelPath = path, seed = 1 } });
        await server.ResponseAsync(init);
        await server.Service<ModelProvider>().Refresh(force: true);
        Assert.NotNull(server.Service<ModelProvider>().Current);
        await server.OpenAsync("file:///real.c", text);
        int id = await server.RequestAsync("workspace/executeCommand", new
        {
            command = "charrnn.sampleAtPosition", arguments = new object[] { "file:///real.c", new { line = 2, character = 8 } },
        });
        string sample = (await server.ResponseAsync(id))["result"]!.GetValue<string>();
        Assert.Equal(80, sample.EnumerateRunes().Count()); // maxLength code points from the vocabulary
        Assert.All(sample.EnumerateRunes(), r => Assert.Contains(r.ToString(), text + "\u001C"));
        int hover = await server.RequestAsync("textDocument/hover", new { textDocument = new { uri = "file:///real.c" }, position = new { line = 2, character = 3 } });
        Assert.Contains("bits/char over 14 chars", (await server.ResponseAsync(hover))["result"]!["contents"]!["value"]!.GetValue<string>());
    }
}
