using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Server.Tests.Fakes;

/// <summary>Real checkpoint files: a freshly initialized model over a corpus's characters, saved as the trainer does.</summary>
public static class TestCheckpoints
{
    public static string Save(string corpus, int hidden = 32, int layers = 2)
    {
        var vocabulary = Vocabulary.Build(("\u001C" + corpus).AsSpan(), 256);
        var config = new ModelConfig(CellType.Lstm, vocabulary.Size, EmbeddingSize: 16, HiddenSize: hidden, Layers: layers);
        var model = CharModel.CreateInitialized(config, seed: 5);
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "model.safetensors");
        new Checkpoint(config, vocabulary, model.Parameters, new Dictionary<string, string>(), new Dictionary<string, ExtraTensor>()).Save(path);
        return path;
    }
}
