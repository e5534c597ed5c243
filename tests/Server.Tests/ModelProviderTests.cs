using CharRnnLsp.Server.Hosting;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

public class ModelProviderTests
{
    /// <summary>Loads a ScriptedModel whose continuation is the file's text; "corrupt" files throw like a bad checkpoint.</summary>
    private sealed class FileTextLoader : IModelLoader
    {
        public int Loads;
        public ICompletionModel Load(string path)
        {
            Interlocked.Increment(ref Loads);
            string text = File.ReadAllText(path);
            if (text.StartsWith("corrupt")) throw new InvalidDataException("not a safetensors file\nsecond line");
            return new ScriptedModel(text);
        }
    }

    private static async Task<(ServerHarness Server, FileTextLoader Loader, string Path)> StartAsync()
    {
        var loader = new FileTextLoader();
        var server = new ServerHarness(loader);
        string dir = Directory.CreateTempSubdirectory().FullName;
        string path = Path.Combine(dir, "model.safetensors");
        await File.WriteAllTextAsync(path, "first");
        int id = await server.RequestAsync("initialize", new { capabilities = new { }, initializationOptions = new { charrnn = new { modelPath = path } } });
        await server.ResponseAsync(id);
        await server.Service<ModelProvider>().Refresh(force: true);
        return (server, loader, path);
    }

    [Fact]
    public async Task A_corrupt_file_leaves_the_old_model_serving_and_is_logged_once()
    {
        var (server, _, path) = await StartAsync();
        using var _ = server;
        var models = server.Service<ModelProvider>();
        var first = models.Current;
        Assert.NotNull(first);
        // Replace the file atomically, as Checkpoint.Save does: an in-place write could be caught half-written
        // (empty) by the watcher's reload on a busy machine, and an empty file is a valid model to this loader.
        await File.WriteAllTextAsync(path + ".tmp", "corrupt!");
        File.Move(path + ".tmp", path, overwrite: true);
        string outcome = await models.Refresh(force: true);
        await models.Refresh(force: true);
        Assert.Contains("not a safetensors file", outcome);
        Assert.DoesNotContain("second line", outcome);
        Assert.Same(first, models.Current);
        var warnings = server.Messages.Where(m => m["method"]?.GetValue<string>() == "window/logMessage"
            && m["params"]!["message"]!.GetValue<string>().Contains("not a safetensors file")).ToList();
        Assert.Single(warnings);
    }

    [Fact]
    public async Task Rewriting_the_file_reloads_the_model()
    {
        var (server, loader, path) = await StartAsync();
        using var _ = server;
        var models = server.Service<ModelProvider>();
        var reloaded = new TaskCompletionSource<ICompletionModel>();
        models.ModelChanged += m => reloaded.TrySetResult(m);
        // Save the way Checkpoint.Save does: write a temp file, then rename it over the old one.
        string temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, "second");
        File.Move(temp, path, overwrite: true);
        var model = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(model, models.Current);
        Assert.True(loader.Loads >= 2);
    }

    [Fact]
    public async Task The_reload_command_reports_what_it_loaded()
    {
        var (server, _, _) = await StartAsync();
        using var _ = server;
        int id = await server.RequestAsync("workspace/executeCommand", new { command = "charrnn.reloadModel" });
        Assert.StartsWith("loaded scripted", (await server.ResponseAsync(id))["result"]!.GetValue<string>());
    }
}
