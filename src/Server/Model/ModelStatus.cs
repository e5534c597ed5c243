namespace CharRnnLsp.Server.Model;

/// <summary>The values of ModelStatus.State.</summary>
public static class ModelState
{
    /// <summary>A load of Path started; Model is what keeps serving meanwhile, if anything.</summary>
    public const string Loading = "loading";
    /// <summary>The checkpoint at Path serves: Model describes it.</summary>
    public const string Loaded = "loaded";
    /// <summary>No file at Path (never there, or removed); Model is a previously loaded one that keeps serving.</summary>
    public const string Missing = "missing";
    /// <summary>The file at Path could not be loaded (Reason); Model is the previous one, which keeps serving.</summary>
    public const string Failed = "failed";
    /// <summary>No path at all: no workspace folder, no modelPath setting and no --model.</summary>
    public const string None = "none";
}

/// <summary>
/// The params of the charrnn/modelStatus notification, sent on every change of the served model (docs/server.md).
/// Model is the model answering requests right now (absent when none does), whatever State says about Path:
/// a failed reload keeps the previous model serving, and a client should still show it.
/// </summary>
public sealed record ModelStatus(string State, string? Path, ModelInfo? Model, string? Reason = null)
{
    public const string Method = "charrnn/modelStatus";
}
