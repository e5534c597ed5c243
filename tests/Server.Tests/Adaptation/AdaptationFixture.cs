using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Server.Completion.Adaptation;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Settings;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Tests.Adaptation;

/// <summary>A real (untrained) LSTM, a document store and an adaptation manager run by hand (no worker thread).</summary>
public sealed class AdaptationFixture
{
    public const string Corpus = "static int count_items(struct list *list)\n{\n\tint n = 0;\n\tfor (; list; list = list->next)\n\t\tn++;\n\treturn n;\n}\n";

    public AdaptationFixture(ServerSettings? settings = null, DynamicEvaluationOptions? dynamic = null, int chunk = 64)
    {
        var vocabulary = Vocabulary.Build(("\u001C" + Corpus).AsSpan(), 256);
        var config = new ModelConfig(CellType.Lstm, vocabulary.Size, EmbeddingSize: 8, HiddenSize: 16, Layers: 1);
        Trained = new CharModelCompletionModel(CharModel.CreateInitialized(config, seed: 3), vocabulary,
            new ModelInfo("lstm 1x16", "lstm", 1, 16, vocabulary.Size));
        Served = new LoadedModel(Trained, 1);
        TrainedWeights = (float[])Trained.Network.Parameters.Clone();
        Settings = new SettingsStore(new RecordingLogger<SettingsStore>());
        Settings.Replace(settings ?? new ServerSettings());
        Documents = new DocumentStore();
        var tuning = new AdaptationTuning(dynamic ?? new DynamicEvaluationOptions(SegmentLength: 16), ChunkChars: chunk, Quiet: TimeSpan.Zero);
        Manager = new AdaptationManager(Settings, Log, tuning);
        Documents.Opened += Manager.Opened;
        Documents.Changed += Manager.Changed;
        Documents.Closed += Manager.Closed;
        Settings.Changed += Manager.SettingsChanged;
        Manager.ServeModel(Served);
    }

    public CharModelCompletionModel Trained { get; }
    public LoadedModel Served { get; }
    public float[] TrainedWeights { get; }
    public SettingsStore Settings { get; }
    public DocumentStore Documents { get; }
    public AdaptationManager Manager { get; }
    public RecordingLogger<AdaptationManager> Log { get; } = new();

    public TextDocument Open(string uri, string text) =>
        Documents.Open(new TextDocumentItem(uri, "c", 1, text));

    /// <summary>Replaces [start, start + removed) with <paramref name="inserted"/>.</summary>
    public TextDocument Edit(string uri, int start, int removed, string inserted)
    {
        var document = Documents.TryGet(uri)!;
        Position At(int offset) => PositionEncoding.ToPosition(document.Text, offset, PositionEncodingKind.Utf16);
        var change = new TextDocumentContentChangeEvent(inserted, new Range(At(start), At(start + removed)));
        return Documents.Change(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, document.Version + 1), [change]),
            PositionEncodingKind.Utf16)!;
    }

    /// <summary>Runs background work until there is none; returns the units run.</summary>
    public int RunUntilIdle(int limit = 10_000)
    {
        int units = 0;
        while (units < limit && Manager.RunOnce(CancellationToken.None)) units++;
        return units;
    }
}

public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<string> _lines = [];
    public IReadOnlyList<string> Lines { get { lock (_lines) return [.. _lines]; } }
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add(formatter(state, exception));
    }
}
