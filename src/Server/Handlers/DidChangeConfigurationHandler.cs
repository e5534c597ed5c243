using System.Text.Json;
using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;

namespace CharRnnLsp.Server.Handlers;

/// <summary>Applies the "charrnn" settings section; a changed modelPath loads the new model.</summary>
public sealed class DidChangeConfigurationHandler(SettingsStore settings, ModelProvider models) : INotificationHandler
{
    public string Method => "workspace/didChangeConfiguration";

    public void Handle(JsonElement? parameters)
    {
        settings.ApplyJson(LspJson.Parse<DidChangeConfigurationParams>(parameters).Settings);
        models.Refresh();
    }
}
