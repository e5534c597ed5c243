namespace CharRnnLsp.Training.Cli;

/// <summary>The command line is wrong; the message is one line for the user.</summary>
public sealed class UsageException(string message) : Exception(message);
