using System.Text.Json.Nodes;
using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Handlers;
using CharRnnLsp.Server.Hosting;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

public class ProtocolTests
{
    private const string Uri = "file:///work/a.c";

    private static int ErrorCode(JsonObject response) => response["error"]!["code"]!.GetValue<int>();

    [Fact]
    public async Task Requests_before_initialize_are_refused_and_unknown_methods_reported()
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("x")));
        int early = await server.RequestAsync("textDocument/hover", new { });
        Assert.Equal(ErrorCodes.ServerNotInitialized, ErrorCode(await server.ResponseAsync(early)));
        await server.InitializeAsync();
        int unknown = await server.RequestAsync("textDocument/definition", new { });
        Assert.Equal(ErrorCodes.MethodNotFound, ErrorCode(await server.ResponseAsync(unknown)));
        await server.NotifyAsync("$/someUnknownNotification", new { });
        int again = await server.RequestAsync("initialize", new { capabilities = new { } });
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(await server.ResponseAsync(again)));
    }

    [Fact]
    public async Task Initialize_negotiates_the_position_encoding_and_advertises_features()
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("x")));
        int id = await server.RequestAsync("initialize", new { capabilities = new { general = new { positionEncodings = new[] { "utf-32", "utf-16" } } } });
        var capabilities = (await server.ResponseAsync(id))["result"]!["capabilities"]!;
        Assert.Equal("utf-32", capabilities["positionEncoding"]!.GetValue<string>());
        Assert.True(capabilities["inlineCompletionProvider"]!.GetValue<bool>());
        Assert.True(capabilities["hoverProvider"]!.GetValue<bool>());
        Assert.Equal(2, capabilities["textDocumentSync"]!["change"]!.GetValue<int>());
    }

    [Fact]
    public async Task Exit_code_is_zero_only_after_shutdown()
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("x")));
        await server.InitializeAsync();
        var session = server.Service<ServerSession>();
        int id = await server.RequestAsync("shutdown", null);
        var answer = await server.ResponseAsync(id);
        Assert.True(answer.ContainsKey("result"));
        Assert.Null(answer["result"]);
        int late = await server.RequestAsync("textDocument/hover", new { });
        Assert.Equal(ErrorCodes.InvalidRequest, ErrorCode(await server.ResponseAsync(late)));
        await server.NotifyAsync("exit", null);
        Assert.Equal(0, session.ExitCode);

        using var rude = new ServerHarness(new ScriptedLoader(new ScriptedModel("x")));
        await rude.InitializeAsync();
        await rude.NotifyAsync("exit", null);
        Assert.Equal(1, rude.Service<ServerSession>().ExitCode);
    }

    [Fact]
    public async Task Completion_uses_the_incrementally_edited_text_and_the_negotiated_encoding()
    {
        var model = new ScriptedModel("(x);\nmore");
        using var server = new ServerHarness(new ScriptedLoader(model));
        await server.InitializeAsync("utf-8");
        await server.OpenAsync(Uri, "é = f");
        await server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri, version = 2 },
            contentChanges = new[] { new { range = new { start = new { line = 0, character = 6 }, end = new { line = 0, character = 6 } }, text = "oo" } },
        });
        int id = await server.RequestAsync("textDocument/completion", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 8 } });
        var item = (await server.ResponseAsync(id))["result"]!["items"]![0]!;
        Assert.Equal("(x);", item["label"]!.GetValue<string>());
        Assert.Equal("foo(x);\nmore", item["textEdit"]!["newText"]!.GetValue<string>());
        // The edit range starts at the word "foo": byte 5 of "é = foo" in UTF-8.
        Assert.Equal(5, item["textEdit"]!["range"]!["start"]!["character"]!.GetValue<int>());
        Assert.Contains("```c\n(x);\nmore\n```", item["documentation"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Inline_completion_gives_one_choice_automatically_and_the_hover_shows_confidence()
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("a, b)")));
        await server.InitializeAsync();
        await server.OpenAsync(Uri, "call()\n");
        int id = await server.RequestAsync("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = Uri }, position = new { line = 0, character = 5 }, context = new { triggerKind = 2 },
        });
        var items = (await server.ResponseAsync(id))["result"]!["items"]!.AsArray();
        var item = Assert.Single(items)!;
        Assert.Equal("a, b)", item["insertText"]!.GetValue<string>());
        Assert.Equal(6, item["range"]!["end"]!["character"]!.GetValue<int>()); // replaces the auto-closed ")"

        int hover = await server.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 2 } });
        string markdown = (await server.ResponseAsync(hover))["result"]!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("```c\na, b)\n```", markdown);
        Assert.Contains("1.00 bits/char over 6 chars", markdown);
    }

    [Fact]
    public async Task A_hover_on_a_megabyte_line_scores_only_the_characters_around_the_cursor()
    {
        var model = new ScriptedModel("b");
        using var server = new ServerHarness(new ScriptedLoader(model));
        await server.InitializeAsync();
        await server.OpenAsync(Uri, new string('a', 1_000_000) + "\n");
        int hover = await server.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 600_000 } });
        string markdown = (await server.ResponseAsync(hover))["result"]!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains($"1.00 bits/char over {2 * CompletionService.ScoredCharsEachSide} chars of this line around the cursor", markdown);
        // The scored text, the context window before it (at most 2 x contextChars) and perhaps a background read of the
        // next window (at most 2 x contextChars more, racing this assertion): thousands of characters, not the line.
        Assert.InRange(model.CharsFed, 2 * CompletionService.ScoredCharsEachSide, 4 * 2048 + 2 * CompletionService.ScoredCharsEachSide);
    }

    [Fact]
    public async Task Cancel_request_answers_minus_32800_exactly_once()
    {
        var model = new ScriptedModel("x") { BlockUntilCancelled = true };
        using var server = new ServerHarness(new ScriptedLoader(model));
        await server.InitializeAsync();
        await server.OpenAsync(Uri, "int x");
        int id = await server.RequestAsync("textDocument/completion", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 5 } });
        await model.SamplingStarted.WaitAsync();
        await server.NotifyAsync("$/cancelRequest", new { id });
        Assert.Equal(ErrorCodes.RequestCancelled, ErrorCode(await server.ResponseAsync(id)));
        // A later request completing proves the cancelled handler has had time to finish and not answer again.
        model.BlockUntilCancelled = false;
        int next = await server.RequestAsync("textDocument/completion", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 5 } });
        await server.ResponseAsync(next);
        await server.NotifyAsync("$/cancelRequest", new { id });
        Assert.Single(server.AllResponsesTo(id));
    }

    [Fact]
    public async Task A_newer_inline_request_for_the_same_document_supersedes_the_older()
    {
        var model = new ScriptedModel("x") { BlockUntilCancelled = true };
        using var server = new ServerHarness(new ScriptedLoader(model));
        await server.InitializeAsync();
        await server.OpenAsync(Uri, "int x");
        object Params() => new { textDocument = new { uri = Uri }, position = new { line = 0, character = 5 }, context = new { triggerKind = 2 } };
        int first = await server.RequestAsync("textDocument/inlineCompletion", Params());
        await model.SamplingStarted.WaitAsync();
        model.BlockUntilCancelled = false;
        int second = await server.RequestAsync("textDocument/inlineCompletion", Params());
        Assert.Equal(ErrorCodes.RequestCancelled, ErrorCode(await server.ResponseAsync(first)));
        Assert.True((await server.ResponseAsync(second)).ContainsKey("result"));
        Assert.Single(server.AllResponsesTo(first));
    }

    [Fact]
    public async Task Ill_typed_params_get_invalid_params_and_the_server_keeps_going()
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("x")));
        await server.InitializeAsync();
        int bad = await server.RequestAsync("textDocument/completion", new { textDocument = 5, position = "here" });
        Assert.Equal(ErrorCodes.InvalidParams, ErrorCode(await server.ResponseAsync(bad)));
        await server.NotifyAsync("textDocument/didOpen", new { textDocument = "nope" });
        await server.OpenAsync(Uri, "ok");
        int good = await server.RequestAsync("textDocument/completion", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 2 } });
        Assert.NotNull((await server.ResponseAsync(good))["result"]);
    }

    [Fact]
    public async Task Disabled_languages_get_empty_results()
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("abc")));
        await server.InitializeAsync();
        await server.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { charrnn = new { disabledLanguages = new[] { "c" } } } });
        await server.OpenAsync(Uri, "x");
        int id = await server.RequestAsync("textDocument/completion", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 1 } });
        Assert.Empty((await server.ResponseAsync(id))["result"]!["items"]!.AsArray());
    }

    [Fact]
    public async Task Sample_at_position_command_returns_text()
    {
        using var server = new ServerHarness(new ScriptedLoader(new ScriptedModel("hello")));
        await server.InitializeAsync();
        await server.OpenAsync(Uri, "x");
        int id = await server.RequestAsync("workspace/executeCommand", new
        {
            command = "charrnn.sampleAtPosition",
            arguments = new object[] { Uri, new { line = 0, character = 1 } },
        });
        Assert.Equal("hello", (await server.ResponseAsync(id))["result"]!.GetValue<string>());
    }
}
