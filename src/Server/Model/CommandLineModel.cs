namespace CharRnnLsp.Server.Model;

/// <summary>The checkpoint named on the command line (--model, or CHARRNN_MODEL): served when the modelPath
/// setting is unset.</summary>
public sealed record CommandLineModel(string? Path);
