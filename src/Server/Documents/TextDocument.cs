namespace CharRnnLsp.Server.Documents;

/// <summary>An immutable snapshot of an open document. Reads keep the snapshot they started with while edits
/// produce new ones; <paramref name="Generation"/> counts edits so that work on an older text can be told apart.</summary>
public sealed record TextDocument(string Uri, string LanguageId, int Version, DocumentText Text, long Generation);
