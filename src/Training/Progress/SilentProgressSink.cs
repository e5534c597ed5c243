namespace CharRnnLsp.Training.Progress;

/// <summary>Drops every event: the sink of MPI ranks other than 0, which train but do not report.</summary>
public sealed class SilentProgressSink : IProgressSink
{
    public void Write(TrainingEvent e) { }
}
