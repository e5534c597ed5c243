using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CharRnnLsp.Training.Progress;

/// <summary>`--progress json`: one JSON object per line on stdout, flushed at once so a reader sees it live.</summary>
public sealed class JsonProgressSink(TextWriter output) : IProgressSink
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // quotes and < > stay readable; this is not HTML
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Write(TrainingEvent e)
    {
        output.WriteLine(JsonSerializer.Serialize(e, e.GetType(), Json));
        output.Flush();
    }
}
