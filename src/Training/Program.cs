using CharRnnLsp.Training.Cli;

// charrnn-train: train a character-level RNN on a tree, sample from it. Errors are one line on stderr
// with a distinct exit code (Cli/ExitCodes.cs); set CHARRNN_DEBUG=1 for stack traces.
return CommandLine.Run(args, Console.Out, Console.Error);
