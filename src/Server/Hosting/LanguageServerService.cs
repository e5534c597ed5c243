using CharRnnLsp.Server.Lsp;
using Microsoft.Extensions.Hosting;

namespace CharRnnLsp.Server.Hosting;

/// <summary>Runs the protocol loop for the host's lifetime and stops the host when the client exits.</summary>
public sealed class LanguageServerService(Dispatcher dispatcher, ServerStreams streams, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    public int ExitCode { get; private set; } = 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting before the blocking reads begin
        ExitCode = await dispatcher.RunAsync(streams.Input, stoppingToken);
        lifetime.StopApplication();
    }
}
