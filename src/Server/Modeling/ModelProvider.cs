using CharRnnLsp.Server.Hosting;
using CharRnnLsp.Server.Protocol;
using CharRnnLsp.Server.Settings;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Modeling;

/// <summary>
/// Owns the model being served: resolves its path (settings.modelPath, else --model, else
/// &lt;workspace&gt;/.charrnn/model.safetensors), loads it, and reloads when the file changes. A file that fails to
/// load leaves the previous model serving; each distinct failure is logged once. With no model at all the
/// client is told once how to train one.
/// </summary>
public sealed class ModelProvider(IModelLoader loader, SettingsStore settings, ServerSession session,
    ClientNotifier client, ILogger<ModelProvider> logger) : IDisposable
{
    public const string DefaultRelativePath = ".charrnn/model.safetensors";
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly object _gate = new();
    private volatile ICompletionModel? _current;
    private string? _watchedPath;
    private FileSystemWatcher? _watcher;
    private Timer? _debounceTimer;
    private string? _lastFailure;
    private bool _toldHowToTrain;

    public ICompletionModel? Current => _current;
    public string? ModelPath => _watchedPath;

    /// <summary>Raised after a successful (re)load.</summary>
    public event Action<ICompletionModel>? ModelChanged;

    public string? ResolvePath()
    {
        string? path = settings.Current.ModelPath ?? session.Options.ModelPath;
        if (path is null && session.WorkspaceRoot is { } root) path = Path.Combine(root, DefaultRelativePath);
        if (path is null) return null;
        if (!Path.IsPathRooted(path) && session.WorkspaceRoot is { } workspace) path = Path.Combine(workspace, path);
        return Path.GetFullPath(path);
    }

    /// <summary>Loads from the resolved path if it changed since last time (or <paramref name="force"/>), and
    /// watches it. Returns a one-line outcome for the reload command.</summary>
    public string Refresh(bool force = false)
    {
        string? path = ResolvePath();
        lock (_gate)
        {
            if (path != _watchedPath) { Watch(path); force = true; }
        }
        return force ? Load(path) : "model unchanged";
    }

    private string Load(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            string missing = path is null ? "no model path (no workspace and no --model)" : $"no model at {path}";
            TellHowToTrain(missing);
            return missing;
        }
        try
        {
            var model = loader.Load(path);
            lock (_gate) { _current = model; _lastFailure = null; }
            logger.LogInformation("serving {Model} from {Path}", model.Description, path);
            ModelChanged?.Invoke(model);
            return $"loaded {model.Description} from {path}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string reason = $"cannot load model {path}: {FirstLine(e.Message)}";
            bool firstTime;
            lock (_gate) { firstTime = reason != _lastFailure; _lastFailure = reason; }
            if (firstTime)
            {
                string keeping = _current is null ? "" : " (keeping the previous model)";
                logger.LogWarning("{Reason}{Keeping}", reason, keeping);
            }
            if (_current is null) TellHowToTrain(reason);
            return reason;
        }
    }

    private void TellHowToTrain(string reason)
    {
        lock (_gate)
        {
            if (_toldHowToTrain) return;
            _toldHowToTrain = true;
        }
        logger.LogWarning("{Reason}", reason);
        client.Show(MessageType.Warning,
            $"charrnn: {reason}. Train one with: charrnn-train <dir> --out {DefaultRelativePath}");
    }

    private void Watch(string? path)
    {
        _watcher?.Dispose();
        _watcher = null;
        _watchedPath = path;
        string? folder = path is null ? null : Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder)) return;
        try
        {
            // Checkpoint.Save writes a temp file and renames it, so renames count as changes too.
            _watcher = new FileSystemWatcher(folder, Path.GetFileName(path!))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning("cannot watch {Path} for changes: {Reason}", path, e.Message);
        }
    }

    /// <summary>Writers touch the file several times; wait for quiet before reading it.</summary>
    private void ScheduleReload()
    {
        lock (_gate)
        {
            _debounceTimer ??= new Timer(_ => Load(_watchedPath));
            _debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounceTimer?.Dispose();
    }
}
