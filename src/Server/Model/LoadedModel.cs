namespace CharRnnLsp.Server.Model;

/// <summary>The model serving requests and its version: a number that grows with every load, so that what was
/// computed with one model (cached states) is never reused with another, even one loaded from the same file.</summary>
public sealed record LoadedModel(ICompletionModel Model, long Version);
