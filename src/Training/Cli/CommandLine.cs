using System.Runtime.InteropServices;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Engine.Cuda;
using CharRnnLsp.Core.Training;

namespace CharRnnLsp.Training.Cli;

/// <summary>Dispatches verbs and turns every failure into one line on stderr and an exit code.</summary>
public static class CommandLine
{
    private const string Overview = """
        charrnn-train: character-level RNN language models for your code and LaTeX trees

        usage: charrnn-train PATH [options]             train on a file or directory (same as `train`)
               charrnn-train train PATH [options]
               charrnn-train sample CHECKPOINT [options] generate text from a checkpoint
               charrnn-train eval CHECKPOINT PATH        bits/char and completion accuracy against an n-gram baseline
               charrnn-train vis CHECKPOINT PATH         interpretable cells and an HTML visualization
               charrnn-train VERB --help                 options of a verb
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                output.WriteLine(Overview);
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
            }
            string verb = args[0];
            string[] rest = args[1..];
            bool help = rest.Contains("--help") || rest.Contains("-h");
            switch (verb)
            {
                case "sample":
                    if (help) { output.WriteLine(SampleCommand.Help); return ExitCodes.Ok; }
                    return SampleCommand.Run(new ArgumentReader(rest), output);
                case "eval":
                    if (help) { output.WriteLine(EvalCommand.Help); return ExitCodes.Ok; }
                    return EvalCommand.Run(new ArgumentReader(rest), output);
                case "vis":
                    if (help) { output.WriteLine(VisCommand.Help); return ExitCodes.Ok; }
                    return VisCommand.Run(new ArgumentReader(rest), output);
                case "train":
                    return Train(rest, output);
                default:
                    return Train(args, output);
            }
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("CHARRNN_DEBUG") is null || e is UsageException)
        {
            var (code, kind) = e switch
            {
                UsageException => (ExitCodes.Usage, "usage"),
                CorpusException => (ExitCodes.Corpus, "corpus"),
                CheckpointException => (ExitCodes.Checkpoint, "checkpoint"),
                ArgumentException => (ExitCodes.Usage, "usage"),
                IOException or UnauthorizedAccessException => (ExitCodes.Io, "i/o"),
                TrainingDivergedException => (ExitCodes.InternalError, "training"),
                CudaException => (ExitCodes.Device, "cuda"),
                _ => (ExitCodes.InternalError, "internal error"),
            };
            error.WriteLine($"charrnn-train: {kind}: {OneLine(e.Message)}");
            return code;
        }
    }

    private static int Train(string[] args, TextWriter output)
    {
        if (args.Contains("--help") || args.Contains("-h")) { output.WriteLine(TrainCommand.Help); return ExitCodes.Ok; }
        var options = TrainCommand.Parse(new ArgumentReader(args));
        var reporter = new ProgressReporter(output, options.Quiet);
        using var device = DeviceChoice.Make(DeviceRequest.Parse(options.Device), new CudaMathOptions(options.Tf32));
        var run = RunPreparation.Prepare(options, reporter.Say);
        var session = new TrainingSession(options, run, reporter, device);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopGracefully);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopGracefully);
        session.Run();
        return session.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;

        void StopGracefully(PosixSignalContext context)
        {
            context.Cancel = true;
            reporter.Say("stopping: finishing this iteration and saving a checkpoint");
            session.RequestStop();
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
