using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Model;

/// <summary>Watches the model file and asks for a reload once writes to it have been quiet for a while.</summary>
internal sealed class ModelFileWatcher(Action<string?> reload, ILogger logger) : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly object _gate = new();
    private FileSystemWatcher? _watcher;
    private Timer? _debounceTimer;
    private bool _disposed;

    public string? Path { get; private set; }

    /// <summary>Watches <paramref name="path"/>; false when it was already the watched one.</summary>
    public bool Watch(string? path)
    {
        lock (_gate)
        {
            if (_disposed || path == Path) return false;
            _watcher?.Dispose();
            _watcher = null;
            Path = path;
            string? folder = path is null ? null : System.IO.Path.GetDirectoryName(path);
            if (folder is null || !Directory.Exists(folder)) return true;
            try
            {
                // Checkpoint.Save writes a temp file and renames it, so renames count as changes too.
                _watcher = new FileSystemWatcher(folder, System.IO.Path.GetFileName(path!))
                {
                    NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                _watcher.Changed += (_, _) => ScheduleReload();
                _watcher.Created += (_, _) => ScheduleReload();
                _watcher.Renamed += (_, _) => ScheduleReload();
                _watcher.Deleted += (_, _) => ScheduleReload(); // reported as missing; the loaded model keeps serving
                _watcher.EnableRaisingEvents = true;
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
            {
                logger.LogWarning("cannot watch {Path} for changes: {Reason}", path, e.Message);
            }
            return true;
        }
    }

    /// <summary>Writers touch the file several times; wait for quiet before reading it.</summary>
    private void ScheduleReload()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _debounceTimer ??= new Timer(_ => reload(Path));
            _debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher?.Dispose();
            _debounceTimer?.Dispose();
        }
    }
}
