using System.Diagnostics;
using CharRnnLsp.Core.Backends;
using CharRnnLsp.Core.Backends.Selection;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Core.Sampling;
using CharRnnLsp.Training.Progress;

namespace CharRnnLsp.Training;

/// <summary>
/// One training run: iterate batches, step the optimizer, evaluate, sample, checkpoint, stop on a budget,
/// early stopping or a signal. All state that shapes the result lives in <see cref="TrainingProgress"/>,
/// the model, the optimizer and the engine's carried hidden state, which is exactly what checkpoints hold.
/// The engine runs on the CPU or a GPU (<see cref="DeviceChoice"/>); before evaluating, sampling or saving,
/// its state is brought to the host once per iteration.
/// Under MPI every rank runs this loop on its share of the streams (<see cref="ITrainingTeam"/>): they sync
/// and stop together (rank 0 decides when), and rank 0 alone evaluates, samples and saves.
/// </summary>
public sealed class TrainingSession(TrainOptions options, PreparedRun run, ProgressReporter reporter, DeviceChoice device,
    ITrainingTeam? team = null)
{
    private readonly ITrainingTeam _team = team ?? SoloTeam.Instance;

    private volatile bool _stopRequested;

    /// <summary>Asks the loop to save and stop after the current iteration (Ctrl-C, SIGTERM).</summary>
    public void RequestStop() => _stopRequested = true;

    public bool Interrupted { get; private set; }

    public void Run()
    {
        var model = run.Model;
        var progress = run.Progress;
        var schedule = options.Schedule;
        var dropoutRandom = DeterministicRandom.FromState(progress.DropoutRandomState);
        using var engine = device.CreateEngine(model, run.Optimizer, options.BatchSize, options.SeqLength, options.Threads, _team);
        bool leader = _team.IsLeader();
        using var validation = leader ? engine.CreateLossGraph(run.Evaluator.BatchSize, run.Evaluator.SeqLength) : null;
        if (run.CarriedHidden is { } hidden) engine.LoadHidden(hidden);
        var batcher = run.TrainBatches;
        var inputs = new int[options.BatchSize * options.SeqLength];
        var targets = new int[inputs.Length];
        float[]? hostHidden = null; // the engine's state on the host, as of this iteration; null until synced
        float[] Synced() => hostHidden ??= engine.SyncToHost();
        var clock = Stopwatch.StartNew();
        double startElapsed = progress.ElapsedSeconds;
        double Elapsed() => startElapsed + clock.Elapsed.TotalSeconds;
        long startIteration = progress.Iteration;
        string stopReason = "finished";
        bool earlyStop = false;

        reporter.Started(run, options, $"{engine.Description} [{device.Reason}]");
        while (true)
        {
            if (earlyStop) break;
            bool stop = BudgetReached(progress, Elapsed(), out stopReason) || _stopRequested;
            if (_team.FollowLeader(stop))
            {
                if (stopReason.Length == 0) { stopReason = _stopRequested ? "interrupted" : "rank 0 stopped"; Interrupted = _stopRequested; }
                break;
            }

            bool epochEnded = batcher.Next(inputs, targets);
            double epoch = EpochOf(batcher);
            float lr = schedule.At(epoch);
            float loss = engine.Step(inputs, targets, lr, options.GradClip, dropoutRandom);
            hostHidden = null;
            if (!float.IsFinite(loss))
                throw new TrainingDivergedException($"training diverged at iteration {progress.Iteration + 1} (loss {loss}); try a lower --lr or --grad-clip");
            if (epochEnded) engine.ResetHidden(); // the next window starts the streams over
            progress.Iteration++;
            progress.TrainPosition = batcher.Position;
            progress.Epochs = batcher.Epoch;
            progress.RunningLoss = progress.Iteration == startIteration + 1 && progress.RunningLoss == 0
                ? loss : 0.95 * progress.RunningLoss + 0.05 * loss;
            progress.OptimizerSteps = run.Optimizer.Steps;
            progress.DropoutRandomState = dropoutRandom.State;
            progress.ElapsedSeconds = Elapsed();

            double charsPerSecond = (progress.Iteration - startIteration) * inputs.Length / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            if (progress.Iteration % options.LogEvery == 0)
                reporter.Iteration(progress, epoch, lr, loss, charsPerSecond, EstimateRemaining(progress, charsPerSecond, epoch));

            bool evaluate = progress.Iteration % options.EvalEvery == 0;
            bool sample = options.SampleEvery > 0 && progress.Iteration % options.SampleEvery == 0;
            bool checkpoint = options.CheckpointEvery > 0 ? progress.Iteration % options.CheckpointEvery == 0 : evaluate;
            if (evaluate || sample || checkpoint) Synced();
            if (evaluate && leader) Evaluate(progress, epoch, validation!);
            if (sample && leader) Sample(progress);
            if (checkpoint && leader) SaveLatest(progress, Synced());
            earlyStop = options.Patience > 0 && _team.FollowLeader(progress.EvalsWithoutImprovement >= options.Patience);
            if (earlyStop) stopReason = $"early stop: no better validation loss in {options.Patience} evaluations";
        }

        var finalHidden = Synced();
        if (!leader) return;
        if (progress.Iteration > startIteration && (progress.History.Count == 0 || progress.History[^1].Iteration != progress.Iteration))
            Evaluate(progress, EpochOf(batcher), validation!);
        SaveLatest(progress, finalHidden);
        reporter.Finished(progress, stopReason, options.Out, options.LatestPath);
    }

    private bool BudgetReached(TrainingProgress progress, double elapsedSeconds, out string reason)
    {
        reason = "";
        if (options.MaxIters > 0 && progress.Iteration >= options.MaxIters) reason = $"reached --max-iters {options.MaxIters}";
        else if (options.MaxEpochs > 0 && EpochOf(run.TrainBatches) >= options.MaxEpochs) reason = $"reached --max-epochs {options.MaxEpochs}";
        else if (options.MaxTime is { } limit && elapsedSeconds >= limit.TotalSeconds) reason = $"reached --max-time {limit}";
        return reason.Length > 0;
    }

    private TimeSpan? EstimateRemaining(TrainingProgress progress, double charsPerSecond, double epoch)
    {
        double iterationsPerSecond = charsPerSecond / (options.BatchSize * options.SeqLength);
        var candidates = new List<double>();
        if (options.MaxIters > 0) candidates.Add((options.MaxIters - progress.Iteration) / iterationsPerSecond);
        if (options.MaxEpochs > 0) candidates.Add((options.MaxEpochs - epoch) * run.TrainBatches.WindowsPerEpoch / iterationsPerSecond);
        if (options.MaxTime is { } limit) candidates.Add(limit.TotalSeconds - progress.ElapsedSeconds);
        return candidates.Count == 0 ? null : TimeSpan.FromSeconds(Math.Max(0, candidates.Min()));
    }

    /// <summary>Completed epochs plus the fraction of the current one.</summary>
    private static double EpochOf(Batcher batcher) => batcher.Epoch + (double)batcher.Position / batcher.WindowsPerEpoch;

    // The model on the host must be current (SaveBest writes it).
    private void Evaluate(TrainingProgress progress, double epoch, ILossGraph validation)
    {
        double valLoss = run.Evaluator.MeanLoss(validation);
        progress.History.Add(new EvaluationRecord(progress.Iteration, epoch, progress.RunningLoss, valLoss, progress.ElapsedSeconds));
        bool improved = valLoss < progress.BestValLoss;
        if (improved)
        {
            progress.BestValLoss = valLoss;
            progress.EvalsWithoutImprovement = 0;
            run.Store.SaveBest(run);
        }
        else progress.EvalsWithoutImprovement++;
        reporter.Evaluated(progress, epoch, valLoss, improved);
        if (improved) reporter.Saved(progress.Iteration, "best", run.Store.BestPath);
    }

    private void SaveLatest(TrainingProgress progress, float[] hidden)
    {
        run.Store.SaveLatest(run, hidden);
        reporter.Saved(progress.Iteration, "latest", run.Store.LatestPath);
    }

    private void Sample(TrainingProgress progress)
    {
        var sampler = new Sampler(run.Model, run.Vocabulary);
        var state = run.Model.NewState();
        var logits = new float[run.Vocabulary.Size];
        sampler.Feed(state, char.ConvertFromUtf32(Vocabulary.DocumentSeparatorCodePoint), logits);
        var random = new DeterministicRandom(options.Seed ^ (ulong)progress.Iteration);
        string text = sampler.Continue(state, logits, options.SampleLength, new SamplingOptions(0.8f), random);
        double lastVal = progress.History.Count > 0 ? progress.History[^1].ValLoss : double.NaN;
        progress.Samples.Add(new SampleRecord(progress.Iteration, lastVal, text));
        reporter.Sampled(progress.Iteration, text);
    }
}

/// <summary>The loss became NaN or infinite.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
