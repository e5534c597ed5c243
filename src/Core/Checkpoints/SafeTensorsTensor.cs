namespace CharRnnLsp.Core.Checkpoints;

/// <summary>One named float32 tensor of a .safetensors file; Data.Length is the product of Shape.</summary>
internal sealed record SafeTensorsTensor(string Name, int[] Shape, float[] Data);

/// <summary>Everything a .safetensors file holds: string metadata and F32 tensors by name.</summary>
internal sealed record SafeTensorsContent(
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, SafeTensorsTensor> Tensors);
