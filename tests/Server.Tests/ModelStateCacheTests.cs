using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

/// <summary>The model states kept per document follow the documents through the protocol: edits, closes, the
/// most-recently-used limit and model reloads.</summary>
public class ModelStateCacheTests
{
    private static async Task InlineAtAsync(ServerHarness server, string uri, int line, int character)
    {
        int id = await server.RequestAsync("textDocument/inlineCompletion", new
        {
            textDocument = new { uri }, position = new { line, character }, context = new { triggerKind = 2 },
        });
        await server.ResponseAsync(id);
    }

    private static async Task<(ServerHarness Server, ScriptedModel Model)> StartAsync(params string[] uris)
    {
        var model = new ScriptedModel("x");
        var server = new ServerHarness(new ScriptedLoader(model));
        await server.InitializeAsync();
        foreach (string uri in uris)
        {
            await server.OpenAsync(uri, new string('a', 300) + "\n");
            await InlineAtAsync(server, uri, 0, 300);
        }
        return (server, model);
    }

    [Fact]
    public async Task An_edit_resumes_from_the_state_before_it_and_closing_drops_the_documents_states()
    {
        var (server, model) = await StartAsync("file:///a.c");
        using var _ = server;
        var cache = server.Service<ModelStateCache>();
        Assert.True(cache.StateCount > 2);
        await server.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = "file:///a.c", version = 2 },
            contentChanges = new[] { new { range = new { start = new { line = 0, character = 100 }, end = new { line = 0, character = 100 } }, text = "b" } },
        });
        int fedBefore = model.CharsFed;
        await InlineAtAsync(server, "file:///a.c", 0, 301);
        Assert.Equal(301 - 64, model.CharsFed - fedBefore); // from the state at 64, the last kept one before the edit at 100

        await server.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = "file:///a.c" } });
        Assert.Equal(0, cache.StateCount);
    }

    [Fact]
    public async Task Only_the_most_recently_used_documents_keep_states()
    {
        var (server, model) = await StartAsync();
        using var _ = server;
        await server.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { charrnn = new { maxCachedDocuments = 1 } } });
        foreach (string uri in new[] { "file:///a.c", "file:///b.c" })
        {
            await server.OpenAsync(uri, new string('a', 300) + "\n");
            await InlineAtAsync(server, uri, 0, 300);
        }
        int fedBefore = model.CharsFed;
        await InlineAtAsync(server, "file:///b.c", 0, 300);
        Assert.Equal(0, model.CharsFed - fedBefore); // b.c kept its states
        await InlineAtAsync(server, "file:///a.c", 0, 300);
        Assert.Equal(300, model.CharsFed - fedBefore); // a.c's were dropped when b.c was used
    }

    [Fact]
    public async Task A_reloaded_model_reads_the_document_again()
    {
        var (server, model) = await StartAsync("file:///a.c");
        using var _ = server;
        var reloaded = new TaskCompletionSource();
        server.Service<ModelProvider>().ModelChanged += _ => reloaded.TrySetResult();
        int id = await server.RequestAsync("workspace/executeCommand", new { command = "charrnn.reloadModel" });
        await server.ResponseAsync(id);
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, server.Service<ModelStateCache>().StateCount);
        int fedBefore = model.CharsFed;
        await InlineAtAsync(server, "file:///a.c", 0, 300);
        Assert.Equal(300, model.CharsFed - fedBefore); // the same model object, but a new version: nothing reused
    }
}
