using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Model;

/// <summary>
/// Owns the model being served: resolves its path (settings.modelPath, else --model, else
/// &lt;workspace&gt;/.charrnn/model.safetensors), loads it in the background, and reloads when the file changes.
/// A file that fails to load leaves the previous model serving; each distinct failure is logged once. With no model
/// at all the client is told once how to train one (unless it shows charrnn/modelStatus itself). Nothing waits on a
/// load without a bound, and at stop the running loads are awaited (bounded) before the host disposes what they log
/// through. Every step (loading, loaded, missing, failed) is published as charrnn/modelStatus.
/// </summary>
public sealed class ModelProvider : IHostedService, IDisposable
{
    public const string DefaultRelativePath = ".charrnn/model.safetensors";
    /// <summary>How long the reload command waits for its load, and when a load still running gets a warning.</summary>
    public static readonly TimeSpan CommandWait = TimeSpan.FromSeconds(5);
    /// <summary>How long a request that finds no model yet waits for the first load (about 0.1 s normally).</summary>
    public static readonly TimeSpan FirstModelWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);

    private readonly IModelLoader _loader;
    private readonly SettingsStore _settings;
    private readonly ServerSession _session;
    private readonly CommandLineModel _commandLine;
    private readonly ClientNotifier _client;
    private readonly ModelStatusPublisher _status;
    private readonly ILogger<ModelProvider> _logger;
    private readonly BackgroundLoads _loads;
    private readonly ModelFileWatcher _watcher;
    private readonly object _gate = new();
    private volatile LoadedModel? _current;
    private volatile bool _stopped;
    private string? _lastFailure;
    private bool _toldHowToTrain;

    public ModelProvider(IModelLoader loader, SettingsStore settings, ServerSession session, CommandLineModel commandLine,
        ClientNotifier client, ModelStatusPublisher status, ILogger<ModelProvider> logger)
    {
        (_loader, _settings, _session, _commandLine, _client, _status, _logger) =
            (loader, settings, session, commandLine, client, status, logger);
        _loads = new BackgroundLoads(Load, CommandWait, path => _logger.LogWarning(
            "still opening model {Path} after {Seconds} s: a model must be a regular file (is it a FIFO or a device?)",
            path, CommandWait.TotalSeconds));
        _watcher = new ModelFileWatcher(path => StartLoad(path), logger);
    }

    public ICompletionModel? Current => _current?.Model;
    public string? ModelPath => _watcher.Path;

    /// <summary>Raised after a successful (re)load.</summary>
    public event Action<ICompletionModel>? ModelChanged;

    /// <summary>The full model path; throws ArgumentException for a path the file system cannot take.</summary>
    public string? ResolvePath()
    {
        string? path = _settings.Current.ModelPath ?? _commandLine.Path;
        if (path is null && _session.WorkspaceRoot is { } root) path = Path.Combine(root, DefaultRelativePath);
        if (path is null) return null;
        if (!Path.IsPathRooted(path) && _session.WorkspaceRoot is { } workspace) path = Path.Combine(workspace, path);
        return Path.GetFullPath(path);
    }

    /// <summary>Starts a load from the resolved path if it changed since last time (or <paramref name="force"/>), and
    /// watches it. Returns immediately; the task gives the one-line outcome.</summary>
    public Task<string> Refresh(bool force = false)
    {
        string? path;
        try
        {
            path = ResolvePath();
        }
        catch (ArgumentException e)
        {
            return Task.FromResult(Fail(null, $"invalid model path: {FirstLine(e.Message)}"));
        }
        if (_watcher.Watch(path)) force = true;
        return force ? StartLoad(path) : Task.FromResult("model unchanged");
    }

    /// <summary>The reload command: reloads and waits a bounded time for the outcome.</summary>
    public string Reload(CancellationToken cancellation)
    {
        var outcome = Refresh(force: true);
        if (outcome.Wait((int)CommandWait.TotalMilliseconds, cancellation)) return outcome.Result;
        string current = _current is null ? "no model is serving yet" : "the previous model keeps serving";
        return $"still loading {ModelPath} after {CommandWait.TotalSeconds:0} s ({current}); a model must be a regular file";
    }

    /// <summary>The model to answer with. Right after startup the first load is usually still running (about 0.1 s);
    /// waiting for it (bounded) beats an empty answer, which inline completion clients never ask again for.</summary>
    public LoadedModel? CurrentOrAwaitLoad(CancellationToken cancellation)
    {
        if (_current is { } current) return current;
        _loads.Newest?.Wait((int)FirstModelWait.TotalMilliseconds, cancellation);
        return _current;
    }

    private Task<string> StartLoad(string? path)
    {
        if (Directory.Exists(path)) return Task.FromResult(Fail(path, $"cannot load model {path}: it is a directory"));
        if (path is null || !File.Exists(path))
        {
            string missing = path is null ? "no model path (no workspace and no --model)" : $"no model at {path}";
            Publish(path is null ? ModelState.None : ModelState.Missing, path, missing);
            return Task.FromResult(TellHowToTrain(missing, logged: false));
        }
        return _loads.Start(path);
    }

    /// <summary>Runs on a load thread.</summary>
    private string Load(string path, long generation)
    {
        ICompletionModel model;
        Publish(ModelState.Loading, path);
        try
        {
            model = _loader.Load(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(path, $"cannot load model {path}: {FirstLine(e.Message)}");
        }
        lock (_gate)
        {
            // A newer load finished first, or the server is stopping: this result is stale.
            // The load's generation doubles as the model's version: it grows with every load.
            if (_stopped || generation <= (_current?.Version ?? 0)) return $"a newer load replaced {path}";
            (_current, _lastFailure) = (new LoadedModel(model, generation), null);
        }
        _logger.LogInformation("serving {Model} from {Path}", model.Info.Description, path);
        ModelChanged?.Invoke(model);
        Publish(ModelState.Loaded, path);
        return $"loaded {model.Info.Description} from {path}";
    }

    /// <summary>Logs a failure once per distinct reason and publishes it; returns it.</summary>
    private string Fail(string? path, string reason)
    {
        bool firstTime;
        lock (_gate) { firstTime = reason != _lastFailure && !_stopped; _lastFailure = reason; }
        if (firstTime)
            _logger.LogWarning("{Reason}{Keeping}", reason, _current is null ? "" : " (keeping the previous model)");
        Publish(ModelState.Failed, path, reason);
        if (_current is null) TellHowToTrain(reason, logged: true);
        return reason;
    }

    /// <summary>The status names the model serving now, whichever state the path is in.</summary>
    private void Publish(string state, string? path, string? reason = null)
    {
        if (!_stopped) _status.Publish(new ModelStatus(state, path, _current?.Model.Info, reason));
    }

    private string TellHowToTrain(string reason, bool logged)
    {
        lock (_gate)
        {
            if (_toldHowToTrain || _stopped) return reason;
            _toldHowToTrain = true;
        }
        if (!_session.ClientShowsModelStatus)
            _client.Show(MessageType.Warning, $"charrnn: {reason}. Train one with: charrnn-train <dir> --out {DefaultRelativePath}");
        if (!logged) _logger.LogWarning("{Reason}", reason);
        return reason;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    private void Stop()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
        }
        _watcher.Dispose();
        _loads.Stop(StopWait);
    }

    public void Dispose() => Stop();
}
