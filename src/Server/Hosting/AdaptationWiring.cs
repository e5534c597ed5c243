using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Completion.Adaptation;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace CharRnnLsp.Server.Hosting;

/// <summary>Connects the adaptation manager to what it follows: documents, the served model, the settings; its
/// status changes to the client as <c>charrnn/adaptationStatus</c> notifications; and its publications to the
/// model state cache, which reads the context window up to the last cursor with the new weights right away, so the
/// next keystroke resumes from a kept state instead of reading the window.</summary>
public static class AdaptationWiring
{
    public const string StatusNotification = "charrnn/adaptationStatus";

    public static void Connect(IServiceProvider services)
    {
        var manager = services.GetRequiredService<AdaptationManager>();
        var documents = services.GetRequiredService<DocumentStore>();
        var models = services.GetRequiredService<ModelProvider>();
        var settings = services.GetRequiredService<SettingsStore>();
        var client = services.GetRequiredService<ClientNotifier>();
        var states = services.GetRequiredService<ModelStateCache>();
        documents.Opened += manager.Opened;
        documents.Changed += manager.Changed;
        documents.Closed += manager.Closed;
        models.ModelChanged += _ => manager.ServeModel(models.CurrentOrAwaitLoad(CancellationToken.None));
        settings.Changed += manager.SettingsChanged;
        manager.StatusChanged += status => client.Notify(StatusNotification, status);
        manager.Published += (document, model, offset) =>
        {
            if (offset < 0 || offset > document.Text.Length) return;
            try
            {
                states.CursorAt(document, model, ContextWindow.StartFor(offset, settings.Current.ContextChars), offset, CancellationToken.None);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Only an optimization: the next request reads the window itself.
            }
        };
    }
}
