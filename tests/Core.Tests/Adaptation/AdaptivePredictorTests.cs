using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Evaluation;
using Xunit;
using static CharRnnLsp.Core.Tests.Adaptation.AdaptationTestModels;

namespace CharRnnLsp.Core.Tests.Adaptation;

public class AdaptivePredictorTests
{
    [Fact]
    public void StaticPredictorScoresLikeTheModelScorer()
    {
        var model = Lstm();
        var text = Repetitive(300);
        var expected = ModelScorer.ScoreRnn(model, text, []).NatsPerChar * (text.Length - 1);
        using var predictor = new AdaptivePredictor(model, AdaptivePredictorOptions.Static);
        predictor.Start(text[0]);
        double nats = predictor.Observe(text.AsSpan(1));
        Assert.Equal(expected, nats, expected * 1e-4);
    }

    [Fact]
    public void ReadingInPiecesScoresLikeReadingAtOnce()
    {
        var options = new AdaptivePredictorOptions(new DynamicEvaluationOptions(16, LearningRate: 0.5f));
        var text = Repetitive(200);
        using var whole = new AdaptivePredictor(Lstm(), options);
        whole.Start(text[0]);
        double wholeNats = whole.Observe(text.AsSpan(1));
        using var pieces = new AdaptivePredictor(Lstm(), options);
        pieces.Start(text[0]);
        double pieceNats = 0;
        for (int i = 1; i < text.Length; i += 7) pieceNats += pieces.Observe(text.AsSpan(i, Math.Min(7, text.Length - i)));
        Assert.Equal(wholeNats, pieceNats, wholeNats * 1e-3);
    }

    [Fact]
    public void TheFullSystemBeatsTheStaticModelOnRepetitiveText()
    {
        var text = Repetitive(600);
        double Nats(AdaptivePredictorOptions options)
        {
            using var predictor = new AdaptivePredictor(Lstm(), options);
            predictor.Start(text[0]);
            return predictor.Observe(text.AsSpan(1));
        }
        double full = Nats(AdaptivePredictorOptions.Full with { Dynamic = new DynamicEvaluationOptions(16) });
        double frozen = Nats(AdaptivePredictorOptions.Static);
        Assert.True(full < 0.2 * frozen, $"full {full:F1} nats vs static {frozen:F1}");
    }

    [Fact]
    public void DecodersContinueARepeatedLineFromTheMatch()
    {
        int[] line = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        var text = Enumerable.Repeat(line, 12).SelectMany(x => x).Concat(line[..4]).ToArray();
        using var predictor = new AdaptivePredictor(Lstm(), new AdaptivePredictorOptions(null, 6, 6));
        predictor.Start(text[0]);
        predictor.Observe(text.AsSpan(1));
        int[] expected = [5, 6, 7, 8, 9, 10];
        var greedy = ContinuationDecoder.Decode(predictor.Branch(), new DecodingOptions(DecodingMode.Greedy, 6));
        var beam = ContinuationDecoder.Decode(predictor.Branch(), new DecodingOptions(DecodingMode.Beam, 6, BeamWidth: 3));
        Assert.Equal(expected, greedy);
        Assert.Equal(expected, beam);
    }

    [Fact]
    public void DecodingStopsAfterTheStopToken()
    {
        int[] line = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        var text = Enumerable.Repeat(line, 12).SelectMany(x => x).Concat(line[..4]).ToArray();
        using var predictor = new AdaptivePredictor(Lstm(), new AdaptivePredictorOptions(null, 6, 6));
        predictor.Start(text[0]);
        predictor.Observe(text.AsSpan(1));
        var greedy = ContinuationDecoder.Decode(predictor.Branch(), new DecodingOptions(DecodingMode.Greedy, 20, StopToken: 7));
        Assert.Equal([5, 6, 7], greedy);
    }
}
