namespace CharRnnLsp.Server.Lsp.Protocol;

/// <summary>JSON-RPC 2.0 and LSP error codes the server answers with.</summary>
public static class ErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestCancelled = -32800;
}

/// <summary>Thrown by handlers to answer a request with a specific error; the message goes to the client.</summary>
public sealed class RpcException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
