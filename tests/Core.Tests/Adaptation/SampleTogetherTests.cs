using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Inference;
using CharRnnLsp.Core.Model;
using Xunit;

namespace CharRnnLsp.Core.Tests.Adaptation;

/// <summary>A request's sampled choices stepped together (one weight read per character for all) give exactly the
/// continuations that decoding them one after another gives.</summary>
public class SampleTogetherTests
{
    private static PredictorBranch Start(IStepModel model)
    {
        int v = model.Config.VocabSize;
        var experts = new ExpertSet(v, null, null, null, ExpertSet.DefaultMixer(v, 0f));
        var state = new RecurrentState(model.Config);
        var logits = new float[v];
        foreach (int token in AdaptationTestModels.Repetitive(30)) model.Step(state, token, logits);
        return new PredictorBranch(model, experts, state, logits, [], null);
    }

    [Theory]
    [InlineData(InferencePrecision.Bf16, -1)]
    [InlineData(InferencePrecision.Int8, 3)] // token 3 stops a continuation early: choices finish at different lengths
    public void Sampling_choices_together_equals_sampling_them_one_by_one(InferencePrecision precision, int stop)
    {
        var packed = new InferenceModel(AdaptationTestModels.Lstm(), precision);
        var options = new DecodingOptions(DecodingMode.Sample, MaxTokens: 25, Temperature: 1f, StopToken: stop);
        var start = Start(packed);
        var together = ContinuationDecoder.SampleTogether(start, options, [.. Enumerable.Range(0, 5).Select(i => new DeterministicRandom(40 + (ulong)i))]);
        for (int i = 0; i < 5; i++)
            Assert.Equal(ContinuationDecoder.Decode(start, options, new DeterministicRandom(40 + (ulong)i)), together[i]);
        Assert.True(together.Select(t => string.Join(",", t)).Distinct().Count() > 1, "different seeds should give different samples");
        if (stop >= 0) Assert.Contains(together, t => t.Length < options.MaxTokens && t[^1] == stop);
    }

    [Fact]
    public void The_reference_model_steps_choices_one_at_a_time_with_the_same_result()
    {
        var reference = AdaptationTestModels.Lstm();
        var options = new DecodingOptions(DecodingMode.Sample, MaxTokens: 12);
        var together = ContinuationDecoder.SampleTogether(Start(reference), options, [new DeterministicRandom(1), new DeterministicRandom(2)]);
        Assert.Equal(ContinuationDecoder.Decode(Start(reference), options, new DeterministicRandom(2)), together[1]);
        Assert.Empty(ContinuationDecoder.SampleTogether(Start(reference), options with { MaxTokens = 0 }, [new DeterministicRandom(1)])[0]);
    }
}
