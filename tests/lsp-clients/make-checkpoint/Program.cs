using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;

// make-checkpoint CORPUS_FILE OUT.safetensors [HIDDEN=64] [LAYERS=2] [SEED=1]
// A freshly initialized model whose vocabulary comes from the corpus: the real engine and checkpoint format,
// without waiting for training. Its suggestions are noise, which is all the protocol tests need.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: make-checkpoint CORPUS_FILE OUT.safetensors [HIDDEN] [LAYERS] [SEED]");
    return 2;
}
try
{
    string corpus = File.ReadAllText(args[0]);
    int hidden = args.Length > 2 ? int.Parse(args[2]) : 64;
    int layers = args.Length > 3 ? int.Parse(args[3]) : 2;
    ulong seed = args.Length > 4 ? ulong.Parse(args[4]) : 1;
    var vocabulary = Vocabulary.Build(("\u001C" + corpus).AsSpan(), 256);
    var config = new ModelConfig(CellType.Lstm, vocabulary.Size, EmbeddingSize: Math.Min(hidden, 64), HiddenSize: hidden, Layers: layers);
    var model = CharModel.CreateInitialized(config, seed);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
    new Checkpoint(config, vocabulary, model.Parameters, new Dictionary<string, string>(), new Dictionary<string, ExtraTensor>())
        .Save(args[1]);
    Console.WriteLine($"wrote {args[1]}: lstm {layers}x{hidden}, vocabulary {vocabulary.Size}");
    return 0;
}
catch (Exception e) when (e is IOException or CheckpointException or ArgumentException or FormatException)
{
    Console.Error.WriteLine($"make-checkpoint: {e.Message}");
    return 1;
}
