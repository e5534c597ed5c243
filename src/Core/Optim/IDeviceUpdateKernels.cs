namespace CharRnnLsp.Core.Optim;

/// <summary>
/// The update kernels of a backend that keeps the parameters, their gradients and the optimizer's moments in its
/// own memory (the CUDA engine), each a flat buffer [parameterCount] in ParameterLayout order, the moments in the
/// order of <see cref="Optimizer.Moments"/>. The optimizer counts the step and chooses the rule and its
/// step-dependent scalars, so both backends apply the same update and round its scalars the same way.
/// </summary>
internal interface IDeviceUpdateKernels
{
    /// <summary>Adam with PyTorch's constants; <paramref name="stepSize"/> = lr / (1 - beta1^t), <paramref name="root2"/> = sqrt(1 - beta2^t).</summary>
    void AdamStep(float stepSize, float root2);

    /// <summary>char-rnn's RMSProp (decay 0.95, eps 1e-8).</summary>
    void RmsPropStep(float learningRate);
}
