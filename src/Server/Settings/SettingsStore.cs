using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Settings;

/// <summary>The current settings; replaced whole on each update so readers never see a half-applied change.</summary>
public sealed class SettingsStore(ILogger<SettingsStore> logger)
{
    private volatile ServerSettings _current = new();

    public ServerSettings Current => _current;

    public event Action<ServerSettings, ServerSettings>? Changed;

    public void Replace(ServerSettings next)
    {
        var previous = _current;
        _current = next;
        Changed?.Invoke(previous, next);
    }

    /// <summary>Applies the known fields of a JSON object (either the "charrnn" section or an object that holds one).
    /// Fields with the wrong type are skipped with one warning each, keeping their old values.</summary>
    public void ApplyJson(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } root) return;
        if (root.TryGetProperty("charrnn", out var section) && section.ValueKind == JsonValueKind.Object) root = section;
        var s = _current;
        foreach (var property in root.EnumerateObject())
        {
            try
            {
                s = property.Name switch
                {
                    "modelPath" => s with { ModelPath = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetString() },
                    "temperature" => s with { Temperature = Positive(property.Value.GetSingle()) },
                    "maxLength" => s with { MaxLength = Math.Clamp(property.Value.GetInt32(), 1, 4096) },
                    "choices" => s with { Choices = Math.Clamp(property.Value.GetInt32(), 1, 16) },
                    "contextChars" => s with { ContextChars = Math.Clamp(property.Value.GetInt32(), 16, 1 << 20) },
                    "multiline" => s with { Multiline = property.Value.GetBoolean() },
                    "disabledLanguages" => s with { DisabledLanguages = Strings(property.Value) },
                    "seed" => s with { Seed = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.GetUInt64() },
                    "triggerCharacters" => s with { TriggerCharacters = Strings(property.Value) },
                    "hoverLength" => s with { HoverLength = Math.Clamp(property.Value.GetInt32(), 1, 4096) },
                    "snapshotInterval" => s with { SnapshotInterval = Math.Clamp(property.Value.GetInt32(), 16, 1 << 20) },
                    "maxSnapshotsPerDocument" => s with { MaxSnapshotsPerDocument = Math.Clamp(property.Value.GetInt32(), 2, 4096) },
                    "maxCachedDocuments" => s with { MaxCachedDocuments = Math.Clamp(property.Value.GetInt32(), 1, 1024) },
                    "adaptation" => s with { Adaptation = property.Value.GetBoolean() },
                    "documentCache" => s with { DocumentCache = property.Value.GetBoolean() },
                    "matchModel" => s with { MatchModel = property.Value.GetBoolean() },
                    "inlineDecoding" => s with { InlineDecoding = Decoding(property.Value.GetString()) },
                    "inferencePrecision" => s with { InferencePrecision = Core.Inference.InferencePrecisions.Parse(property.Value.GetString() ?? "") },
                    "maxAdaptedDocuments" => s with { MaxAdaptedDocuments = Math.Clamp(property.Value.GetInt32(), 1, 64) },
                    _ => s,
                };
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                logger.LogWarning("setting charrnn.{Name} ignored: {Reason}", property.Name, e.Message);
            }
        }
        Replace(s);
    }

    private static float Positive(float value) =>
        value > 0 && float.IsFinite(value) ? value : throw new ArgumentException("must be a positive number");

    private static Core.Adaptation.DecodingMode Decoding(string? name) =>
        Enum.TryParse<Core.Adaptation.DecodingMode>(name, ignoreCase: true, out var mode) && !int.TryParse(name, out _)
            ? mode : throw new ArgumentException("must be \"beam\", \"greedy\" or \"sample\"");

    private static IReadOnlyList<string> Strings(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.GetString() ?? "").Where(x => x.Length > 0).ToArray()
            : throw new ArgumentException("must be an array of strings");
}
