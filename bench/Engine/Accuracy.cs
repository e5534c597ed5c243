using System.Diagnostics;
using CharRnnLsp.Core.Checkpoints;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Evaluation;
using CharRnnLsp.Core.Inference;
using CharRnnLsp.Core.Model;

/// <summary>
/// `bpc CKPT TEXT [chars=0]`: bits/char of a trained checkpoint on the validation split of TEXT (characters 90-95%, as
/// charrnn-train splits a one-file corpus by default) with the fp32 reference step and the packed step at fp32, bf16
/// and int8, to 5 decimals, plus each one's difference from the reference: the accuracy cost of rounded weights.
/// </summary>
internal static class Accuracy
{
    public static int Run(string[] args)
    {
        var checkpoint = Checkpoint.Load(args[1]);
        int[] tokens = checkpoint.Vocabulary.Encode(File.ReadAllText(args[2]));
        using var stream = new ArrayTokenStream(tokens);
        var split = DataSplit.Create(stream, [], 0.9, 0.05).Validation;
        long chars = args.Length > 3 && int.Parse(args[3]) > 0 ? Math.Min(int.Parse(args[3]), split.Length) : split.Length;
        int[] validation = split.Head(chars);
        var model = checkpoint.ToModel();
        double? reference = null;
        foreach (string precision in (string[])["reference", "fp32", "bf16", "int8"])
        {
            IStepModel stepper = precision == "reference" ? model : new InferenceModel(model, InferencePrecisions.Parse(precision));
            var watch = Stopwatch.StartNew();
            double bits = ModelScorer.ScoreRnn(stepper, validation, []).BitsPerChar;
            reference ??= bits;
            Console.WriteLine($"{{\"side\":\"ours\",\"kind\":\"bpc\",\"precision\":\"{precision}\",\"chars\":{validation.Length}," +
                $"\"bits_per_char\":{bits:F5},\"minus_reference\":{bits - reference:F5},\"seconds\":{watch.Elapsed.TotalSeconds:F1}}}");
        }
        return 0;
    }
}
