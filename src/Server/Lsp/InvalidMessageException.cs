using CharRnnLsp.Server.Lsp.Protocol;

namespace CharRnnLsp.Server.Lsp;

/// <summary>A message that is not a usable JSON-RPC message; answered with <see cref="Code"/> and the request id
/// when one could be read from it (null otherwise).</summary>
public sealed class InvalidMessageException(int code, string message, JsonRpcId? id) : Exception(message)
{
    public int Code { get; } = code;
    public JsonRpcId? Id { get; } = id;
}
