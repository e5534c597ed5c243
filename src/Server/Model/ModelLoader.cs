using CharRnnLsp.Core.Checkpoints;

namespace CharRnnLsp.Server.Model;

/// <summary>Turns a checkpoint path into a model; a seam so reload logic can be tested without checkpoint files.</summary>
public interface IModelLoader
{
    /// <summary>Throws with a one-line message when the file cannot be used.</summary>
    ICompletionModel Load(string path);
}

public sealed class CheckpointModelLoader : IModelLoader
{
    public ICompletionModel Load(string path) => CharModelCompletionModel.FromCheckpoint(Checkpoint.Load(path));
}
