namespace CharRnnLsp.Server.Documents;

/// <summary>An immutable snapshot of an open document. Reads keep the snapshot they started with while edits
/// produce new ones; <paramref name="Generation"/> counts edits so model-state caches can tell stale work apart.</summary>
public sealed record TextDocument(string Uri, string LanguageId, int Version, DocumentText Text, long Generation, ContextCache Cache);
