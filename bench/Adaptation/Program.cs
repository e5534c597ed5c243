// Adaptive scoring speed: reads FILE once with an AdaptivePredictor (one thread) and prints characters per
// second of wall time and of this process's CPU time (the machine may be shared), with the bits/char reached.
// Usage: dotnet bench/Adaptation/bin/Release/net10.0/CharRnnLsp.Bench.Adaptation.dll CKPT FILE [static|dynamic|cache|match|all[:SEGMENT[:RATE[:DECAY]]]]...
using System.Diagnostics;
using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CKPT FILE [static|dynamic|cache|match|all]...");
    return 2;
}
var checkpoint = Checkpoint.Load(args[0]);
var model = checkpoint.ToModel();
int[] tokens = checkpoint.Vocabulary.Encode(File.ReadAllText(args[1]).Replace("\r\n", "\n"));
foreach (string configuration in args.Length > 2 ? args[2..] : ["static", "dynamic", "cache", "match", "all"])
{
    string name = configuration.Split(':')[0];
    var dynamic = new DynamicEvaluationOptions();
    string[] parts = configuration.Split(':');
    if (parts.Length > 1) dynamic = dynamic with { SegmentLength = int.Parse(parts[1]) };
    if (parts.Length > 2) dynamic = dynamic with { LearningRate = float.Parse(parts[2]) };
    if (parts.Length > 3) dynamic = dynamic with { Decay = float.Parse(parts[3]) };
    var options = name switch
    {
        "static" => AdaptivePredictorOptions.Static,
        "dynamic" => new AdaptivePredictorOptions(dynamic, 0, 0),
        "cache" => new AdaptivePredictorOptions(null, 6, 0),
        "match" => new AdaptivePredictorOptions(null, 0, 6),
        _ => AdaptivePredictorOptions.Full with { Dynamic = dynamic },
    };
    using var predictor = new AdaptivePredictor(model, options);
    predictor.Start(checkpoint.Vocabulary.IndexOf(Vocabulary.DocumentSeparatorCodePoint));
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    double nats = predictor.Observe(tokens);
    double wallSeconds = wall.Elapsed.TotalSeconds;
    double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine($"{configuration,-10} {tokens.Length,8:N0} chars  {wallSeconds,6:F2} s wall  {cpuSeconds,6:F2} s cpu  " +
                      $"{tokens.Length / wallSeconds,8:N0} chars/s wall  {tokens.Length / cpuSeconds,8:N0} chars/s cpu  " +
                      $"{nats / tokens.Length / Math.Log(2):F3} bits/char");
}
return 0;
