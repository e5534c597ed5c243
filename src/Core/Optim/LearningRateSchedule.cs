namespace CharRnnLsp.Core.Optim;

/// <summary>
/// char-rnn's schedule: the base rate until <see cref="DecayAfterEpochs"/> epochs, then multiplied by
/// <see cref="DecayRate"/> once per further completed epoch. A pure function of progress, so resume needs no state.
/// </summary>
public sealed record LearningRateSchedule(float BaseRate, float DecayRate, double DecayAfterEpochs)
{
    public float At(double epoch)
    {
        if (DecayRate >= 1f || epoch < DecayAfterEpochs) return BaseRate;
        int decays = (int)Math.Floor(epoch - DecayAfterEpochs) + 1;
        return BaseRate * MathF.Pow(DecayRate, decays);
    }
}
