using CharRnnLsp.Core.Inference;
using CharRnnLsp.Core.Model;
using Xunit;

namespace CharRnnLsp.Core.Tests.Inference;

/// <summary>The packed inference step against the fp32 reference step (CharModel.Step), across precisions, both
/// SIMD paths, both layer-0 input paths, and several streams stepped together.</summary>
public class InferenceModelTests
{
    // H = 40 leaves the last tile 8 of 16 units; V = 70 needs two decoder tiles, the second 6 of 64 columns wide;
    // E + H = 63 gives layer 0 without its input table an odd depth (the kernels' tail).
    private static readonly ModelConfig Shape = new(CellType.Lstm, VocabSize: 70, EmbeddingSize: 23, HiddenSize: 40, Layers: 2);
    private static readonly CharModel Reference = CharModel.CreateInitialized(Shape, seed: 3);
    private static readonly int[] Tokens = EngineTestModels.RandomTokens(120, Shape.VocabSize, seed: 5);

    /// <summary>Logits of every step (and the final state) from a zero state through <see cref="Tokens"/>.</summary>
    private static (float[] Logits, float[] State) Run(IStepModel model, int[] tokens)
    {
        var state = new RecurrentState(model.Config);
        var all = new float[tokens.Length * Shape.VocabSize];
        for (int t = 0; t < tokens.Length; t++) model.Step(state, tokens[t], all.AsSpan(t * Shape.VocabSize, Shape.VocabSize));
        return (all, state.Values);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Fp32_matches_the_reference_step(bool vector512, bool inputTable)
    {
        var packed = new InferenceModel(Reference, InferencePrecision.Fp32, vector512, inputTable);
        Assert.Equal(inputTable, packed.UsesInputTable);
        var (expected, expectedState) = Run(Reference, Tokens);
        var (actual, actualState) = Run(packed, Tokens);
        // Same fp32 products and the same FastMath gates; only the order of the sums differs (the reference adds
        // 8-lane partial sums, the packed kernel adds in k order, the input table sums in double), which moves a
        // result by a few ulp per step; 120 recurrent steps keep that far below 1e-5 relative.
        Assert.True(EngineTestModels.RelativeError(actual, expected) < 1e-5, $"logits off by {EngineTestModels.RelativeError(actual, expected):E2}");
        Assert.True(EngineTestModels.RelativeError(actualState, expectedState) < 1e-5);
    }

    [Theory]
    [InlineData(InferencePrecision.Fp32)]
    [InlineData(InferencePrecision.Bf16)]
    [InlineData(InferencePrecision.Int8)]
    public void The_vector256_fallback_computes_exactly_what_the_avx512_kernel_does(InferencePrecision precision)
    {
        var wide = new InferenceModel(Reference, precision, allowVector512: true);
        var narrow = new InferenceModel(Reference, precision, allowVector512: false);
        Assert.False(narrow.UsesVector512);
        // Both sum each output column in the same two FMA chains (even and odd k) over the same weights, and share the
        // epilogue, so the results are bit for bit equal (on a machine without AVX-512 both run the fallback).
        Assert.Equal(Run(narrow, Tokens).Logits, Run(wide, Tokens).Logits);
    }

    [Theory]
    [InlineData(InferencePrecision.Fp32, true)]
    [InlineData(InferencePrecision.Bf16, true)]
    [InlineData(InferencePrecision.Int8, true)]
    [InlineData(InferencePrecision.Int8, false)]
    public void Streams_stepped_together_equal_streams_stepped_one_at_a_time(InferencePrecision precision, bool vector512)
    {
        var packed = new InferenceModel(Reference, precision, vector512);
        const int streams = 7; // three pairs and one single stream: every kernel
        int v = Shape.VocabSize, steps = 40;
        var sequences = Enumerable.Range(0, streams).Select(s => EngineTestModels.RandomTokens(steps, v, seed: 10 + s)).ToArray();
        var states = Enumerable.Range(0, streams).Select(_ => packed.NewState()).ToArray();
        var together = new float[steps * streams * v];
        var tokens = new int[streams];
        for (int t = 0; t < steps; t++)
        {
            for (int s = 0; s < streams; s++) tokens[s] = sequences[s][t];
            packed.Step(states, tokens, together.AsSpan(t * streams * v, streams * v));
        }
        for (int s = 0; s < streams; s++)
        {
            var (alone, aloneState) = Run(packed, sequences[s]);
            for (int t = 0; t < steps; t++)
                Assert.Equal(alone.AsSpan(t * v, v).ToArray(), together.AsSpan((t * streams + s) * v, v).ToArray());
            Assert.Equal(aloneState, states[s].Values);
        }
    }

    [Theory]
    [InlineData(InferencePrecision.Bf16, 5e-3)]
    [InlineData(InferencePrecision.Int8, 1e-2)]
    public void Rounded_weights_stay_close_to_the_reference(InferencePrecision precision, double bound)
    {
        var (expected, _) = Run(Reference, Tokens);
        var (actual, _) = Run(new InferenceModel(Reference, precision), Tokens);
        // bf16 keeps 8 significant bits (relative rounding error <= 2^-8 per weight), int8 1/254 of a row's largest
        // weight; with errors of random sign a dot product's relative error stays near the per-weight one. The
        // bounds are about 6x what this model shows (bf16 8.4e-4, int8 1.8e-3); a misplaced weight gives ~1.
        double error = EngineTestModels.RelativeError(actual, expected);
        Assert.True(error < bound, $"{precision} logits off by {error:E2} relative");
        Assert.True(error > 0, "rounded weights should change something");
    }

    [Fact]
    public void Bad_input_is_refused_with_a_one_line_reason()
    {
        var packed = new InferenceModel(Reference, InferencePrecision.Bf16);
        Assert.Throws<ArgumentOutOfRangeException>(() => packed.Step(packed.NewState(), Shape.VocabSize, new float[Shape.VocabSize]));
        Assert.Throws<ArgumentException>(() => packed.Step(packed.NewState(), 1, new float[Shape.VocabSize - 1]));
        Assert.Throws<ArgumentException>(() => packed.Step([packed.NewState()], [1, 2], new float[2 * Shape.VocabSize]));
        var gru = CharModel.CreateInitialized(Shape with { Cell = CellType.Gru }, seed: 1);
        Assert.Throws<ArgumentException>(() => new InferenceModel(gru, InferencePrecision.Fp32));
        Assert.Same(gru, InferenceModel.For(gru, InferencePrecision.Int8)); // GRU falls back to the fp32 reference
    }
}
