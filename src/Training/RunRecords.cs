namespace CharRnnLsp.Training;

/// <summary>One evaluation, as kept in the checkpoint's "history" section (the loss curve).</summary>
public sealed record EvaluationRecord(long Iteration, double Epoch, double TrainLoss, double ValLoss, double Seconds);

/// <summary>A sample printed during training (the post's "evolution of samples").</summary>
public sealed record SampleRecord(long Iteration, double ValLoss, string Text);

/// <summary>
/// Everything besides weights, optimizer moments and the carried hidden state that a resumed run needs
/// in order to continue exactly as an uninterrupted one (the "training" section of the checkpoint).
/// </summary>
public sealed record TrainingProgress
{
    public long Iteration { get; set; }
    public long TrainPosition { get; set; }
    public int Epochs { get; set; }
    public double BestValLoss { get; set; } = double.PositiveInfinity;
    public int EvalsWithoutImprovement { get; set; }
    public ulong[] DropoutRandomState { get; set; } = [];
    public long OptimizerSteps { get; set; }
    public string Optimizer { get; set; } = "";
    public double ElapsedSeconds { get; set; }
    public string CorpusFingerprint { get; set; } = "";
    public int BatchSize { get; set; }
    public int SeqLength { get; set; }
    public int Threads { get; set; }
    public double RunningLoss { get; set; }
    public List<EvaluationRecord> History { get; set; } = [];
    public List<SampleRecord> Samples { get; set; } = [];
}
