using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Tests;

/// <summary>Small checkpoints filled from a seeded generator, and a temp folder to write them in.</summary>
internal sealed class CheckpointTestData : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("charrnn-ckpt-").FullName;

    public string PathOf(string name) => Path.Combine(Folder, name);

    public static Checkpoint Create(CellType cell = CellType.Lstm, int layers = 2, ulong seed = 1, bool withExtras = true)
    {
        var vocabulary = Vocabulary.Build("hello, world! ünïcödé 😀\u001C", 64);
        var config = new ModelConfig(cell, vocabulary.Size, EmbeddingSize: 5, HiddenSize: 7, Layers: layers, Dropout: 0.25f);
        var random = new DeterministicRandom(seed);
        var parameters = new float[new ParameterLayout(config).TotalLength];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = random.NextFloat() * 2 - 1;
        var model = new CharModel(config, parameters);
        var extras = new Dictionary<string, ExtraTensor>();
        if (withExtras)
        {
            extras["adam.m"] = new ExtraTensor([parameters.Length], parameters.Select(p => p * 0.5f).ToArray());
            extras["state.h"] = new ExtraTensor([layers, 3, 7], Enumerable.Range(0, layers * 21).Select(i => i / 100f).ToArray());
        }
        var sections = new Dictionary<string, string>
        {
            ["training"] = "{\"step\":42,\"lr\":0.002}",
            ["corpus"] = "{\"root\":\"/tmp/x\",\"files\":3}",
        };
        return new Checkpoint(model.Config, vocabulary, model.Parameters, sections, extras);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
