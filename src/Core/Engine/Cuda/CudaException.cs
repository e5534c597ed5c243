namespace CharRnnLsp.Core.Engine.Cuda;

/// <summary>A CUDA library is missing or a CUDA call failed; the message is one line for the user.</summary>
public sealed class CudaException(string message) : Exception(message);
