using System.CommandLine;
using System.Text.Json;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Inference;

namespace CharRnnLsp.Training.Cli;

/// <summary>
/// `charrnn-train eval CKPT PATH`: bits/char of the model on PATH beside an interpolated Kneser-Ney n-gram
/// trained on the model's own training split, plus how often each one's greedy continuation reproduces the
/// next 1/5/10/20 characters at line starts and after identifiers; beside them the adaptive columns
/// (AdaptiveEvaluation: dynamic evaluation, cache, match model, all mixed).
/// </summary>
public sealed class EvalCommand
{
    private readonly Argument<string?> _checkpoint = new("CHECKPOINT") { Description = "a checkpoint written by charrnn-train", Arity = ArgumentArity.ZeroOrOne };
    private readonly Argument<string?> _path = new("PATH")
    {
        Description = "a file or tree; if it is the corpus the model was trained on, the held-out split is scored (--split), otherwise all of it",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private readonly Option<string> _split = Declare.Text("--split", "auto", "which split of the training corpus: auto (test, or val when the test split is empty), test, val, train or all", "auto|test|val|train|all");
    private readonly Option<int> _order = Declare.Int("--order", 5, "n-gram order of the baseline", 1, 12);
    private readonly Option<long> _maxChars = Declare.Long("--max-chars", 200_000, "score at most N characters (0 = all)");
    private readonly Option<int> _probes = Declare.Int("--probes", 200, "completion probes per site", 0);
    private readonly Option<Choice<InferencePrecision>> _precision = Declare.Choice("--precision", InferencePrecision.Fp32, "how the weights are stored while the static model is scored (bf16 and int8 show what sampling at that precision loses)");
    private readonly Option<string?> _ngramTrain = Declare.OptionalText("--ngram-train", "train the baseline on this text instead of the model's training corpus", "PATH");
    private readonly CorpusFilterOptions _filters;
    private readonly AdaptationOptions _adaptation;

    public Command Command { get; } = new("eval", "bits/char and completion accuracy against an n-gram baseline");

    public EvalCommand(TextWriter output)
    {
        Command.Add(_checkpoint);
        Command.Add(_path);
        foreach (var option in (Option[])[_split, _order, _maxChars, _probes, _ngramTrain, _precision]) Command.Add(option);
        _filters = new CorpusFilterOptions(Command);
        _adaptation = new AdaptationOptions(Command);
        _split.CompletionSources.Add("auto", "test", "val", "train", "all");
        Command.SetAction(parse => Run(parse, output));
    }

    private int Run(ParseResult parse, TextWriter output)
    {
        string split = parse.GetValue(_split)!;
        int order = parse.GetValue(_order);
        long maxChars = parse.GetValue(_maxChars);
        int probesPerSite = parse.GetValue(_probes);
        string? ngramTrainPath = parse.GetValue(_ngramTrain);
        var corpusOptions = _filters.Read(parse);
        var adaptive = _adaptation.Read(parse);
        if (parse.GetValue(_checkpoint) is not { } checkpointPath || parse.GetValue(_path) is not { } path)
            throw new UsageException("eval needs CHECKPOINT and PATH (see eval --help)");
        if (split is not ("auto" or "test" or "val" or "train" or "all"))
            throw new UsageException($"--split must be test, val, train or all, got '{split}'");

        var checkpoint = Checkpoint.Load(checkpointPath);
        var vocabulary = checkpoint.Vocabulary;
        var training = TrainingOptionsOf(checkpoint);
        var progress = CheckpointStore.ReadProgress(checkpoint);
        var reading = new CorpusReading { Vocabulary = vocabulary };
        using var corpus = CorpusReader.Read(path, corpusOptions, reading);
        bool sameCorpus = progress is not null && TokenFingerprint.Matches(progress.CorpusFingerprint, corpus.Fingerprint, corpus.Tokens);
        if (!sameCorpus && split is not ("auto" or "all"))
            throw new UsageException($"--split {split} needs PATH to be the corpus the model was trained on");

        var (evaluated, where) = (TokenSlices.All(corpus.Tokens), "all of PATH");
        int[] ngramTraining;
        if (sameCorpus && training is not null)
        {
            var parts = DataSplit.Create(corpus.Tokens, corpus.DocumentEnds, training.TrainFraction, training.ValFraction);
            string chosen = split == "auto" ? (parts.Test.Length > order ? "test" : "val") : split;
            evaluated = chosen switch
            {
                "test" => parts.Test,
                "val" => parts.Validation,
                "train" => parts.Train,
                _ => evaluated,
            };
            where = $"the {chosen} split of the training corpus";
            ngramTraining = parts.Train.Spread(MaxNgramTrainingChars);
        }
        else
        {
            string source = ngramTrainPath ?? training?.CorpusPath
                ?? throw new UsageException("the checkpoint does not record its training corpus; give --ngram-train PATH");
            if (!File.Exists(source) && !Directory.Exists(source))
                throw new UsageException($"the model's training corpus {source} is gone; give --ngram-train PATH");
            using var ngramCorpus = CorpusReader.Read(source, corpusOptions, reading);
            var ngramSlices = training is not null && ngramTrainPath is null
                ? DataSplit.Create(ngramCorpus.Tokens, ngramCorpus.DocumentEnds, training.TrainFraction, training.ValFraction).Train
                : TokenSlices.All(ngramCorpus.Tokens);
            ngramTraining = ngramSlices.Spread(MaxNgramTrainingChars);
        }
        // Scored text is read whole into memory (a few bytes a character): bounded by --max-chars.
        int[] evalTokens = evaluated.Spread(maxChars > 0 ? maxChars : evaluated.Length);
        if (evalTokens.Length < 2) throw new CorpusException($"nothing to score: {where} has {evalTokens.Length} characters");

        int[] codePoints = evalTokens.Select(t => vocabulary.CodePoints[t]).ToArray();
        var probes = CompletionProbe.ChoosePositions(codePoints, probesPerSite);
        var ngram = new KneserNeyModel(vocabulary.Size, order);
        ngram.Train(ngramTraining);
        var model = checkpoint.ToModel();
        var rnn = ModelScorer.ScoreRnn(InferenceModel.For(model, parse.GetValue(_precision)), evalTokens, probes);
        var baseline = ModelScorer.ScoreNgram(ngram, evalTokens, probes);
        var columns = adaptive?.Run(model, ngram, evalTokens, probes, Console.Error) ?? [];
        EvalReport.Write(output, where, evalTokens.Length, ngramTraining.Length, checkpoint.Config, order, rnn, baseline, columns);
        return ExitCodes.Ok;
    }

    /// <summary>The n-gram's counts grow with its training text: on a whole Linux tree it learns from this many
    /// characters, taken from every slice of the training split.</summary>
    public const long MaxNgramTrainingChars = 50_000_000;

    private static TrainOptions? TrainingOptionsOf(Checkpoint checkpoint)
    {
        if (!checkpoint.Sections.TryGetValue(CheckpointStore.OptionsSection, out string? json)) return null;
        try { return JsonSerializer.Deserialize<TrainOptions>(json, CheckpointStore.Json); }
        catch (JsonException) { return null; }
    }
}
