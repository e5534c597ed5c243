using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Core.Data;
using CharRnnLsp.Core.Model;

namespace CharRnnLsp.Training;

/// <summary>
/// `sample --adapt-on FILE`: the model after dynamic evaluation over FILE (read as a document, from the
/// separator), with the state and next-character logits at FILE's end. The trained model is not changed.
/// </summary>
public sealed record AdaptedStart(CharModel Model, RecurrentState State, float[] Logits, int Divergences)
{
    public static AdaptedStart Read(CharModel trained, Vocabulary vocabulary, string text, DynamicEvaluationOptions options, Action<string> log)
    {
        var adapter = new DynamicEvaluator(trained, options);
        adapter.Diverged += log;
        var lstm = new AdaptiveLstm(trained, adapter);
        lstm.Start(vocabulary.IndexOf(Vocabulary.DocumentSeparatorCodePoint));
        lstm.Read(vocabulary.Encode(text));
        var result = new AdaptedStart(adapter.Model, lstm.LiveState.Clone(), lstm.NextLogits.ToArray(), adapter.Divergences);
        adapter.Dispose(); // the graph's buffers; the adapted weights stay with the model
        return result;
    }
}
