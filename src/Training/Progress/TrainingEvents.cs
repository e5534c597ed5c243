using System.Text.Json.Serialization;
using CharRnnLsp.Core.Data;

namespace CharRnnLsp.Training.Progress;

/// <summary>
/// What happens during a training run, as data: the text sink prints it for people, the JSON sink writes
/// it one object per line for tools (docs/training-progress.md is the schema). Field names are the JSON
/// names in camelCase; losses are in nats/char.
/// </summary>
public abstract record TrainingEvent([property: JsonPropertyOrder(-1)] string Event);

/// <summary>The corpus was read: files, characters, skipped files by reason, warnings.</summary>
public sealed record ReadingEvent(CorpusSummary Corpus) : TrainingEvent("reading");

/// <summary>While the corpus is read: files and bytes so far, speed, and the estimated time left (null at first);
/// <c>Finished</c> on the last one. Not sent when the encoded corpus comes from the cache.</summary>
public sealed record ReadingProgressEvent(int FilesDone, int TotalFiles, long BytesDone, long TotalBytes, double MegabytesPerSecond,
    double? EtaSeconds, bool Finished) : TrainingEvent("readingProgress");

/// <summary>The model, the data split and the device, once before the first iteration. <c>HeldOutSlices</c>: how many
/// slices of whole files, spread over the corpus, the validation and test splits are each made of (1: the tail).</summary>
public sealed record StartedEvent(
    string Cell, int Layers, int Hidden, int Embedding, int Vocabulary, long Parameters, string Origin,
    long TrainChars, long ValChars, long TestChars, int HeldOutSlices, int Batch, int Seq, long IterationsPerEpoch,
    string Device, string Optimizer, float LearningRate, string BestPath, string LatestPath) : TrainingEvent("started");

/// <summary>Every --log-every iterations; <c>EtaSeconds</c> is null without a budget.</summary>
public sealed record IterationEvent(
    long Iteration, double Epoch, float Loss, double AverageLoss, float LearningRate, double CharsPerSecond, double? EtaSeconds)
    : TrainingEvent("iteration");

/// <summary>A validation run; <c>Improved</c> means it is the best so far and was saved as the best model.</summary>
public sealed record EvaluationEvent(
    long Iteration, double Epoch, double ValLoss, double BitsPerChar, bool Improved, double BestValLoss, int EvalsWithoutImprovement)
    : TrainingEvent("evaluation");

/// <summary>A sample from the model; documents are separated by U+001C as in the corpus.</summary>
public sealed record SampleEvent(long Iteration, string Text) : TrainingEvent("sample");

/// <summary>A checkpoint was written: <c>Kind</c> is "best" (at --out) or "latest" (the resume state).</summary>
public sealed record SavedEvent(long Iteration, string Kind, string Path) : TrainingEvent("saved");

/// <summary>Ctrl-C or SIGTERM arrived: the run finishes this iteration, saves and stops.</summary>
public sealed record StoppingEvent() : TrainingEvent("stopping");

/// <summary>The run ended normally (budget, early stop, signal); the exit code follows.</summary>
public sealed record StoppedEvent(
    string Reason, long Iteration, double ElapsedSeconds, double BestValLoss, string BestPath, string LatestPath) : TrainingEvent("stopped");

/// <summary>The run failed; the same one line goes to stderr and the process exits with <c>ExitCode</c>.</summary>
public sealed record ErrorEvent(string Kind, string Message, int ExitCode) : TrainingEvent("error");
