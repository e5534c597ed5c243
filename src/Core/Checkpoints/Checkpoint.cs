using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Checkpoints;

/// <summary>A checkpoint could not be read or written; the message is one line meant for the user.</summary>
public sealed class CheckpointException(string message) : Exception(message);

/// <summary>A float32 tensor stored beside the model weights (optimizer moments, carried hidden state).</summary>
public sealed record ExtraTensor(int[] Shape, float[] Data);

/// <summary>
/// Everything a .safetensors checkpoint holds: model config, vocabulary, weights (named per ParameterLayout),
/// free-form JSON metadata sections (e.g. "training", "history", "corpus") and extra tensors for resume.
/// </summary>
public sealed record Checkpoint(
    ModelConfig Config,
    Vocabulary Vocabulary,
    float[] Parameters,
    IReadOnlyDictionary<string, string> Sections,
    IReadOnlyDictionary<string, ExtraTensor> ExtraTensors)
{
    public CharModel ToModel() => new(Config, Parameters);

    /// <summary>Reads and validates a checkpoint; throws CheckpointException with a one-line reason.</summary>
    public static Checkpoint Load(string path) => throw new NotImplementedException();

    /// <summary>Writes atomically: temp file in the same folder, fsync, rename.</summary>
    public void Save(string path) => throw new NotImplementedException();
}
