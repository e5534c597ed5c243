using System.Text.Json.Nodes;
using System.Text;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

/// <summary>Messages and params a careless or hostile client sends: each gets the right error code, the server goes on.</summary>
public class MalformedInputTests
{
    private const string Uri = "file:///work/m.c";

    private static int ErrorCode(JsonObject response) => response["error"]!["code"]!.GetValue<int>();

    private static byte[] Raw(string latin1) => Encoding.Latin1.GetBytes(latin1);

    public static TheoryData<string, int, int?> BadMessages => new()
    {
        { "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"\xff\xfe\"}", ErrorCodes.ParseError, 6 },
        { "{\"jsonrpc\":\"2.0\",\"method\":\"\xc3\x28\"}", ErrorCodes.ParseError, null },
        { "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"\\ud800\"}", ErrorCodes.InvalidRequest, 13 },
        { "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"textDocument/hover\",\"params\":{},\"\\udc00x\":0}", ErrorCodes.InvalidRequest, 14 },
        { "{\"\\udc00\":1,\"id\":15,\"method\":\"textDocument/hover\"}", ErrorCodes.InvalidRequest, 15 },
        { "{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"textDocument/hover\",\"params\":{\"\\udfff\":{}}}", ErrorCodes.InvalidRequest, 16 },
        { "{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"textDoc", ErrorCodes.ParseError, 17 },
        { "{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":5}", ErrorCodes.InvalidRequest, 18 },
        { "{\"jsonrpc\":\"2.0\",\"id\":19}", ErrorCodes.InvalidRequest, 19 },
        { "{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"textDocument/hover\"}", ErrorCodes.InvalidRequest, null },
        { "{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"method\":\"textDocument/hover\"}", ErrorCodes.InvalidRequest, null },
        { "[1,2]", ErrorCodes.InvalidRequest, null },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task A_bad_message_is_answered_with_its_id_when_readable_and_the_server_goes_on(string body, int code, int? id)
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("x")));
        await server.InitializeAsync();
        int before = server.Messages.Count;
        await server.Dispatcher.DispatchAsync(Raw(body));
        var answer = server.Messages.Skip(before).Single(m => m["method"] is null);
        Assert.Equal(code, ErrorCode(answer));
        Assert.Equal(id, answer["id"]?.GetValue<int>());
        await server.OpenAsync(Uri, "int x");
        int next = await server.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 1 } });
        Assert.True((await server.ResponseAsync(next)).ContainsKey("result"));
    }

    [Fact]
    public async Task Lone_surrogates_in_document_text_become_U_FFFD_so_the_document_stays_in_step_with_the_editor()
    {
        // A JavaScript string can hold a lone surrogate, and VS Code sends it escaped: one UTF-16 unit either way.
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("x")));
        await server.InitializeAsync();
        await server.Dispatcher.DispatchAsync(Raw("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":" +
            "{\"uri\":\"" + Uri + "\",\"languageId\":\"c\",\"version\":1,\"text\":\"a\\ud800b\\udc00\\ud83d\\ude00c\"}}}"));
        await server.Dispatcher.DispatchAsync(Raw("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":" +
            "{\"uri\":\"" + Uri + "\",\"version\":2},\"contentChanges\":[{\"range\":{\"start\":{\"line\":0,\"character\":4}," +
            "\"end\":{\"line\":0,\"character\":4}},\"text\":\"\\udbff!\"}]}}"));
        Assert.DoesNotContain(server.Messages, m => m["error"] is not null);
        var text = server.Service<CharRnnLsp.Server.Documents.DocumentStore>().TryGet(Uri)!.Text.ToString();
        Assert.Equal("a\ufffdb\ufffd\ufffd!\ud83d\ude00c", text); // the pair \ud83d\ude00 is left whole
    }

    public static TheoryData<string, string> BadPositions => new()
    {
        { "{\"textDocument\":{\"uri\":\"" + Uri + "\"}}", "position" },
        { "{\"position\":{\"line\":0,\"character\":0}}", "textDocument" },
        { "{\"textDocument\":{\"uri\":null},\"position\":{\"line\":0,\"character\":0}}", "uri" },
        { "{\"textDocument\":{\"uri\":\"" + Uri + "\"},\"position\":{}}", "line" },
        { "{\"textDocument\":{\"uri\":\"" + Uri + "\"},\"position\":{\"line\":0}}", "character" },
        { "{\"textDocument\":{\"uri\":\"" + Uri + "\"},\"position\":{\"line\":-1,\"character\":0}}", "position.line" },
        { "{\"textDocument\":{\"uri\":\"" + Uri + "\"},\"position\":{\"line\":0,\"character\":-3}}", "position.character" },
        { "{\"textDocument\":{\"uri\":\"" + Uri + "\"},\"position\":{\"line\":1e30,\"character\":0}}", "line" },
    };

    [Theory]
    [MemberData(nameof(BadPositions))]
    public async Task Missing_null_or_negative_position_fields_are_invalid_params_naming_the_field(string parameters, string field)
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("x")));
        await server.InitializeAsync();
        await server.OpenAsync(Uri, "int x\n");
        foreach (string method in new[] { "textDocument/completion", "textDocument/inlineCompletion", "textDocument/hover" })
        {
            int before = server.Messages.Count;
            await server.Dispatcher.DispatchAsync(Encoding.UTF8.GetBytes(
                $"{{\"jsonrpc\":\"2.0\",\"id\":{before + 500},\"method\":\"{method}\",\"params\":{parameters}}}"));
            var answer = await server.ResponseAsync(before + 500);
            Assert.Equal(ErrorCodes.InvalidParams, ErrorCode(answer));
            Assert.Contains(field, answer["error"]!["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_second_request_with_an_id_in_flight_is_refused_and_the_first_still_answered()
    {
        var model = new ScriptedModel("x") { BlockUntilCancelled = true };
        using var server = new ServerHarness(new ScriptedLoader(model));
        await server.InitializeAsync();
        await server.OpenAsync(Uri, "int x");
        var at = new { textDocument = new { uri = Uri }, position = new { line = 0, character = 5 } };
        int id = await server.RequestAsync("textDocument/completion", at);
        await model.SamplingStarted.WaitAsync();
        await server.RequestAsync("textDocument/hover", at, id);
        var refusal = await server.ResponseAsync(id);
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(refusal));
        Assert.Contains("in flight", refusal["error"]!["message"]!.GetValue<string>());
        await server.NotifyAsync("$/cancelRequest", new { id });
        Assert.True(await WaitUntil(() => server.AllResponsesTo(id).Count == 2));
        Assert.Equal(ErrorCodes.RequestCancelled, ErrorCode(server.AllResponsesTo(id)[1]));
        // Once answered, the id is free again.
        model.BlockUntilCancelled = false;
        await server.RequestAsync("textDocument/hover", at, id);
        Assert.True(await WaitUntil(() => server.AllResponsesTo(id).Count == 3));
        Assert.True(server.AllResponsesTo(id)[2].ContainsKey("result"));
    }

    /// <summary>Loads after a delay, like a real checkpoint (about 0.1 s) on a busy machine.</summary>
    private sealed class SlowLoader(ICompletionModel model, TimeSpan delay) : IModelLoader
    {
        public ICompletionModel Load(string path)
        {
            Thread.Sleep(delay);
            return model;
        }
    }

    [Fact]
    public async Task The_first_completion_right_after_startup_waits_for_the_model_being_loaded()
    {
        string modelFile = Path.GetTempFileName();
        using var server = new ServerHarness(new SlowLoader(new ScriptedModel("(x);"), TimeSpan.FromMilliseconds(400)));
        int init = await server.RequestAsync("initialize", new { capabilities = new { }, initializationOptions = new { modelPath = modelFile } });
        await server.ResponseAsync(init);
        await server.NotifyAsync("initialized", new { });
        await server.OpenAsync(Uri, "f");
        Assert.Null(server.Service<ModelProvider>().Current);
        var at = new { textDocument = new { uri = Uri }, position = new { line = 0, character = 1 } };
        int completion = await server.RequestAsync("textDocument/completion", at);
        int inline = await server.RequestAsync("textDocument/inlineCompletion", new { at.textDocument, at.position, context = new { triggerKind = 2 } });
        Assert.NotEmpty((await server.ResponseAsync(completion))["result"]!["items"]!.AsArray());
        Assert.NotEmpty((await server.ResponseAsync(inline))["result"]!["items"]!.AsArray());
        File.Delete(modelFile);
    }

    private static async Task<bool> WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 300 && !condition(); i++) await Task.Delay(100);
        return condition();
    }
}
