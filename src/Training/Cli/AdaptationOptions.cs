using System.CommandLine;
using CharRnnLsp.Core.Adaptation;

namespace CharRnnLsp.Training.Cli;

/// <summary>eval's options for its adaptive columns (docs/adaptation.md): declared once, added to the verb.</summary>
public sealed class AdaptationOptions
{
    private static readonly DynamicEvaluationOptions Defaults = new();
    private readonly Option<bool> _off = Declare.Flag("--no-adapt", "print only the static model and the n-gram");
    private readonly Option<float> _rate = Declare.Float("--adapt-lr", Defaults.LearningRate, "dynamic evaluation learning rate (0 = off)", 0f, 1e6f);
    private readonly Option<int> _segment = Declare.Int("--adapt-segment", Defaults.SegmentLength, "characters per dynamic evaluation step", 2, 4096);
    private readonly Option<float> _decay = Declare.Float("--adapt-decay", Defaults.Decay, "decay toward the trained weights per step", 0f, 1f);
    private readonly Option<Choice<StepRule>> _rule = Declare.Choice("--adapt-rule", Defaults.Rule, "plain SGD or RMS-normalised steps");
    private readonly Option<int> _cacheOrder = Declare.Int("--cache-order", 6, "document cache context orders 1..N (0 = off)", 0, 16);
    private readonly Option<int> _matchMin = Declare.Int("--match-min", 6, "shortest match the match model uses (0 = off)", 0, 64);
    private readonly Option<float> _mixerRate = Declare.Float("--mixer-lr", 0.02f, "the mixer's online learning rate", 0f, 10f);
    private readonly Option<Choice<DecodingMode>> _decoding = Declare.Choice("--decoding", DecodingMode.Greedy, "how the adaptive columns complete at the probes");
    private readonly Option<int> _beam = Declare.Int("--beam", 4, "beam width for --decoding beam", 1, 64);
    private readonly Option<float> _temperature = Declare.Float("--temperature", 0.5f, "temperature for --decoding sample", 1e-3f, 100f);
    private readonly Option<bool> _compare = Declare.Flag("--compare-decoding", "add the combined system once per decoding mode");

    public AdaptationOptions(Command command)
    {
        foreach (var option in (Option[])[_off, _rate, _segment, _decay, _rule, _cacheOrder, _matchMin, _mixerRate, _decoding, _beam, _temperature, _compare])
            command.Add(option);
    }

    /// <summary>null with --no-adapt.</summary>
    public AdaptiveEvaluation? Read(ParseResult parse)
    {
        if (parse.GetValue(_off)) return null;
        var dynamic = Defaults with
        {
            SegmentLength = parse.GetValue(_segment),
            LearningRate = parse.GetValue(_rate),
            Decay = parse.GetValue(_decay),
            Rule = parse.GetValue(_rule),
        };
        var decoding = new DecodingOptions(parse.GetValue(_decoding), Temperature: parse.GetValue(_temperature), BeamWidth: parse.GetValue(_beam));
        return new AdaptiveEvaluation(dynamic, parse.GetValue(_cacheOrder), parse.GetValue(_matchMin), parse.GetValue(_mixerRate),
            decoding, parse.GetValue(_compare));
    }
}
