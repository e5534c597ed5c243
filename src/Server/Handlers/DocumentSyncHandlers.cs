using System.Text.Json;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Lsp;

namespace CharRnnLsp.Server.Handlers;

public sealed class DidOpenHandler(DocumentStore documents) : INotificationHandler
{
    public string Method => "textDocument/didOpen";

    public void Handle(JsonElement? parameters) =>
        documents.Open(LspJson.Parse<DidOpenTextDocumentParams>(parameters).TextDocument);
}

public sealed class DidChangeHandler(DocumentStore documents, ServerSession session) : INotificationHandler
{
    public string Method => "textDocument/didChange";

    public void Handle(JsonElement? parameters) =>
        documents.Change(LspJson.Parse<DidChangeTextDocumentParams>(parameters), session.Encoding);
}

public sealed class DidCloseHandler(DocumentStore documents) : INotificationHandler
{
    public string Method => "textDocument/didClose";

    public void Handle(JsonElement? parameters) =>
        documents.Close(LspJson.Parse<DidCloseTextDocumentParams>(parameters).TextDocument.Uri);
}
