using CharRnnLsp.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

CommandLineOptions options;
try
{
    options = CommandLineOptions.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var host = ServerComposition.Build(options, new ServerStreams(Console.OpenStandardInput(), Console.OpenStandardOutput()));
var server = host.Services.GetRequiredService<LanguageServerService>();
await host.RunAsync();
return server.ExitCode;
