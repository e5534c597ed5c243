namespace CharRnnLsp.Server.Model;

/// <summary>
/// Runs model loads off the request loop, each on its own thread: opening a path can block for good (a FIFO with
/// no writer, a hung network mount) and nothing may wait on it without a bound. A load asked for while one of the
/// same path runs joins it and runs once more after it (the file may have changed meanwhile), so repeated reloads
/// of a stuck path do not pile up threads. Each load gets a generation number, increasing, for the caller to
/// drop results that finish after a newer one. A load still running after <paramref name="slowAfter"/> is reported
/// once through <paramref name="slow"/>.
/// </summary>
internal sealed class BackgroundLoads(Func<string, long, string> load, TimeSpan slowAfter, Action<string> slow)
{
    private sealed class Job(string path, long generation)
    {
        public string Path { get; } = path;
        public long Generation { get; } = generation;
        public bool RunAgain;
        public Task<string> Outcome = Task.FromResult("");
    }

    private readonly object _gate = new();
    private readonly List<Job> _running = [];
    private long _generation;
    private bool _stopped;

    /// <summary>The newest load still running, if any.</summary>
    public Task<string>? Newest
    {
        get { lock (_gate) return _running.Count == 0 ? null : _running[^1].Outcome; }
    }

    /// <summary>Starts a load of <paramref name="path"/> (or joins the one running); its outcome line.</summary>
    public Task<string> Start(string path)
    {
        lock (_gate)
        {
            if (_stopped) return Task.FromResult("the server is stopping");
            if (_running.FindLast(j => j.Path == path) is { } running)
            {
                running.RunAgain = true;
                return running.Outcome;
            }
            var job = new Job(path, ++_generation);
            _running.Add(job);
            job.Outcome = Task.Factory.StartNew(() => Run(job), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            _ = ReportIfSlowAsync(job);
            return job.Outcome;
        }
    }

    private string Run(Job job)
    {
        string outcome;
        try
        {
            outcome = load(job.Path, job.Generation);
        }
        finally
        {
            bool again;
            lock (_gate)
            {
                _running.Remove(job);
                again = job.RunAgain && !_stopped;
            }
            if (again) Start(job.Path);
        }
        return outcome;
    }

    private async Task ReportIfSlowAsync(Job job)
    {
        if (await Task.WhenAny(job.Outcome, Task.Delay(slowAfter)).ConfigureAwait(false) == job.Outcome) return;
        lock (_gate) if (_stopped) return;
        slow(job.Path);
    }

    /// <summary>No new loads; waits up to <paramref name="bound"/> for those running (a stuck one is abandoned:
    /// its thread is a background thread and its result is dropped by the caller).</summary>
    public void Stop(TimeSpan bound)
    {
        Task[] running;
        lock (_gate)
        {
            _stopped = true;
            running = [.. _running.Select(j => j.Outcome)];
        }
        Task.WaitAny([Task.WhenAll(running), Task.Delay(bound)]);
    }
}
