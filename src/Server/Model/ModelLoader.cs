using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Model;

/// <summary>Turns a checkpoint path into a model; a seam so reload logic can be tested without checkpoint files.</summary>
public interface IModelLoader
{
    /// <summary>Throws with a one-line message when the file cannot be used.</summary>
    ICompletionModel Load(string path);
}

/// <summary>Packs the weights at the charrnn.inferencePrecision in force when the file is loaded (the default
/// precision without settings).</summary>
public sealed class CheckpointModelLoader(SettingsStore? settings = null) : IModelLoader
{
    public ICompletionModel Load(string path) => CharModelCompletionModel.FromCheckpoint(Checkpoint.Load(path),
        settings?.Current.InferencePrecision ?? Core.Inference.InferencePrecisions.Default);
}
