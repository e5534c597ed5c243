using CharRnnLsp.Server.Documents;

namespace CharRnnLsp.Server.Lsp;

public enum LifecycleState { Uninitialized, Running, ShuttingDown, Exited }

/// <summary>Per-connection facts set during initialize: lifecycle state, position encoding, workspace, what the
/// client shows by itself.</summary>
public sealed class ServerSession
{
    public volatile LifecycleState State = LifecycleState.Uninitialized;
    public PositionEncodingKind Encoding { get; set; } = PositionEncodingKind.Utf16;
    public string? WorkspaceRoot { get; set; }
    /// <summary>The client said (capabilities.experimental.charrnnModelStatus) that it shows charrnn/modelStatus to
    /// the user, so the server need not tell it by window/showMessage that there is no model.</summary>
    public bool ClientShowsModelStatus { get; set; }

    /// <summary>0 after shutdown then exit, 1 when the client exits or disappears without shutdown.</summary>
    public int ExitCode => State == LifecycleState.Exited && _shutdownSeen ? 0 : 1;
    private bool _shutdownSeen;

    public void MarkShutdown() { _shutdownSeen = true; State = LifecycleState.ShuttingDown; }
    public void MarkExited() => State = LifecycleState.Exited;
}
