using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Backends.OneDnn.Native;

/// <summary>
/// oneDNN 2.x's dnnl_memory_desc_t, which the C API passes by pointer but callers own by value (it is a plain
/// struct in 2.x, an opaque handle only from 3.0). Mirrored field for field from oneapi/dnnl/dnnl_types.h of
/// libdnnl-dev 2.6; offsets and the 696-byte size were checked with offsetof/sizeof against that header, and a
/// test checks what dnnl_memory_desc_init_by_tag writes into it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 696)]
internal unsafe struct DnnlMemoryDesc
{
    public const int MaxDims = 12; // DNNL_MAX_NDIMS

    [FieldOffset(0)] public int NDims;
    [FieldOffset(8)] public fixed long Dims[MaxDims];
    [FieldOffset(104)] public int DataType;                  // dnnl_data_type_t
    [FieldOffset(112)] public fixed long PaddedDims[MaxDims];
    [FieldOffset(208)] public fixed long PaddedOffsets[MaxDims];
    [FieldOffset(304)] public long Offset0;
    [FieldOffset(312)] public int FormatKind;                // dnnl_format_kind_t
    // union format_desc (296 bytes): the blocking_desc member, the one plain f32 tensors use.
    [FieldOffset(320)] public fixed long Strides[MaxDims];
    [FieldOffset(416)] public int InnerBlockCount;
    [FieldOffset(424)] public fixed long InnerBlocks[MaxDims];
    [FieldOffset(520)] public fixed long InnerIndices[MaxDims];
    // dnnl_memory_extra_desc_t extra (80 bytes)
    [FieldOffset(616)] public ulong ExtraFlags;
    [FieldOffset(624)] public int CompensationMask;
    [FieldOffset(628)] public float ScaleAdjust;
    [FieldOffset(632)] public int AsymmetricCompensationMask;
    [FieldOffset(636)] public fixed byte Reserved[60];
}
