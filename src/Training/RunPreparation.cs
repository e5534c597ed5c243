using System.Text.Json;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

namespace CharRnnLsp.Training;

/// <summary>Builds a PreparedRun: a new model, one initialised from a checkpoint (--init-from), or the exact
/// continuation of a saved run (--resume).</summary>
public static class RunPreparation
{
    public static PreparedRun Prepare(TrainOptions options, Action<CorpusSummary> read, IProgress<CorpusReadingProgress>? reading = null)
    {
        Checkpoint? resumeFrom = null, initFrom = null;
        if (options.Resume)
        {
            if (!File.Exists(options.LatestPath))
                throw new CheckpointException($"nothing to resume: {options.LatestPath} does not exist (train without --resume first)");
            resumeFrom = Checkpoint.Load(options.LatestPath);
        }
        else if (options.InitFrom is { } initPath) initFrom = Checkpoint.Load(initPath);

        var corpus = CorpusReader.Read(options.CorpusPath, options.ToCorpusOptions(), new CorpusReading
        {
            Vocabulary = (resumeFrom ?? initFrom)?.Vocabulary,
            VocabularySize = options.VocabSize,
            CacheDirectory = options.NoCache ? null : options.CorpusCacheDirectory,
            Progress = reading,
        });
        try { return Prepare(options, corpus, resumeFrom, initFrom, read); }
        catch
        {
            corpus.Dispose();
            throw;
        }
    }

    private static PreparedRun Prepare(TrainOptions options, Corpus corpus, Checkpoint? resumeFrom, Checkpoint? initFrom, Action<CorpusSummary> read)
    {
        read(corpus.Summary);
        var vocabulary = corpus.Vocabulary;
        string fingerprint = corpus.Fingerprint;
        var split = DataSplit.Create(corpus.Tokens, corpus.DocumentEnds, options.TrainFraction, options.ValFraction);
        if (split.Train.Length < options.BatchSize * (options.SeqLength + 1))
            throw new CorpusException($"the training split has {split.Train.Length} characters, fewer than --batch x (--seq + 1) = {options.BatchSize * (options.SeqLength + 1)}; use smaller --batch/--seq or a larger corpus");

        CharModel model;
        TrainingProgress progress;
        float[]? hidden = null;
        if (resumeFrom is not null)
        {
            model = resumeFrom.ToModel();
            progress = CheckpointStore.ReadProgress(resumeFrom)
                ?? throw new CheckpointException($"{options.LatestPath} holds no training state to resume");
            CheckResumable(options, progress, fingerprint, corpus.Tokens);
            hidden = resumeFrom.ExtraTensors.TryGetValue(CheckpointStore.HiddenTensor, out var h) ? h.Data : null;
        }
        else
        {
            // Fine-tuning keeps the checkpoint's shape and vocabulary; only dropout follows the command line.
            model = initFrom is not null
                ? new CharModel(initFrom.Config with { Dropout = options.Dropout }, initFrom.Parameters)
                : CharModel.CreateInitialized(options.ModelConfig(vocabulary.Size), options.Seed, options.ForgetBias);
            progress = new TrainingProgress
            {
                DropoutRandomState = new DeterministicRandom(options.Seed * 0x9E3779B97F4A7C15UL + 17).State,
                Optimizer = options.Optimizer.ToString().ToLowerInvariant(),
                CorpusFingerprint = fingerprint,
                BatchSize = options.BatchSize,
                SeqLength = options.SeqLength,
                Threads = options.Threads,
            };
        }

        var optimizer = Optimizer.Create(options.Optimizer, model.Parameters.Length);
        if (resumeFrom is not null) RestoreMoments(optimizer, resumeFrom, progress);

        string optionsJson = JsonSerializer.Serialize(options with { Resume = false, CorpusPath = Path.GetFullPath(options.CorpusPath) }, CheckpointStore.Json);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
        return new PreparedRun
        {
            Model = model,
            Vocabulary = vocabulary,
            Optimizer = optimizer,
            Progress = progress,
            TrainBatches = new Batcher(split.Train, options.BatchSize, options.SeqLength) { Epoch = progress.Epochs, Position = progress.TrainPosition },
            Evaluator = new Evaluator(split.Validation.Length > 0 ? split.Validation : split.Train, options.BatchSize, options.SeqLength, options.EvalChars),
            Store = new CheckpointStore(options.Out, options.LatestPath, optionsJson),
            Corpus = corpus,
            Split = split,
            CarriedHidden = hidden,
            Origin = resumeFrom is not null ? $"resumed from {options.LatestPath} at iteration {progress.Iteration}"
                : initFrom is not null ? $"initialised from {options.InitFrom}" : "new model",
        };
    }

    private static void CheckResumable(TrainOptions options, TrainingProgress progress, string fingerprint, TokenStream tokens)
    {
        if (!TokenFingerprint.Matches(progress.CorpusFingerprint, fingerprint, tokens))
            throw new CheckpointException("the corpus changed since the run was saved (its text no longer matches); start a new run or use --init-from");
        if (progress.BatchSize != options.BatchSize || progress.SeqLength != options.SeqLength)
            throw new Cli.UsageException($"--resume needs the same --batch and --seq as the saved run ({progress.BatchSize} x {progress.SeqLength})");
        if (!string.Equals(progress.Optimizer, options.Optimizer.ToString(), StringComparison.OrdinalIgnoreCase))
            throw new Cli.UsageException($"--resume needs the same --optimizer as the saved run ({progress.Optimizer})");
    }

    private static void RestoreMoments(Optimizer optimizer, Checkpoint checkpoint, TrainingProgress progress)
    {
        foreach (var (name, moment) in optimizer.Moments)
        {
            if (!checkpoint.ExtraTensors.TryGetValue(CheckpointStore.MomentPrefix + name, out var saved) || saved.Data.Length != moment.Length)
                throw new CheckpointException($"the checkpoint lacks optimizer state '{name}' needed to resume");
            saved.Data.AsSpan().CopyTo(moment);
        }
        optimizer.Steps = progress.OptimizerSteps;
    }
}
