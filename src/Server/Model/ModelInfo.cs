using System.Text.Json;
using CharRnnLsp.Core.Checkpoints;

namespace CharRnnLsp.Server.Model;

/// <summary>What a served model is, as charrnn/modelStatus reports it (docs/server.md): its shape, and its best
/// validation loss and iteration count when the trainer recorded them in the checkpoint's "training" section.</summary>
public sealed record ModelInfo(
    string Description,
    string Cell,
    int Layers,
    int HiddenSize,
    int VocabularySize,
    double? BitsPerChar = null,
    long? Iterations = null)
{
    private const string TrainingSection = "training";

    public static ModelInfo FromCheckpoint(Checkpoint checkpoint)
    {
        var c = checkpoint.Config;
        string cell = c.Cell.ToString().ToLowerInvariant();
        var (bitsPerChar, iterations) = ReadTraining(checkpoint);
        return new ModelInfo($"{cell} {c.Layers}x{c.HiddenSize}, vocabulary {checkpoint.Vocabulary.Size}",
            cell, c.Layers, c.HiddenSize, checkpoint.Vocabulary.Size, bitsPerChar, iterations);
    }

    /// <summary>The section is the trainer's, free-form to the server: anything unreadable there just leaves the
    /// figures out. Before the first evaluation bestValLoss is the string "Infinity", which is not a figure.</summary>
    private static (double? BitsPerChar, long? Iterations) ReadTraining(Checkpoint checkpoint)
    {
        if (!checkpoint.Sections.TryGetValue(TrainingSection, out string? json)) return (null, null);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            double? bits = root.TryGetProperty("bestValLoss", out var loss) && loss.ValueKind == JsonValueKind.Number
                           && double.IsFinite(loss.GetDouble()) ? loss.GetDouble() / Math.Log(2) : null;
            long? iterations = root.TryGetProperty("iteration", out var iteration) && iteration.TryGetInt64(out long n) ? n : null;
            return (bits, iterations);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }
}
