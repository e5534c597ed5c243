using System.Text.Json;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Evaluation;

namespace CharRnnLsp.Training.Cli;

/// <summary>
/// `charrnn-train eval CKPT PATH`: bits/char of the model on PATH beside an interpolated Kneser-Ney n-gram
/// trained on the model's own training split, plus how often each one's greedy continuation reproduces the
/// next 1/5/10/20 characters at line starts and after identifiers.
/// </summary>
public static class EvalCommand
{
    public const string Help = """
        usage: charrnn-train eval CHECKPOINT PATH [options]
          PATH               a file or tree. If it is the corpus the model was trained on, the held-out split
                             is scored (--split); otherwise all of PATH is.
          --split NAME       test (default; val when the test split is empty), val, train or all
          --order N          n-gram order of the baseline (default 5)
          --max-chars N      score at most N characters (default 200000, 0 = all)
          --probes N         completion probes per site (default 200)
          --ngram-train PATH train the baseline on this text instead of the model's training corpus
          --include/--exclude/--max-file-size/--lossy   as for training
        """;

    public static int Run(ArgumentReader args, TextWriter output)
    {
        string split = args.String("split", "auto");
        int order = args.Int("order", 5, 1, 12);
        long maxChars = args.Long("max-chars", 200_000);
        int probesPerSite = args.Int("probes", 200, 0);
        string? ngramTrainPath = args.String("ngram-train");
        var corpusOptions = CorpusFilterOptions.Read(args);
        args.EnsureAllConsumed(maxPositionals: 2);
        if (args.Positionals.Count < 2) throw new UsageException("eval needs CHECKPOINT and PATH (see eval --help)");
        if (split is not ("auto" or "test" or "val" or "train" or "all"))
            throw new UsageException($"--split must be test, val, train or all, got '{split}'");

        var checkpoint = Checkpoint.Load(args.Positionals[0]);
        var vocabulary = checkpoint.Vocabulary;
        var training = TrainingOptionsOf(checkpoint);
        var progress = CheckpointStore.ReadProgress(checkpoint);
        var corpus = CorpusReader.Read(args.Positionals[1], corpusOptions);
        int[] tokens = vocabulary.Encode(corpus.Text);
        bool sameCorpus = progress is not null && RunPreparation.Fingerprint(tokens) == progress.CorpusFingerprint;
        if (!sameCorpus && split is not ("auto" or "all"))
            throw new UsageException($"--split {split} needs PATH to be the corpus the model was trained on");

        var (evalTokens, where) = (tokens, "all of PATH");
        int[] ngramTraining;
        if (sameCorpus && training is not null)
        {
            var parts = DataSplit.Create(tokens, training.TrainFraction, training.ValFraction);
            string chosen = split == "auto" ? (parts.Test.Length > order ? "test" : "val") : split;
            var range = chosen switch
            {
                "test" => parts.Test,
                "val" => parts.Validation,
                "train" => parts.Train,
                _ => new TokenRange(0, tokens.Length),
            };
            evalTokens = tokens[range.Start..range.End];
            where = $"the {chosen} split of the training corpus";
            ngramTraining = tokens[..parts.Train.Length];
        }
        else
        {
            string source = ngramTrainPath ?? training?.CorpusPath
                ?? throw new UsageException("the checkpoint does not record its training corpus; give --ngram-train PATH");
            if (!File.Exists(source) && !Directory.Exists(source))
                throw new UsageException($"the model's training corpus {source} is gone; give --ngram-train PATH");
            ngramTraining = vocabulary.Encode(CorpusReader.Read(source, corpusOptions).Text);
            if (training is not null && ngramTrainPath is null)
                ngramTraining = ngramTraining[..DataSplit.Create(ngramTraining, training.TrainFraction, training.ValFraction).Train.Length];
        }
        if (maxChars > 0 && evalTokens.Length > maxChars) evalTokens = evalTokens[..(int)maxChars];
        if (evalTokens.Length < 2) throw new CorpusException($"nothing to score: {where} has {evalTokens.Length} characters");

        int[] codePoints = evalTokens.Select(t => vocabulary.CodePoints[t]).ToArray();
        var probes = CompletionProbe.ChoosePositions(codePoints, probesPerSite);
        var ngram = new KneserNeyModel(vocabulary.Size, order);
        ngram.Train(ngramTraining);
        var rnn = ModelScorer.ScoreRnn(checkpoint.ToModel(), evalTokens, probes);
        var baseline = ModelScorer.ScoreNgram(ngram, evalTokens, probes);
        EvalReport.Write(output, where, evalTokens.Length, ngramTraining.Length, checkpoint.Config, order, rnn, baseline);
        return ExitCodes.Ok;
    }

    private static TrainOptions? TrainingOptionsOf(Checkpoint checkpoint)
    {
        if (!checkpoint.Sections.TryGetValue(CheckpointStore.OptionsSection, out string? json)) return null;
        try { return JsonSerializer.Deserialize<TrainOptions>(json, CheckpointStore.Json); }
        catch (JsonException) { return null; }
    }
}
