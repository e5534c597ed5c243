using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Files;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Checkpoints;

/// <summary>A checkpoint could not be read or written; the message is one line meant for the user.</summary>
public sealed class CheckpointException(string message) : Exception(OneLineMessage.From(message));

/// <summary>A float32 tensor stored beside the model weights (optimizer moments, carried hidden state).</summary>
public sealed record ExtraTensor(int[] Shape, float[] Data);

/// <summary>
/// Everything a .safetensors checkpoint holds: model config, vocabulary, weights (named per ParameterLayout),
/// free-form JSON metadata sections (e.g. "training", "history", "corpus") and extra tensors for resume.
/// Extra tensors are stored as "training.&lt;name&gt;"; the format is described in docs/checkpoint-format.md.
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
    public static Checkpoint Load(string path)
    {
        var content = SafeTensorsReader.Read(path);
        try
        {
            return FromContent(content);
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{path}: {e.Message}");
        }
    }

    /// <summary>Writes atomically: temp file in the same folder, fsync, rename.</summary>
    public void Save(string path)
    {
        var tensors = ToTensors();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CheckpointMetadata.FormatKey] = CheckpointMetadata.FormatValue,
            [CheckpointMetadata.ConfigKey] = CheckpointMetadata.ConfigToJson(Config),
            [CheckpointMetadata.VocabularyKey] = CheckpointMetadata.VocabularyToJson(Vocabulary),
        };
        foreach (var (key, value) in Sections.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (CheckpointMetadata.IsReserved(key)) throw new CheckpointException($"cannot save checkpoint: section name \"{key}\" is reserved");
            metadata[key] = value;
        }
        try
        {
            AtomicFile.Write(path, stream => SafeTensorsWriter.Write(stream, metadata, tensors));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"cannot write checkpoint {path}: {e.Message}");
        }
    }

    private List<SafeTensorsTensor> ToTensors()
    {
        var layout = new ParameterLayout(Config);
        if (Parameters.Length != layout.TotalLength)
            throw new CheckpointException($"cannot save checkpoint: {Parameters.Length} parameters, the config needs {layout.TotalLength}");
        if (Vocabulary.Size != Config.VocabSize)
            throw new CheckpointException($"cannot save checkpoint: vocabulary has {Vocabulary.Size} symbols, the config says {Config.VocabSize}");
        // A diverged run must not overwrite a good checkpoint with one that Load would reject.
        if (!AllFinite(Parameters)) throw new CheckpointException("cannot save checkpoint: parameters contain NaN or infinity");
        var tensors = layout.Tensors
            .Select(view => new SafeTensorsTensor(view.Name, view.Shape, Parameters.AsSpan(view.Offset, view.Length).ToArray()))
            .ToList();
        foreach (var (name, extra) in ExtraTensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (extra.Data.Length != extra.Shape.Aggregate(1L, (a, b) => a * b) || extra.Shape.Any(d => d < 0))
                throw new CheckpointException($"cannot save checkpoint: extra tensor {name} does not match its shape");
            if (!AllFinite(extra.Data)) throw new CheckpointException($"cannot save checkpoint: extra tensor {name} contains NaN or infinity");
            tensors.Add(new SafeTensorsTensor(CheckpointMetadata.ExtraTensorPrefix + name, extra.Shape, extra.Data));
        }
        return tensors;
    }

    private static Checkpoint FromContent(SafeTensorsContent content)
    {
        var metadata = content.Metadata;
        if (!metadata.TryGetValue(CheckpointMetadata.FormatKey, out string? format))
            throw CheckpointMetadata.Invalid("not a CharRnnLsp checkpoint (no \"format\" metadata)");
        if (format != CheckpointMetadata.FormatValue)
            throw CheckpointMetadata.Invalid($"unsupported format \"{format}\" (this version reads {CheckpointMetadata.FormatValue})");
        var config = CheckpointMetadata.ConfigFromJson(Required(metadata, CheckpointMetadata.ConfigKey));
        var vocabulary = CheckpointMetadata.VocabularyFromJson(Required(metadata, CheckpointMetadata.VocabularyKey));
        if (vocabulary.Size != config.VocabSize)
            throw CheckpointMetadata.Invalid($"vocabulary has {vocabulary.Size} symbols but the config says {config.VocabSize}");

        var extras = new Dictionary<string, ExtraTensor>(StringComparer.Ordinal);
        var weights = new Dictionary<string, SafeTensorsTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in content.Tensors)
        {
            if (!AllFinite(tensor.Data)) throw CheckpointMetadata.Invalid($"tensor {name} contains NaN or infinity");
            if (name.StartsWith(CheckpointMetadata.ExtraTensorPrefix, StringComparison.Ordinal))
                extras[name[CheckpointMetadata.ExtraTensorPrefix.Length..]] = new ExtraTensor(tensor.Shape, tensor.Data);
            else
                weights[name] = tensor;
        }
        var parameters = GatherParameters(config, weights);
        var sections = metadata
            .Where(kv => !CheckpointMetadata.IsReserved(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new Checkpoint(config, vocabulary, parameters, sections, extras);
    }

    /// <summary>Copies the named weights into one buffer in layout order; every layout tensor and nothing else.</summary>
    private static float[] GatherParameters(ModelConfig config, Dictionary<string, SafeTensorsTensor> weights)
    {
        // ParameterLayout counts in int; a hostile config could overflow it, so check in long first.
        if (LongParameterCount(config) > int.MaxValue) throw CheckpointMetadata.Invalid("config describes more than 2^31 parameters");
        var layout = new ParameterLayout(config);
        foreach (var view in layout.Tensors)
        {
            if (!weights.TryGetValue(view.Name, out var tensor)) throw CheckpointMetadata.Invalid($"tensor {view.Name} is missing");
            if (!tensor.Shape.SequenceEqual(view.Shape))
                throw CheckpointMetadata.Invalid($"tensor {view.Name} has shape [{string.Join(", ", tensor.Shape)}], the config needs [{string.Join(", ", view.Shape)}]");
        }
        foreach (string name in weights.Keys)
        {
            if (!layout.TryGet(name, out _)) throw CheckpointMetadata.Invalid($"unexpected tensor {name} for a {config.Layers}-layer {config.Cell} model");
        }
        // Every tensor was read from the file and matched its view, so this allocation is bounded by the file size.
        var parameters = new float[layout.TotalLength];
        foreach (var view in layout.Tensors) weights[view.Name].Data.CopyTo(parameters, view.Offset);
        return parameters;
    }

    private static long LongParameterCount(ModelConfig c)
    {
        try
        {
            checked
            {
                long v = c.VocabSize, e = c.EmbeddingSize, h = c.HiddenSize, gh = (long)c.Gates * c.HiddenSize;
                long firstLayer = gh * e + gh * h + 2 * gh;
                long otherLayers = (c.Layers - 1) * (gh * h + gh * h + 2 * gh);
                return v * e + firstLayer + otherLayers + v * h + v;
            }
        }
        catch (OverflowException)
        {
            return long.MaxValue;
        }
    }

    private static string Required(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? value) ? value : throw CheckpointMetadata.Invalid($"metadata \"{key}\" is missing");

    private static bool AllFinite(float[] data)
    {
        foreach (float x in data)
        {
            if (!float.IsFinite(x)) return false;
        }
        return true;
    }
}
