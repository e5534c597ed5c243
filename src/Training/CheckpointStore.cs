using System.Text.Json;
using System.Text.Json.Serialization;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Training;

/// <summary>
/// Writes the run's two checkpoints: the best model (weights, vocabulary, history, corpus summary) at
/// --out, and the newest state beside it (the same plus optimizer moments and the carried hidden state)
/// for --resume. Sections: "training" (TrainingProgress), "corpus" (CorpusSummary), "options".
/// Extra tensors: "training.optimizer.NAME" [P] per moment, "training.hidden" [L, S, B, H].
/// </summary>
public sealed class CheckpointStore(string bestPath, string latestPath, string optionsJson)
{
    public const string TrainingSection = "training";
    public const string CorpusSection = "corpus";
    public const string OptionsSection = "options";
    public const string HiddenTensor = "training.hidden";
    public const string MomentPrefix = "training.optimizer.";

    public static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string BestPath => bestPath;
    public string LatestPath => latestPath;

    public void SaveBest(PreparedRun run) => Build(run, withResumeState: false, hidden: null).Save(bestPath);

    public void SaveLatest(PreparedRun run, float[] hidden) => Build(run, withResumeState: true, hidden).Save(latestPath);

    private Checkpoint Build(PreparedRun run, bool withResumeState, float[]? hidden)
    {
        var sections = new Dictionary<string, string>
        {
            [TrainingSection] = JsonSerializer.Serialize(run.Progress, Json),
            [CorpusSection] = JsonSerializer.Serialize(run.CorpusSummary, Json),
            [OptionsSection] = optionsJson,
        };
        var extras = new Dictionary<string, ExtraTensor>();
        if (withResumeState)
        {
            foreach (var (name, moment) in run.Optimizer.Moments)
                extras[MomentPrefix + name] = new ExtraTensor([moment.Length], moment);
            var c = run.Model.Config;
            int streams = hidden!.Length / (c.Layers * c.StateVectorsPerLayer * c.HiddenSize);
            extras[HiddenTensor] = new ExtraTensor([c.Layers, c.StateVectorsPerLayer, streams, c.HiddenSize], hidden);
        }
        return new Checkpoint(run.Model.Config, run.Vocabulary, run.Model.Parameters, sections, extras);
    }

    public static TrainingProgress? ReadProgress(Checkpoint checkpoint)
    {
        if (!checkpoint.Sections.TryGetValue(TrainingSection, out string? json)) return null;
        try { return JsonSerializer.Deserialize<TrainingProgress>(json, Json); }
        catch (JsonException e) { throw new CheckpointException($"the checkpoint's training section is unreadable: {e.Message}"); }
    }
}
