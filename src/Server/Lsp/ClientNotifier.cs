using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Lsp;

/// <summary>Server-to-client notifications (window/logMessage, window/showMessage, charrnn/modelStatus). Sending never throws:
/// a client that went away must not take a handler down with it.</summary>
public sealed class ClientNotifier(MessageWriter writer)
{
    public void Log(int type, string message) => Notify("window/logMessage", new LogMessageParams(type, message));

    public void Show(int type, string message) => Notify("window/showMessage", new ShowMessageParams(type, message));

    public void Notify(string method, object parameters)
    {
        try
        {
            writer.SendNotificationAsync(method, parameters).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The output is gone; the read loop will notice end of input and stop.
        }
    }
}
