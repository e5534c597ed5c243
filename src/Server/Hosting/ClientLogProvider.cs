using CharRnnLsp.Server.Lsp.Protocol;
using CharRnnLsp.Server.Lsp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Hosting;

/// <summary>Mirrors the server's own log lines (Information and above) to the client as window/logMessage, so they
/// show in the editor's output panel. Library categories stay on stderr only.</summary>
public sealed class ClientLogProvider(IServiceProvider services) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("CharRnnLsp.", StringComparison.Ordinal) ? new ClientLogger(services) : NullLoggerInstance;

    private static readonly ILogger NullLoggerInstance = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose() { }

    private sealed class ClientLogger(IServiceProvider services) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            int type = logLevel switch
            {
                >= LogLevel.Error => MessageType.Error,
                LogLevel.Warning => MessageType.Warning,
                _ => MessageType.Info,
            };
            ClientNotifier notifier;
            try
            {
                notifier = services.GetRequiredService<ClientNotifier>();
            }
            catch (ObjectDisposedException)
            {
                return; // logged from a background thread after the host shut down: the client is gone anyway
            }
            notifier.Log(type, "charrnn: " + formatter(state, exception));
        }
    }
}
