using CharRnnLsp.Server.Lsp;

namespace CharRnnLsp.Server.Model;

/// <summary>Sends charrnn/modelStatus and remembers the latest one sent. Statuses from concurrent loads go out in the
/// order they were published, so the client's last one is the provider's last one.</summary>
public sealed class ModelStatusPublisher(ClientNotifier client)
{
    private readonly object _gate = new();

    public ModelStatus? Latest { get; private set; }

    public void Publish(ModelStatus status)
    {
        lock (_gate)
        {
            Latest = status;
            client.Notify(ModelStatus.Method, status);
        }
    }
}
