using System.Text.Json;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Handlers;

/// <summary>The client is ready for our notifications: start loading the model now (in the
/// background), so "no model" messages reach it.</summary>
public sealed class InitializedHandler(ModelProvider models) : INotificationHandler
{
    public string Method => "initialized";

    public void Handle(JsonElement? parameters) => models.Refresh(force: true);
}
