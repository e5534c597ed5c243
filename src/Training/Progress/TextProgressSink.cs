namespace CharRnnLsp.Training.Progress;

/// <summary>
/// `--progress text`: on a terminal the iteration line rewrites itself in place; when output is redirected
/// (CI, logs) each one gets its own line. Everything else gets its own lines; saves are implied by the
/// evaluation line and are not printed.
/// </summary>
public sealed class TextProgressSink(TextWriter output) : IProgressSink
{
    private readonly bool _interactive = !Console.IsOutputRedirected && output == Console.Out;
    private bool _lineOpen;

    public void Write(TrainingEvent e)
    {
        switch (e)
        {
            case IterationEvent i: WriteIteration(i); break;
            case ReadingProgressEvent r: WriteReadingProgress(r); break;
            case ReadingEvent r: Say(r.Corpus.ToString()); break;
            case StartedEvent s:
                Say($"model: {s.Cell} {s.Layers}x{s.Hidden}, embedding {s.Embedding}, vocabulary {s.Vocabulary}, {s.Parameters:N0} parameters ({s.Origin})");
                Say($"data: train {s.TrainChars:N0} / val {s.ValChars:N0} / test {s.TestChars:N0} chars" +
                    (s.HeldOutSlices > 1 ? $" (val and test: {s.HeldOutSlices} slices of whole files each, spread over the corpus)" : "") + "; " +
                    $"batch {s.Batch} x seq {s.Seq}; {s.IterationsPerEpoch:N0} iterations per epoch");
                Say($"device: {s.Device}; optimizer {s.Optimizer} lr {s.LearningRate}; checkpoints: {s.BestPath}, {s.LatestPath}");
                break;
            case EvaluationEvent v:
                Say($"eval  iter {v.Iteration}: val loss {v.ValLoss:F4} nats/char = {v.BitsPerChar:F4} bits/char" +
                    (v.Improved ? " (best so far, saved)" : $" (best {v.BestValLoss:F4}; {v.EvalsWithoutImprovement} without improvement)"));
                break;
            case SampleEvent s: Say($"----- sample at iteration {s.Iteration} -----\n{s.Text.Replace("\u001C", "\n<<file>>\n")}\n-----"); break;
            case StoppingEvent: Say("stopping: finishing this iteration and saving a checkpoint"); break;
            case StoppedEvent s:
                Say($"stopped: {s.Reason} after {s.Iteration} iterations, {Format(TimeSpan.FromSeconds(s.ElapsedSeconds))}; " +
                    $"best val loss {s.BestValLoss:F4} nats/char; best model {s.BestPath}, resume state {s.LatestPath}");
                break;
        }
    }

    private void WriteIteration(IterationEvent i)
    {
        string eta = i.EtaSeconds is { } r ? $" | ETA {Format(TimeSpan.FromSeconds(r))}" : "";
        string line = $"iter {i.Iteration,7} | epoch {i.Epoch,6:F2} | loss {i.Loss:F4} (avg {i.AverageLoss:F4}) | lr {i.LearningRate:G3} | {i.CharsPerSecond / 1000,6:F1}k chars/s{eta}";
        if (_interactive)
        {
            output.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 140) : 100));
            _lineOpen = true;
        }
        else output.WriteLine(line);
    }

    /// <summary>A bar that rewrites itself on a terminal; nothing otherwise (the reading summary line follows).</summary>
    private void WriteReadingProgress(ReadingProgressEvent r)
    {
        if (!_interactive) return;
        string eta = r.EtaSeconds is { } s ? $", ETA {Format(TimeSpan.FromSeconds(s))}" : "";
        string line = $"reading {r.FilesDone:N0}/{r.TotalFiles:N0} files, {r.BytesDone / 1e6:N0}/{r.TotalBytes / 1e6:N0} MB, {r.MegabytesPerSecond:F0} MB/s{eta}";
        output.Write("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 140) : 100));
        _lineOpen = true;
    }

    private void Say(string line)
    {
        if (_lineOpen)
        {
            output.WriteLine();
            _lineOpen = false;
        }
        output.WriteLine(line);
    }

    private static string Format(TimeSpan t)
        => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:D2}s" : $"{t.TotalSeconds:F0}s";
}
