using CharRnnLsp.Core.Adaptation;

namespace CharRnnLsp.Server.Settings;

/// <summary>Every user-facing setting (section "charrnn" in the editor's settings) with its default.</summary>
public sealed record ServerSettings
{
    /// <summary>Checkpoint to serve; null means &lt;workspace&gt;/.charrnn/model.safetensors.</summary>
    public string? ModelPath { get; init; }
    public float Temperature { get; init; } = 0.5f;
    /// <summary>Most characters one suggestion may have.</summary>
    public int MaxLength { get; init; } = 80;
    /// <summary>Suggestions per completion request and per invoked inline completion.</summary>
    public int Choices { get; init; } = 3;
    /// <summary>Characters of context the model reads before the cursor (at least this, at most twice this).</summary>
    public int ContextChars { get; init; } = 2048;
    /// <summary>Allow multi-line inline suggestions at the end of a line.</summary>
    public bool Multiline { get; init; } = true;
    public IReadOnlyList<string> DisabledLanguages { get; init; } = [];
    /// <summary>Fixed sampling seed (reproducible suggestions); null draws a fresh seed per request.</summary>
    public ulong? Seed { get; init; }
    /// <summary>Characters that trigger textDocument/completion (advertised at initialize only).</summary>
    public IReadOnlyList<string> TriggerCharacters { get; init; } = [".", "(", " ", "_"];
    /// <summary>Characters of hallucinated text a hover shows.</summary>
    public int HoverLength { get; init; } = 200;
    /// <summary>A model state is kept every this many characters of a document.</summary>
    public int SnapshotInterval { get; init; } = 64;
    public int MaxSnapshotsPerDocument { get; init; } = 96;
    /// <summary>Documents whose model states are kept; older ones recompute on their next request.</summary>
    public int MaxCachedDocuments { get; init; } = 8;
    /// <summary>Dynamic evaluation of each open document in the background (docs/server.md, "Adaptation").</summary>
    public bool Adaptation { get; init; } = true;
    /// <summary>Mix a cache n-gram model of the open documents into suggestions.</summary>
    public bool DocumentCache { get; init; } = true;
    /// <summary>Mix a match model (longest earlier occurrence of the text before the cursor) into suggestions.</summary>
    public bool MatchModel { get; init; } = true;
    /// <summary>How inline completion chooses its first suggestion (beam, greedy or sample).</summary>
    public DecodingMode InlineDecoding { get; init; } = DecodingMode.Beam;
    /// <summary>Documents that keep adapted weights and experts; the least recently used lose them.</summary>
    public int MaxAdaptedDocuments { get; init; } = 8;
    /// <summary>How the served LSTM's weights are stored for stepping (fp32, bf16 or int8); applies from the next
    /// model load.</summary>
    public Core.Inference.InferencePrecision InferencePrecision { get; init; } = Core.Inference.InferencePrecisions.Default;
}
