namespace CharRnnLsp.Core.Backends.Cuda.Native;

/// <summary>A CUDA library is missing or a CUDA call failed; the message is one line for the user.</summary>
public sealed class CudaException(string message) : Exception(message);
