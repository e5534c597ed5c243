using System.Runtime.CompilerServices;
using System.Text.Json;
using CharRnnLsp.Server.Lsp.Protocol;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Lsp;

/// <summary>
/// The request queue. Messages are taken in arrival order; notifications (document edits, settings) and lifecycle
/// requests run right here, in order. Other requests are prepared here (capturing the document snapshot they must
/// see) and then run concurrently with a token that $/cancelRequest or a superseding request cancels.
/// </summary>
public sealed class Dispatcher
{
    private readonly Dictionary<string, IRequestHandler> _requests;
    private readonly Dictionary<string, INotificationHandler> _notifications;
    private readonly MessageWriter _writer;
    private readonly PendingRequests _pending;
    private readonly ServerSession _session;
    private readonly ILogger<Dispatcher> _logger;
    private readonly List<Task> _running = [];

    public Dispatcher(IEnumerable<IRequestHandler> requests, IEnumerable<INotificationHandler> notifications,
        MessageWriter writer, PendingRequests pending, ServerSession session, ILogger<Dispatcher> logger)
    {
        _requests = requests.ToDictionary(h => h.Method);
        _notifications = notifications.ToDictionary(h => h.Method);
        (_writer, _pending, _session, _logger) = (writer, pending, session, logger);
    }

    /// <summary>Reads framed messages until end of input or exit; returns the process exit code.</summary>
    public async Task<int> RunAsync(Stream input, CancellationToken stopping)
    {
        var framer = new MessageFramer();
        framer.Problem += problem => _logger.LogWarning("framing: {Problem}", problem);
        var buffer = new byte[64 * 1024];
        while (!stopping.IsCancellationRequested && _session.State != LifecycleState.Exited)
        {
            int read;
            try { read = await input.ReadAsync(buffer, stopping).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            if (read == 0) { _logger.LogInformation("input closed"); break; }
            framer.Append(buffer.AsSpan(0, read));
            while (_session.State != LifecycleState.Exited && framer.TryReadBody() is { } body)
                await DispatchAsync(body).ConfigureAwait(false);
        }
        Task[] running;
        lock (_running) running = [.. _running];
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None)
            .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        return _session.ExitCode;
    }

    public async Task DispatchAsync(byte[] body)
    {
        IncomingMessage message;
        try
        {
            message = IncomingMessage.Parse(body);
        }
        catch (InvalidMessageException e)
        {
            _logger.LogWarning("bad message (id {Id}): {Reason}", e.Id?.ToString() ?? "unknown", e.Message);
            await _writer.SendErrorAsync(e.Id, e.Code, e.Message).ConfigureAwait(false);
            return;
        }
        if (message.IsNotification) HandleNotification(message);
        else if (message.IsRequest) await HandleRequestAsync(message).ConfigureAwait(false);
        // Responses (to requests we never send) and id-only objects are ignored.
    }

    private void HandleNotification(IncomingMessage message)
    {
        switch (message.Method)
        {
            case "exit":
                _session.MarkExited();
                return;
            case "$/cancelRequest":
                try { _pending.Cancel(LspJson.Parse<CancelParams>(message.Params).Id); }
                catch (RpcException e) { _logger.LogWarning("$/cancelRequest ignored: {Reason}", e.Message); }
                return;
        }
        if (_session.State != LifecycleState.Running && message.Method != "initialized") return;
        if (!_notifications.TryGetValue(message.Method!, out var handler))
        {
            _logger.LogDebug("ignoring notification {Method}", message.Method);
            return;
        }
        try
        {
            handler.Handle(message.Params);
        }
        catch (Exception e)
        {
            _logger.LogWarning("{Method} failed: {Reason}", message.Method, e.Message);
        }
    }

    private async Task HandleRequestAsync(IncomingMessage message)
    {
        var id = message.Id!.Value;
        string method = message.Method!;
        // Only this loop starts requests, so nothing can take the id between this check and Begin below.
        if (_pending.IsInFlight(id))
        {
            _logger.LogWarning("request id {Id} is already in flight; refusing the second {Method}", id, method);
            await _writer.SendErrorAsync(id, ErrorCodes.InvalidRequest, $"request id {id} is already in use by a request in flight").ConfigureAwait(false);
            return;
        }
        string? refusal = (_session.State, method) switch
        {
            (LifecycleState.Uninitialized, not "initialize") => "server not initialized",
            (not LifecycleState.Uninitialized, "initialize") => "initialize was already received",
            (LifecycleState.ShuttingDown, _) => "server is shutting down",
            _ => null,
        };
        if (refusal is not null)
        {
            int code = _session.State == LifecycleState.Uninitialized ? ErrorCodes.ServerNotInitialized : ErrorCodes.InvalidRequest;
            await _writer.SendErrorAsync(id, code, refusal).ConfigureAwait(false);
            return;
        }
        if (!_requests.TryGetValue(method, out var handler))
        {
            await _writer.SendErrorAsync(id, ErrorCodes.MethodNotFound, $"method not found: {method}").ConfigureAwait(false);
            return;
        }
        PreparedRequest prepared;
        try
        {
            prepared = handler.Prepare(message.Params);
        }
        catch (Exception e)
        {
            await AnswerFailureAsync(id, method, e).ConfigureAwait(false);
            return;
        }
        var entry = _pending.Begin(id, prepared.SupersessionKey);
        if (prepared.RunInOrder)
        {
            await RunAsync(entry, method, prepared).ConfigureAwait(false);
            return;
        }
        // A superseded request may wait in the thread-pool queue for a while; dropping its work (and with it the
        // document snapshot it captured, megabytes for big files) at cancellation keeps memory bounded meanwhile.
        var work = new StrongBox<PreparedRequest?>(prepared);
        entry.Cancellation.Token.Register(() => work.Value = null);
        var task = Task.Run(() => work.Value is { } pending ? RunAsync(entry, method, pending) : AnswerIfCancelledAsync(entry));
        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    private async Task RunAsync(PendingRequests.Entry entry, string method, PreparedRequest prepared)
    {
        object? result;
        try
        {
            // Queued work that was cancelled or superseded before it started: drop it (and the snapshot it holds).
            entry.Cancellation.Token.ThrowIfCancellationRequested();
            result = prepared.Run(entry.Cancellation.Token);
        }
        catch (Exception e)
        {
            if (_pending.Complete(entry)) await AnswerFailureAsync(entry.Id, method, e).ConfigureAwait(false);
            return;
        }
        if (_pending.Complete(entry)) await _writer.SendResultAsync(entry.Id, result).ConfigureAwait(false);
    }

    /// <summary>Cancelled before it ran: the canceller has normally answered already; Complete makes sure of it.</summary>
    private async Task AnswerIfCancelledAsync(PendingRequests.Entry entry)
    {
        if (_pending.Complete(entry))
            await _writer.SendErrorAsync(entry.Id, ErrorCodes.RequestCancelled, "cancelled").ConfigureAwait(false);
    }

    private async Task AnswerFailureAsync(JsonRpcId id, string method, Exception e)
    {
        switch (e)
        {
            case RpcException rpc:
                await _writer.SendErrorAsync(id, rpc.Code, rpc.Message).ConfigureAwait(false);
                break;
            case OperationCanceledException:
                await _writer.SendErrorAsync(id, ErrorCodes.RequestCancelled, "cancelled").ConfigureAwait(false);
                break;
            default:
                _logger.LogError("{Method} failed: {Type}: {Reason}", method, e.GetType().Name, e.Message);
                await _writer.SendErrorAsync(id, ErrorCodes.InternalError, $"{method} failed: {e.Message}").ConfigureAwait(false);
                break;
        }
    }
}
