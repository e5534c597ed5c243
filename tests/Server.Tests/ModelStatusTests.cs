using System.Text.Json.Nodes;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

/// <summary>charrnn/modelStatus through the real server composition: what a client sees on each change.</summary>
public class ModelStatusTests
{
    private sealed class FileTextLoader : IModelLoader
    {
        public ICompletionModel Load(string path)
        {
            string text = File.ReadAllText(path);
            if (text.StartsWith("corrupt")) throw new InvalidDataException("not a safetensors file\nsecond line");
            return new ScriptedModel(text);
        }
    }

    private static string TempModelPath() => Path.Combine(Directory.CreateTempSubdirectory().FullName, "model.safetensors");

    private static async Task<ServerHarness> InitializedAsync(string modelPath, bool clientShowsStatus = false)
    {
        var server = new ServerHarness(new FileTextLoader());
        object capabilities = clientShowsStatus ? new { experimental = new { charrnnModelStatus = true } } : new { };
        int id = await server.RequestAsync("initialize", new { capabilities, initializationOptions = new { modelPath } });
        await server.ResponseAsync(id);
        await server.NotifyAsync("initialized", new { });
        return server;
    }

    private static List<JsonObject> Statuses(ServerHarness server) =>
        server.Messages.Where(m => m["method"]?.GetValue<string>() == ModelStatus.Method)
            .Select(m => m["params"]!.AsObject()).ToList();

    private static async Task<JsonObject> WaitForStatusAsync(ServerHarness server, string state, int skip = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var found = Statuses(server).Skip(skip).FirstOrDefault(s => s["state"]!.GetValue<string>() == state);
            if (found is not null) return found;
            await Task.Delay(20);
        }
        throw new TimeoutException($"no {state} status; got {string.Join(", ", Statuses(server).Select(s => s.ToJsonString()))}");
    }

    private static async Task WaitForLogAsync(ServerHarness server, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.Messages.Any(m => m["method"]?.GetValue<string>() == "window/logMessage"
                                         && m["params"]!["message"]!.GetValue<string>().Contains(text)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no log line with \"{text}\"");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task After_initialized_the_client_hears_loading_then_loaded_with_the_model()
    {
        string path = TempModelPath();
        await File.WriteAllTextAsync(path, "first");
        using var server = await InitializedAsync(path);
        var loaded = await WaitForStatusAsync(server, ModelState.Loaded);
        var states = Statuses(server).Select(s => s["state"]!.GetValue<string>()).ToList();
        Assert.Equal([ModelState.Loading, ModelState.Loaded], states);
        Assert.Equal(Path.GetFullPath(path), loaded["path"]!.GetValue<string>());
        Assert.Equal("scripted", loaded["model"]!["description"]!.GetValue<string>());
        Assert.Null(loaded["reason"]);
        Assert.Null(Statuses(server)[0]["model"]); // nothing served while the first load ran
    }

    [Fact]
    public async Task A_failed_reload_reports_the_reason_and_the_model_that_keeps_serving()
    {
        string path = TempModelPath();
        await File.WriteAllTextAsync(path, "first");
        using var server = await InitializedAsync(path);
        await WaitForStatusAsync(server, ModelState.Loaded);
        int before = Statuses(server).Count;
        await File.WriteAllTextAsync(path + ".tmp", "corrupt!");
        File.Move(path + ".tmp", path, overwrite: true);
        int id = await server.RequestAsync("workspace/executeCommand", new { command = "charrnn.reloadModel" });
        await server.ResponseAsync(id);
        var failed = await WaitForStatusAsync(server, ModelState.Failed, before);
        Assert.Contains("not a safetensors file", failed["reason"]!.GetValue<string>());
        Assert.DoesNotContain("second line", failed["reason"]!.GetValue<string>());
        Assert.Equal("scripted", failed["model"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_removed_file_is_reported_missing_while_the_loaded_model_keeps_serving()
    {
        string path = TempModelPath();
        await File.WriteAllTextAsync(path, "first");
        using var server = await InitializedAsync(path);
        await WaitForStatusAsync(server, ModelState.Loaded);
        File.Delete(path);
        var missing = await WaitForStatusAsync(server, ModelState.Missing);
        Assert.Equal(Path.GetFullPath(path), missing["path"]!.GetValue<string>());
        Assert.Equal("scripted", missing["model"]!["description"]!.GetValue<string>());
        Assert.NotNull(server.Service<ModelProvider>().Current);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task No_model_is_a_missing_status_and_a_message_only_for_clients_that_do_not_show_the_status(bool clientShowsStatus)
    {
        string path = TempModelPath();
        using var server = await InitializedAsync(path, clientShowsStatus);
        var missing = await WaitForStatusAsync(server, ModelState.Missing);
        Assert.Null(missing["model"]);
        Assert.Contains("no model at", missing["reason"]!.GetValue<string>());
        // The provider logs the reason right after it would have shown the message.
        await WaitForLogAsync(server, "no model at");
        bool shown = server.Messages.Any(m => m["method"]?.GetValue<string>() == "window/showMessage");
        Assert.Equal(!clientShowsStatus, shown);
    }

    [Fact]
    public void A_checkpoint_reports_bits_per_char_and_iterations_when_its_training_section_has_them()
    {
        var vocabulary = Vocabulary.Build("\u001Cabc".AsSpan(), 256);
        var config = new ModelConfig(CellType.Gru, vocabulary.Size, EmbeddingSize: 4, HiddenSize: 8, Layers: 2);
        var parameters = CharModel.CreateInitialized(config, seed: 1).Parameters;
        Checkpoint WithTraining(string? json) => new(config, vocabulary, parameters,
            json is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["training"] = json },
            new Dictionary<string, ExtraTensor>());

        double loss = 1.25;
        var trained = ModelInfo.FromCheckpoint(WithTraining($$"""{"bestValLoss": {{loss}}, "iteration": 120}"""));
        Assert.Equal(loss / Math.Log(2), trained.BitsPerChar!.Value, 12);
        Assert.Equal(120, trained.Iterations);
        Assert.Equal(("gru", 2, 8, vocabulary.Size), (trained.Cell, trained.Layers, trained.HiddenSize, trained.VocabularySize));
        Assert.Equal($"gru 2x8, vocabulary {vocabulary.Size}", trained.Description);

        var notEvaluated = ModelInfo.FromCheckpoint(WithTraining("""{"bestValLoss": "Infinity", "iteration": 3}"""));
        Assert.Null(notEvaluated.BitsPerChar);
        Assert.Equal(3, notEvaluated.Iterations);
        Assert.Null(ModelInfo.FromCheckpoint(WithTraining("not json")).BitsPerChar);
        Assert.Null(ModelInfo.FromCheckpoint(WithTraining(null)).Iterations);
    }
}
