using CharRnnLsp.Core.Adaptation;
using CharRnnLsp.Server.Model;

namespace CharRnnLsp.Server.Completion.Adaptation;

/// <summary>What a document's requests use, published whole by the background worker: the model (adapted weights,
/// or the trained model when adaptation is off, diverged or nothing was read yet) and a copy of the learned mixer.
/// Every publication has a new model version (<see cref="AdaptationManager"/> explains the numbering), so every
/// cached LSTM state, which is tied to a model version, belongs to exactly one set of weights.</summary>
/// <param name="Trained">the served model these weights started from.</param>
/// <param name="Mixer">the mixer's weights as learned while reading the document; null when nothing is mixed.</param>
/// <param name="AdaptationVersion">the dynamic evaluator's version (0 for the trained weights).</param>
/// <param name="AdaptedChars">characters dynamic evaluation has read in this document.</param>
public sealed record AdaptedModel(LoadedModel Model, LoadedModel Trained, Mixer? Mixer, long AdaptationVersion, int AdaptedChars)
{
    public bool IsAdapted => !ReferenceEquals(Model.Model, Trained.Model);
}

/// <summary>The per-document state sent to the client as <c>charrnn/adaptationStatus</c> (docs/server.md).</summary>
/// <param name="State">"adapting" (reading in the background), "adapted", "static" (adaptation off or not started),
/// or "diverged" (a diverging step restored the trained weights).</param>
public sealed record AdaptationStatus(string Uri, string State, int AdaptedChars, int DocumentChars, long Version, string? Reason);
