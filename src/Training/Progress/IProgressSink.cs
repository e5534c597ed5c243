namespace CharRnnLsp.Training.Progress;

/// <summary>Where training events go: text for people (<see cref="TextProgressSink"/>) or JSON lines for tools
/// (<see cref="JsonProgressSink"/>).</summary>
public interface IProgressSink
{
    void Write(TrainingEvent e);
}
