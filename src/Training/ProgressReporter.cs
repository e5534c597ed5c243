using CharRnnLsp.Core.Engine;

namespace CharRnnLsp.Training;

/// <summary>
/// What the user sees while training. On a terminal the iteration line rewrites itself in place;
/// when output is redirected (CI, logs) it prints one line per --log-every iterations instead.
/// Evaluations and samples always get their own lines.
/// </summary>
public sealed class ProgressReporter(TextWriter output, bool quiet)
{
    private readonly bool _interactive = !Console.IsOutputRedirected && output == Console.Out;
    private bool _lineOpen;

    public void Say(string line)
    {
        CloseLine();
        output.WriteLine(line);
    }

    public void Started(PreparedRun run, TrainOptions options, string device)
    {
        var c = run.Model.Config;
        Say($"model: {c.Cell.ToString().ToLowerInvariant()} {c.Layers}x{c.HiddenSize}, embedding {c.EmbeddingSize}, " +
            $"vocabulary {c.VocabSize}, {run.Model.Parameters.Length:N0} parameters ({run.Origin})");
        Say($"data: train {run.SplitSizes.Train:N0} / val {run.SplitSizes.Val:N0} / test {run.SplitSizes.Test:N0} chars; " +
            $"batch {options.BatchSize} x seq {options.SeqLength}; {run.TrainBatches.WindowsPerEpoch:N0} iterations per epoch");
        Say($"device: {device}; " +
            $"optimizer {options.Optimizer.ToString().ToLowerInvariant()} lr {options.LearningRate}; checkpoints: {options.Out}, {options.LatestPath}");
    }

    public void Iteration(TrainingProgress p, double epoch, float lr, float loss, double charsPerSecond, TimeSpan? remaining)
    {
        if (quiet) return;
        string eta = remaining is { } r ? $" | ETA {Format(r)}" : "";
        string line = $"iter {p.Iteration,7} | epoch {epoch,6:F2} | loss {loss:F4} (avg {p.RunningLoss:F4}) | lr {lr:G3} | {charsPerSecond / 1000,6:F1}k chars/s{eta}";
        if (_interactive)
        {
            output.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 140) : 100));
            _lineOpen = true;
        }
        else output.WriteLine(line);
    }

    public void Evaluated(TrainingProgress p, double valLoss, bool improved)
        => Say($"eval  iter {p.Iteration}: val loss {valLoss:F4} nats/char = {valLoss / Math.Log(2):F4} bits/char" +
               (improved ? " (best so far, saved)" : $" (best {p.BestValLoss:F4}; {p.EvalsWithoutImprovement} without improvement)"));

    public void Sampled(long iteration, string text)
        => Say($"----- sample at iteration {iteration} -----\n{text.Replace("\u001C", "\n<<file>>\n")}\n-----");

    public void Finished(TrainingProgress p, string reason, string bestPath, string latestPath)
        => Say($"stopped: {reason} after {p.Iteration} iterations, {Format(TimeSpan.FromSeconds(p.ElapsedSeconds))}; " +
               $"best val loss {p.BestValLoss:F4} nats/char; best model {bestPath}, resume state {latestPath}");

    private void CloseLine()
    {
        if (!_lineOpen) return;
        output.WriteLine();
        _lineOpen = false;
    }

    private static string Format(TimeSpan t)
        => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.TotalSeconds:F0}s";
}
