using System.Text.Json;
using CharRnnLsp.Server.Modeling;

namespace CharRnnLsp.Server.Handlers;

/// <summary>The client is ready for our notifications: load the model now, so "no model" messages reach it.</summary>
public sealed class InitializedHandler(ModelProvider models) : INotificationHandler
{
    public string Method => "initialized";

    public void Handle(JsonElement? parameters) => ThreadPool.QueueUserWorkItem(_ => models.Refresh(force: true));
}
