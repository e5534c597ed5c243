using System.CommandLine;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Files;
using CharRnnLsp.Core.Inference;
using CharRnnLsp.Core.Sampling;

namespace CharRnnLsp.Training.Cli;

/// <summary>`charrnn-train sample CKPT`: streams a continuation of a prime text to stdout.</summary>
public sealed class SampleCommand
{
    private readonly Argument<string?> _checkpoint = new("CHECKPOINT") { Description = "a checkpoint written by charrnn-train", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _prime = Declare.OptionalText("--prime", "text to start from (default: the start of a new file)", "TEXT");
    private readonly Option<string?> _primeFile = Declare.OptionalText("--prime-file", "read the prime text from a file", "FILE");
    private readonly Option<int> _length = Declare.Int("--length", 500, "characters to generate", 0);
    private readonly Option<float> _temperature = Declare.Float("--temperature", 0.8f, "lower is more conservative", 1e-4f, 100f);
    private readonly Option<int> _topK = Declare.Int("--top-k", 0, "sample among the N most likely characters (0 = all)", 0);
    private readonly Option<float> _topP = Declare.Float("--top-p", 1f, "sample among the most likely characters holding probability X (1 = all)", 1e-6f, 1f);
    private readonly Option<bool> _argmax = Declare.Flag("--argmax", "always take the most likely character");
    private readonly Option<long?> _seed = Declare.OptionalLong("--seed", "fix it for reproducible samples (default: from the clock)");
    private readonly Option<string?> _stop = Declare.OptionalText("--stop", "stop after this text is produced (\\n and \\t are escapes, e.g. \"\\n\\n\")", "TEXT");
    private readonly Option<Choice<InferencePrecision>> _precision = Declare.Choice("--precision", InferencePrecisions.Default, "how the weights are stored while sampling (LSTM models; GRU and RNN always use fp32)");
    private readonly Option<string?> _adaptOn = Declare.OptionalText("--adapt-on", "read FILE first with dynamic evaluation and sample from the adapted model, continuing FILE unless a prime is given", "FILE");

    public Command Command { get; } = new("sample", "generate text from a checkpoint");

    public SampleCommand(TextWriter output)
    {
        Command.Add(_checkpoint);
        foreach (var option in (Option[])[_prime, _primeFile, _length, _temperature, _topK, _topP, _argmax, _seed, _stop, _precision, _adaptOn]) Command.Add(option);
        Command.SetAction(parse => Run(parse, output));
    }

    private int Run(ParseResult parse, TextWriter output)
    {
        string? prime = parse.GetValue(_prime);
        string? primeFile = parse.GetValue(_primeFile);
        var sampling = new SamplingOptions(parse.GetValue(_temperature), parse.GetValue(_topK), parse.GetValue(_topP), parse.GetValue(_argmax));
        ulong seed = (ulong)(parse.GetValue(_seed) ?? DateTime.UtcNow.Ticks);
        string? stop = parse.GetValue(_stop)?.Replace("\\n", "\n").Replace("\\t", "\t");
        string checkpointPath = parse.GetValue(_checkpoint) ?? throw new UsageException("missing CHECKPOINT (see sample --help)");
        if (prime is not null && primeFile is not null) throw new UsageException("give --prime or --prime-file, not both");
        if (primeFile is not null)
        {
            if (!File.Exists(primeFile)) throw new UsageException($"--prime-file: {primeFile} does not exist");
            prime = RegularFile.ReadAllText(primeFile);
        }
        string? adaptOn = parse.GetValue(_adaptOn);
        if (adaptOn is not null && !File.Exists(adaptOn)) throw new UsageException($"--adapt-on: {adaptOn} does not exist");

        var checkpoint = Checkpoint.Load(checkpointPath);
        var model = checkpoint.ToModel();
        var state = model.NewState();
        var logits = new float[model.Config.VocabSize];
        string separator = char.ConvertFromUtf32(Vocabulary.DocumentSeparatorCodePoint);
        bool continueAdaptedText = false;
        if (adaptOn is not null)
        {
            var adapted = AdaptedStart.Read(model, checkpoint.Vocabulary, RegularFile.ReadAllText(adaptOn), new(), Console.Error.WriteLine);
            model = adapted.Model;
            continueAdaptedText = prime is null;
            if (continueAdaptedText) (state, logits) = (adapted.State, adapted.Logits);
        }
        var sampler = new Sampler(InferenceModel.For(model, parse.GetValue(_precision)), checkpoint.Vocabulary);
        if (!continueAdaptedText) sampler.Feed(state, separator + (prime ?? ""), logits);
        output.Write(prime);
        foreach (string symbol in sampler.Generate(state, logits, parse.GetValue(_length), sampling, new DeterministicRandom(seed), stop))
        {
            output.Write(symbol == separator ? "\n" : symbol);
            output.Flush();
        }
        output.WriteLine();
        return ExitCodes.Ok;
    }
}
