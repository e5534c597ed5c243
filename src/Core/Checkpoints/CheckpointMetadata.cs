using System.Text.Json;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Core.Checkpoints;

/// <summary>
/// The string metadata of a checkpoint: "format", "config" (ModelConfig as JSON with snake_case keys and
/// a lowercase cell name), "vocabulary" (JSON array of code points, -1 first for unknown); every other key is
/// a free-form section.
/// </summary>
internal static class CheckpointMetadata
{
    public const string FormatKey = "format";
    public const string ConfigKey = "config";
    public const string VocabularyKey = "vocabulary";
    public const string FormatValue = "charrnn-lsp/1";
    /// <summary>Tensors whose name starts with this are ExtraTensors, not model weights.</summary>
    public const string ExtraTensorPrefix = "training.";

    public static bool IsReserved(string key) => key is FormatKey or ConfigKey or VocabularyKey;

    public static string ConfigToJson(ModelConfig config)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("cell", config.Cell.ToString().ToLowerInvariant());
            json.WriteNumber("vocab_size", config.VocabSize);
            json.WriteNumber("embedding_size", config.EmbeddingSize);
            json.WriteNumber("hidden_size", config.HiddenSize);
            json.WriteNumber("layers", config.Layers);
            json.WriteNumber("dropout", config.Dropout);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ModelConfig ConfigFromJson(string text)
    {
        using var document = ParseJson(text, ConfigKey);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Invalid("config is not a JSON object");
        string cellName = root.TryGetProperty("cell", out var cell) && cell.ValueKind == JsonValueKind.String
            ? cell.GetString()! : throw Invalid("config has no cell");
        CellType cellType = cellName switch
        {
            "lstm" => CellType.Lstm,
            "gru" => CellType.Gru,
            "rnn" => CellType.Rnn,
            _ => throw Invalid($"config has unknown cell \"{cellName}\""),
        };
        var config = new ModelConfig(cellType, Int(root, "vocab_size"), Int(root, "embedding_size"), Int(root, "hidden_size"),
            Int(root, "layers"), Float(root, "dropout"));
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw Invalid($"config: {e.Message}");
        }
        return config;
    }

    public static string VocabularyToJson(Vocabulary vocabulary) => JsonSerializer.Serialize(vocabulary.CodePoints);

    public static Vocabulary VocabularyFromJson(string text)
    {
        using var document = ParseJson(text, VocabularyKey);
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw Invalid("vocabulary is not a JSON array");
        var codePoints = new List<int>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int cp)) throw Invalid("vocabulary holds a non-integer");
            codePoints.Add(cp);
        }
        try
        {
            return Vocabulary.FromCodePoints(codePoints);
        }
        catch (ArgumentException e)
        {
            throw Invalid(e.Message);
        }
    }

    private static JsonDocument ParseJson(string text, string key)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw Invalid($"metadata \"{key}\" is not valid JSON");
        }
    }

    private static int Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result)
            ? result
            : throw Invalid($"config has no integer {name}");

    private static float Float(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetSingle(out float result)
            ? result
            : throw Invalid($"config has no number {name}");

    public static CheckpointException Invalid(string reason) => new($"invalid checkpoint: {reason}");
}
