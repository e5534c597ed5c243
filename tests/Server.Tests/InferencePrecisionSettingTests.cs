using System.Text.Json;
using CharRnnLsp.Core.Inference;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;
using CharRnnLsp.Server.Tests.Adaptation;
using CharRnnLsp.Server.Tests.Fakes;

namespace CharRnnLsp.Server.Tests;

/// <summary>charrnn.inferencePrecision: parsed from the settings, applied by the checkpoint loader.</summary>
public class InferencePrecisionSettingTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void The_setting_is_read_and_a_bad_value_is_skipped_with_a_warning()
    {
        var log = new RecordingLogger<SettingsStore>();
        var settings = new SettingsStore(log);
        Assert.Equal(InferencePrecisions.Default, settings.Current.InferencePrecision);
        settings.ApplyJson(Json("""{ "charrnn": { "inferencePrecision": "BF16" } }"""));
        Assert.Equal(InferencePrecision.Bf16, settings.Current.InferencePrecision);
        settings.ApplyJson(Json("""{ "inferencePrecision": "fp16" }"""));
        Assert.Equal(InferencePrecision.Bf16, settings.Current.InferencePrecision);
        Assert.Contains(log.Lines, line => line.Contains("inferencePrecision") && line.Contains("fp32, bf16 or int8"));
    }

    [Fact]
    public void The_loader_packs_at_the_precision_in_force_and_the_step_uses_it()
    {
        const string text = "int main(void)\n{\n\treturn 0;\n}\n";
        string path = TestCheckpoints.Save(text);
        var settings = new SettingsStore(new RecordingLogger<SettingsStore>());
        double Bits(InferencePrecision precision)
        {
            settings.Replace(settings.Current with { InferencePrecision = precision });
            var model = Assert.IsType<CharModelCompletionModel>(new CheckpointModelLoader(settings).Load(path));
            Assert.Equal(precision, model.Precision);
            Assert.Equal(precision, ((CharModelCompletionModel)model.WithWeights(model.Network, model.Info)).Precision);
            return model.StartOfDocument().FeedScored(text);
        }
        double fp32 = Bits(InferencePrecision.Fp32), int8 = Bits(InferencePrecision.Int8);
        Assert.NotEqual(fp32, int8);                        // the rounded weights are what steps
        Assert.Equal(fp32, int8, fp32 * 0.01);              // and stay close (about 1e-3 relative on logits)
    }
}
