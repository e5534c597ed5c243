using System.Text.Json;
using CharRnnLsp.Server.Lsp;

namespace CharRnnLsp.Server.Handlers;

public sealed class ShutdownHandler(ServerSession session) : IRequestHandler
{
    public string Method => "shutdown";

    public PreparedRequest Prepare(JsonElement? parameters)
    {
        session.MarkShutdown();
        return PreparedRequest.Immediate(null);
    }
}
