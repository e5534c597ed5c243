using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CharRnnLsp.Core.Inference;

/// <summary>Turns 16 (or 8) stored weights into fp32 lanes; the GEMV is generic over it so the JIT emits one
/// specialised loop per precision. Load512 is only called when Avx512F is supported.</summary>
internal unsafe interface IWeightLoad
{
    static abstract int ElementSize { get; }
    static abstract Vector512<float> Load512(byte* p);
    static abstract Vector256<float> Load256(byte* p);
}

internal readonly unsafe struct Fp32Load : IWeightLoad
{
    public static int ElementSize => 4;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load512(byte* p) => Vector512.Load((float*)p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load256(byte* p) => Vector256.Load((float*)p);
}

/// <summary>bf16 is the top half of an fp32: zero-extend to 32 bits and shift left by 16 (exact).</summary>
internal readonly unsafe struct Bf16Load : IWeightLoad
{
    public static int ElementSize => 2;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(byte* p) => Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512UInt32(Vector256.Load((ushort*)p)), 16).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(byte* p) => Vector256.ShiftLeft(Vector256.WidenLower(Vector128.Load((ushort*)p).ToVector256Unsafe()), 16).AsSingle();
}

/// <summary>int8 codes sign-extended and converted; the column's scale is applied once, after the sum over K.</summary>
internal readonly unsafe struct Int8Load : IWeightLoad
{
    public static int ElementSize => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load512(byte* p) => Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)p)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load256(byte* p)
    {
        var shorts = Vector128.WidenLower(Vector128.CreateScalarUnsafe(*(long*)p).AsSByte()); // 8 codes -> 8 shorts
        return Vector256.ConvertToSingle(Vector256.WidenLower(shorts.ToVector256Unsafe()));
    }
}
