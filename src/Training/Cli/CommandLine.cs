using System.CommandLine;
using System.CommandLine.Invocation;
using CharRnnLsp.Core.Backends.Cuda.Native;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Distributed;
using CharRnnLsp.Training.Progress;

namespace CharRnnLsp.Training.Cli;

/// <summary>
/// The verbs on System.CommandLine (generated --help per verb, `[suggest]` completions, `@file` response
/// files) and the one rule for failures: one line on stderr, a distinct exit code (<see cref="ExitCodes"/>),
/// and with `--progress json` an error event on stdout as well.
/// </summary>
public static class CommandLine
{
    /// <summary>The command tree. The root takes train's PATH and options (hidden from its help), so
    /// `charrnn-train PATH` trains, also from a response file or under completion.</summary>
    public sealed class Tree
    {
        public RootCommand Root { get; } = new("charrnn-train: character-level RNN language models for your code and LaTeX trees.\n" +
            "charrnn-train PATH [options] is charrnn-train train PATH [options]; charrnn-train VERB --help lists a verb's options.");
        public TrainArguments ImplicitTrain { get; }
        public TrainArguments Train { get; }

        public Tree(TextWriter output)
        {
            ImplicitTrain = new TrainArguments(Root, hidden: true);
            Root.SetAction(parse => TrainCommand.Run(ImplicitTrain, parse, output));
            var train = new Command("train", TrainCommand.Description);
            Train = new TrainArguments(train);
            train.SetAction(parse => TrainCommand.Run(Train, parse, output));
            Root.Add(train);
            Root.Add(new SampleCommand(output).Command);
            Root.Add(new EvalCommand(output).Command);
            Root.Add(new VisCommand(output).Command);
        }

        /// <summary>Parses, throwing UsageException with one line for a bad command line.</summary>
        public ParseResult Parse(IReadOnlyList<string> args)
        {
            var parse = Root.Parse(args);
            if (parse.Action is ParseErrorAction && ParseErrors.FirstProblem(parse) is { } problem) throw new UsageException(problem);
            return parse;
        }

        /// <summary>The train options as the train verb (or a bare PATH) would bind them.</summary>
        public TrainOptions ParseTrainOptions(IReadOnlyList<string> args)
        {
            var parse = Parse(args);
            return (parse.CommandResult.Command == Root ? ImplicitTrain : Train).Bind(parse);
        }
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var tree = new Tree(output);
        try
        {
            // No arguments: the overview, as an error (nothing was asked for).
            int code = tree.Parse(args.Length == 0 ? ["--help"] : args).Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null, // TrainCommand handles SIGINT/SIGTERM itself: save, then exit 130
            });
            return args.Length == 0 ? ExitCodes.Usage : code;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("CHARRNN_DEBUG") is null || e is UsageException)
        {
            var (code, kind) = Classify(e);
            string message = e.Message.ReplaceLineEndings(" ").Trim();
            error.WriteLine($"charrnn-train: {kind}: {message}");
            var parse = tree.Root.Parse(args);
            if (tree.Train.WantsJson(parse) || tree.ImplicitTrain.WantsJson(parse))
                new JsonProgressSink(output).Write(new ErrorEvent(kind, message, code));
            return code;
        }
    }

    private static (int Code, string Kind) Classify(Exception e) => e switch
    {
        UsageException => (ExitCodes.Usage, "usage"),
        CorpusException => (ExitCodes.Corpus, "corpus"),
        CheckpointException => (ExitCodes.Checkpoint, "checkpoint"),
        ArgumentException => (ExitCodes.Usage, "usage"),
        IOException or UnauthorizedAccessException => (ExitCodes.Io, "i/o"),
        TrainingDivergedException => (ExitCodes.InternalError, "training"),
        CudaException => (ExitCodes.Device, "cuda"),
        MpiException => (ExitCodes.Mpi, "mpi"),
        _ => (ExitCodes.InternalError, "internal error"),
    };
}
