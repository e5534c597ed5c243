using System.CommandLine;
using System.Runtime.InteropServices;
using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Backends.Selection;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Training.Progress;

namespace CharRnnLsp.Training.Cli;

/// <summary>`charrnn-train [train] PATH [options]`: binds TrainOptions and runs a session, reporting progress as
/// text or JSON lines. Under an MPI launcher every rank trains its share and rank 0 alone reports.</summary>
public static class TrainCommand
{
    public const string Description = "train on a file or directory (charrnn-train PATH is the same)";

    public static int Run(TrainArguments arguments, ParseResult parse, TextWriter output)
    {
        var options = arguments.Bind(parse);
        var team = MpiTeam.JoinIfLaunched();
        IProgressSink sink = !team.IsLeader() ? new SilentProgressSink()
            : arguments.Progress(parse) == TrainArguments.ProgressFormat.Json ? new JsonProgressSink(output) : new TextProgressSink(output);
        var reporter = new ProgressReporter(sink, options.Quiet);
        using var device = DeviceChoice.Make(DeviceRequest.Parse(options.Device), new CudaMathOptions(options.Tf32), team.LocalRank);
        using var run = RunPreparation.Prepare(options, reporter.Reading, reporter.ReadingProgress);
        var session = new TrainingSession(options, run, reporter, device, team);
        Action<PosixSignalContext> onSignal = team.Size > 1 ? LeaveAtOnce : StopGracefully;
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, onSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
        session.Run();
        (team as MpiTeam)?.Finish();
        return session.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;

        void StopGracefully(PosixSignalContext context)
        {
            context.Cancel = true;
            reporter.Stopping();
            session.RequestStop();
        }

        // The ranks cannot finish an iteration on their own (each step waits for all), and Open MPI's launcher
        // kills them a moment after its SIGTERM, when a rank died or on Ctrl-C: leave with one line, at once.
        void LeaveAtOnce(PosixSignalContext context)
        {
            Console.Error.WriteLine($"charrnn-train: mpi: rank {team.Rank} of {team.Size}: the MPI launcher ended the job "
                + "(a rank died, or it was interrupted); --resume continues from the last saved state");
            ImmediateExit.Now(ExitCodes.Mpi);
        }
    }
}
