using CharRnnLsp.Core.Data;

namespace CharRnnLsp.Training.Progress;

/// <summary>Turns what the training run knows into <see cref="TrainingEvent"/>s for one sink; --quiet drops
/// the iteration events.</summary>
public sealed class ProgressReporter(IProgressSink sink, bool quiet)
{
    public void Reading(CorpusSummary corpus) => sink.Write(new ReadingEvent(corpus));

    /// <summary>Reports while the corpus is read (a few times a second), on the reading thread.</summary>
    public IProgress<CorpusReadingProgress> ReadingProgress => new Relay(p => sink.Write(new ReadingProgressEvent(
        p.FilesDone, p.TotalFiles, p.BytesDone, p.TotalBytes, p.MegabytesPerSecond, p.Remaining?.TotalSeconds, p.Finished)));

    public void Started(PreparedRun run, TrainOptions options, string device)
    {
        var c = run.Model.Config;
        sink.Write(new StartedEvent(c.Cell.ToString().ToLowerInvariant(), c.Layers, c.HiddenSize, c.EmbeddingSize, c.VocabSize,
            run.Model.Parameters.Length, run.Origin, run.Split.Train.Length, run.Split.Validation.Length, run.Split.Test.Length, run.Split.Blocks,
            options.BatchSize, options.SeqLength, run.TrainBatches.WindowsPerEpoch, device,
            options.Optimizer.ToString().ToLowerInvariant(), options.LearningRate, options.Out, options.LatestPath));
    }

    public void Iteration(TrainingProgress p, double epoch, float lr, float loss, double charsPerSecond, TimeSpan? remaining)
    {
        if (!quiet) sink.Write(new IterationEvent(p.Iteration, epoch, loss, p.RunningLoss, lr, charsPerSecond, remaining?.TotalSeconds));
    }

    public void Evaluated(TrainingProgress p, double epoch, double valLoss, bool improved)
        => sink.Write(new EvaluationEvent(p.Iteration, epoch, valLoss, valLoss / Math.Log(2), improved, p.BestValLoss, p.EvalsWithoutImprovement));

    public void Sampled(long iteration, string text) => sink.Write(new SampleEvent(iteration, text));

    public void Saved(long iteration, string kind, string path) => sink.Write(new SavedEvent(iteration, kind, path));

    public void Stopping() => sink.Write(new StoppingEvent());

    public void Finished(TrainingProgress p, string reason, string bestPath, string latestPath)
        => sink.Write(new StoppedEvent(reason, p.Iteration, p.ElapsedSeconds, p.BestValLoss, bestPath, latestPath));

    /// <summary>IProgress that calls back at once, on the reporting thread (Progress&lt;T&gt; would post elsewhere).</summary>
    private sealed class Relay(Action<CorpusReadingProgress> report) : IProgress<CorpusReadingProgress>
    {
        public void Report(CorpusReadingProgress value) => report(value);
    }
}
