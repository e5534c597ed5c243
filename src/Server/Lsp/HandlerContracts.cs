using System.Text.Json;

namespace CharRnnLsp.Server.Lsp;

/// <summary>
/// The work a request turns into. Prepare runs on the dispatch loop in message order, so it sees exactly the
/// documents as of this request; Run then executes either in order too (lifecycle requests) or concurrently
/// with a CancellationToken (reads).
/// </summary>
/// <param name="Run">Computes the result; observes the token.</param>
/// <param name="SupersessionKey">Requests with the same key replace each other: a newer one cancels the older.</param>
/// <param name="RunInOrder">Run on the dispatch loop before reading the next message.</param>
public sealed record PreparedRequest(Func<CancellationToken, object?> Run, string? SupersessionKey = null, bool RunInOrder = false)
{
    public static PreparedRequest Immediate(object? result) => new(_ => result, RunInOrder: true);
}

/// <summary>One LSP request method.</summary>
public interface IRequestHandler
{
    string Method { get; }
    PreparedRequest Prepare(JsonElement? parameters);
}

/// <summary>One LSP notification method; always handled in order on the dispatch loop.</summary>
public interface INotificationHandler
{
    string Method { get; }
    void Handle(JsonElement? parameters);
}
