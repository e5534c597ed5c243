namespace CharRnnLsp.Server.Hosting;

/// <summary>charrnn-lsp [--stdio] [--model PATH] [--log-level LEVEL]. Editors often add --stdio; it is the only transport.</summary>
public sealed record CommandLineOptions(string? ModelPath, string LogLevel)
{
    public static CommandLineOptions Parse(string[] args)
    {
        string? model = null;
        string level = "Information";
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--stdio": break;
                case "--model" when i + 1 < args.Length: model = args[++i]; break;
                case "--log-level" when i + 1 < args.Length: level = args[++i]; break;
                case "--help" or "-h": throw new UsageException();
                default: throw new UsageException($"unknown argument '{args[i]}'");
            }
        }
        return new CommandLineOptions(model, level);
    }
}

public sealed class UsageException(string? problem = null)
    : Exception((problem is null ? "" : problem + "\n") + "usage: charrnn-lsp [--stdio] [--model PATH] [--log-level Trace|Debug|Information|Warning|Error]");
