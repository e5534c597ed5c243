using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnnLsp.Core.Backends.Cuda.Native;

/// <summary>cuDNN 9's RNN API and the descriptors it takes (logical name "cudnn", libcudnn.so.9, the shim
/// that forwards to libcudnn_adv/ops/graph). Every function returns a cudnnStatus_t; 0 is success.
/// Enum values are those of the cuDNN 9 headers.</summary>
internal static unsafe partial class CudnnNative
{
    private const string Library = "cudnn";
    public const int DataFloat = 0;
    public const int DefaultMath = 0, FmaMath = 3;
    public const int AlgoStandard = 0;
    public const int ModeRnnTanh = 1, ModeLstm = 2, ModeGru = 3;
    public const int DoubleBias = 2, Unidirectional = 0, LinearInput = 0;
    public const int SeqMajorPacked = 1;
    public const int ForwardInference = 0, ForwardTraining = 1;
    public const int WgradAdd = 0;
    public const uint PaddedIoDisabled = 0;

    [LibraryImport(Library, EntryPoint = "cudnnGetVersion")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nuint GetVersion();
    /// <summary>The CUDA runtime version cuDNN was built with (13000 for 13.0).</summary>
    [LibraryImport(Library, EntryPoint = "cudnnGetCudartVersion")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nuint GetCudartVersion();
    [LibraryImport(Library, EntryPoint = "cudnnGetErrorString")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* GetErrorString(int status);
    [LibraryImport(Library, EntryPoint = "cudnnCreate")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Create(nint* handle);
    [LibraryImport(Library, EntryPoint = "cudnnDestroy")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Destroy(nint handle);
    [LibraryImport(Library, EntryPoint = "cudnnSetStream")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetStream(nint handle, nint stream);

    [LibraryImport(Library, EntryPoint = "cudnnCreateTensorDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CreateTensorDescriptor(nint* descriptor);
    [LibraryImport(Library, EntryPoint = "cudnnSetTensorNdDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetTensorNdDescriptor(nint descriptor, int dataType, int dimensions, int* sizes, int* strides);
    [LibraryImport(Library, EntryPoint = "cudnnGetTensorNdDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetTensorNdDescriptor(nint descriptor, int requested, int* dataType, int* dimensions, int* sizes, int* strides);
    [LibraryImport(Library, EntryPoint = "cudnnDestroyTensorDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DestroyTensorDescriptor(nint descriptor);

    [LibraryImport(Library, EntryPoint = "cudnnCreateDropoutDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CreateDropoutDescriptor(nint* descriptor);
    [LibraryImport(Library, EntryPoint = "cudnnDropoutGetStatesSize")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DropoutGetStatesSize(nint handle, nuint* bytes);
    [LibraryImport(Library, EntryPoint = "cudnnSetDropoutDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetDropoutDescriptor(nint descriptor, nint handle, float dropout, ulong states, nuint stateBytes, ulong seed);
    [LibraryImport(Library, EntryPoint = "cudnnDestroyDropoutDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DestroyDropoutDescriptor(nint descriptor);

    [LibraryImport(Library, EntryPoint = "cudnnCreateRNNDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CreateRnnDescriptor(nint* descriptor);
    [LibraryImport(Library, EntryPoint = "cudnnSetRNNDescriptor_v8")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetRnnDescriptor(nint descriptor, int algorithm, int cellMode, int biasMode, int direction, int inputMode,
        int dataType, int mathPrecision, int mathType, int inputSize, int hiddenSize, int projectionSize, int layers,
        nint dropoutDescriptor, uint auxFlags);
    [LibraryImport(Library, EntryPoint = "cudnnDestroyRNNDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DestroyRnnDescriptor(nint descriptor);

    [LibraryImport(Library, EntryPoint = "cudnnCreateRNNDataDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CreateRnnDataDescriptor(nint* descriptor);
    [LibraryImport(Library, EntryPoint = "cudnnSetRNNDataDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetRnnDataDescriptor(nint descriptor, int dataType, int layout, int maxSequenceLength, int batchSize,
        int vectorSize, int* sequenceLengths, void* paddingFill);
    [LibraryImport(Library, EntryPoint = "cudnnDestroyRNNDataDescriptor")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DestroyRnnDataDescriptor(nint descriptor);

    [LibraryImport(Library, EntryPoint = "cudnnGetRNNWeightSpaceSize")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetRnnWeightSpaceSize(nint handle, nint rnn, nuint* bytes);
    [LibraryImport(Library, EntryPoint = "cudnnGetRNNTempSpaceSizes")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetRnnTempSpaceSizes(nint handle, nint rnn, int forwardMode, nint xDescriptor, nuint* workBytes, nuint* reserveBytes);
    [LibraryImport(Library, EntryPoint = "cudnnGetRNNWeightParams")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetRnnWeightParams(nint handle, nint rnn, int pseudoLayer, nuint weightSpaceBytes, ulong weightSpace,
        int linLayerId, nint matrixDescriptor, ulong* matrixAddress, nint biasDescriptor, ulong* biasAddress);

    [LibraryImport(Library, EntryPoint = "cudnnRNNForward")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int RnnForward(nint handle, nint rnn, int forwardMode, ulong deviceSequenceLengths,
        nint xDescriptor, ulong x, nint yDescriptor, ulong y, nint hDescriptor, ulong hx, ulong hy,
        nint cDescriptor, ulong cx, ulong cy, nuint weightSpaceBytes, ulong weightSpace,
        nuint workSpaceBytes, ulong workSpace, nuint reserveSpaceBytes, ulong reserveSpace);
    [LibraryImport(Library, EntryPoint = "cudnnRNNBackwardData_v8")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int RnnBackwardData(nint handle, nint rnn, ulong deviceSequenceLengths,
        nint yDescriptor, ulong y, ulong dy, nint xDescriptor, ulong dx,
        nint hDescriptor, ulong hx, ulong dhy, ulong dhx, nint cDescriptor, ulong cx, ulong dcy, ulong dcx,
        nuint weightSpaceBytes, ulong weightSpace, nuint workSpaceBytes, ulong workSpace, nuint reserveSpaceBytes, ulong reserveSpace);
    [LibraryImport(Library, EntryPoint = "cudnnRNNBackwardWeights_v8")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int RnnBackwardWeights(nint handle, nint rnn, int gradientMode, ulong deviceSequenceLengths,
        nint xDescriptor, ulong x, nint hDescriptor, ulong hx, nint yDescriptor, ulong y,
        nuint weightSpaceBytes, ulong dweightSpace, nuint workSpaceBytes, ulong workSpace, nuint reserveSpaceBytes, ulong reserveSpace);

    public static void Check(int status, string call)
    {
        if (status != 0) throw new CudaException($"{call} failed: {Marshal.PtrToStringUTF8((nint)GetErrorString(status))} (cuDNN status {status})");
    }
}
