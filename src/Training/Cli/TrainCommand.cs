using System.CommandLine;
using System.Runtime.InteropServices;
using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Backends.Selection;
using CharRnnLsp.Training.Progress;

namespace CharRnnLsp.Training.Cli;

/// <summary>`charrnn-train [train] PATH [options]`: binds TrainOptions and runs a session, reporting progress as
/// text or JSON lines.</summary>
public static class TrainCommand
{
    public const string Description = "train on a file or directory (charrnn-train PATH is the same)";

    public static int Run(TrainArguments arguments, ParseResult parse, TextWriter output)
    {
        var options = arguments.Bind(parse);
        IProgressSink sink = arguments.Progress(parse) == TrainArguments.ProgressFormat.Json ? new JsonProgressSink(output) : new TextProgressSink(output);
        var reporter = new ProgressReporter(sink, options.Quiet);
        using var device = DeviceChoice.Make(DeviceRequest.Parse(options.Device), new CudaMathOptions(options.Tf32));
        var run = RunPreparation.Prepare(options, reporter.Reading);
        var session = new TrainingSession(options, run, reporter, device);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopGracefully);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopGracefully);
        session.Run();
        return session.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;

        void StopGracefully(PosixSignalContext context)
        {
            context.Cancel = true;
            reporter.Stopping();
            session.RequestStop();
        }
    }
}
