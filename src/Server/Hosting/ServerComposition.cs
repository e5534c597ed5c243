using CharRnnLsp.Server.Completion;
using CharRnnLsp.Server.Completion.Adaptation;
using CharRnnLsp.Server.Documents;
using CharRnnLsp.Server.Handlers;
using CharRnnLsp.Server.Lsp;
using CharRnnLsp.Server.Model;
using CharRnnLsp.Server.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CharRnnLsp.Server.Hosting;

/// <summary>Builds the host: every service the server is made of, in one place. Tests build the same host over pipes.</summary>
public static class ServerComposition
{
    public static IHost Build(CommandLineOptions options, ServerStreams streams, IModelLoader? loader = null,
        AdaptationTuning? adaptation = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // CHARRNN_MODEL=path stands in for --model where an editor makes arguments awkward.
        builder.Configuration.AddEnvironmentVariables("CHARRNN_");
        options = options with { ModelPath = options.ModelPath ?? builder.Configuration["MODEL"] };
        builder.Logging.SetMinimumLevel(Enum.TryParse<LogLevel>(options.LogLevel, true, out var level) ? level : LogLevel.Information);
        // stdout carries the protocol only: every console log line goes to stderr.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.AddSingleton<ILoggerProvider, ClientLogProvider>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(streams);
        services.AddSingleton(new MessageWriter(streams.Output));
        services.AddSingleton<ClientNotifier>();
        services.AddSingleton<ServerSession>();
        services.AddSingleton<SettingsStore>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton(new CommandLineModel(options.ModelPath));
        services.AddSingleton<PendingRequests>();
        services.AddSingleton(provider => loader ?? new CheckpointModelLoader(provider.GetRequiredService<SettingsStore>()));
        services.AddSingleton<ModelStatusPublisher>();
        services.AddSingleton<ModelProvider>();
        services.AddSingleton<ModelStateCache>();
        services.AddSingleton<IContinuationDecoder, SamplingDecoder>();
        services.AddSingleton(adaptation ?? AdaptationTuning.Default);
        services.AddSingleton<AdaptationManager>();
        services.AddHostedService<AdaptationWorker>();
        services.AddSingleton<CompletionService>();
        services.AddSingleton<CursorLocator>();
        services.AddSingleton<Dispatcher>();

        services.AddSingleton<IRequestHandler, InitializeHandler>();
        services.AddSingleton<IRequestHandler, ShutdownHandler>();
        services.AddSingleton<IRequestHandler, CompletionHandler>();
        services.AddSingleton<IRequestHandler, InlineCompletionHandler>();
        services.AddSingleton<IRequestHandler, HoverHandler>();
        services.AddSingleton<IRequestHandler, ExecuteCommandHandler>();
        services.AddSingleton<INotificationHandler, InitializedHandler>();
        services.AddSingleton<INotificationHandler, DidOpenHandler>();
        services.AddSingleton<INotificationHandler, DidChangeHandler>();
        services.AddSingleton<INotificationHandler, DidCloseHandler>();
        services.AddSingleton<INotificationHandler, DidChangeConfigurationHandler>();

        services.AddSingleton<LanguageServerService>();
        services.AddHostedService(sp => sp.GetRequiredService<LanguageServerService>());
        // Stopped before the protocol loop's service (reverse order): its loads finish or are dropped before disposal.
        services.AddHostedService(sp => sp.GetRequiredService<ModelProvider>());
        var host = builder.Build();
        // Built now, not at the first request: it follows the document store's events from the first didOpen on.
        host.Services.GetRequiredService<ModelStateCache>();
        AdaptationWiring.Connect(host.Services);
        return host;
    }
}
