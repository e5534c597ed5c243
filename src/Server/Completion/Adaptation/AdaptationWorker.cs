using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>
/// The one background thread that adapts documents. It bounds its CPU use: after each unit of work (one chunk,
/// or one experts build) it rests (1/CpuShare - 1) times as long as the work took, so with the default share of
/// 0.5 it uses at most half of one core, however many documents are open; requests run on other threads.
/// When idle it wakes on new work, and every 250 ms to see whether an edited document has become quiet.
/// </summary>
public sealed class AdaptationWorker(AdaptationManager manager, ILogger<AdaptationWorker> logger, AdaptationTuning? tuning = null)
    : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);
    private readonly double _share = Math.Clamp((tuning ?? AdaptationTuning.Default).CpuShare, 0.01, 1);

    protected override Task ExecuteAsync(CancellationToken stopping) =>
        Task.Factory.StartNew(() => Loop(stopping), stopping, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Loop(CancellationToken stopping)
    {
        Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        var clock = new Stopwatch();
        while (!stopping.IsCancellationRequested)
        {
            bool worked;
            clock.Restart();
            try
            {
                worked = manager.RunOnce(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failing document must not stop the others; the request path still serves the trained model.
                logger.LogWarning("adaptation step failed: {Reason}", e.Message);
                worked = true;
            }
            try
            {
                if (worked) await Task.Delay(clock.Elapsed * (1 / _share - 1), stopping);
                else await manager.WorkSignal.WaitAsync(IdlePoll, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
