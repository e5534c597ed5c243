using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CharRnnLsp.Core.Inference;

/// <summary>Turns stored weights into fp32 lanes: those of 16 (or 8) columns for an even k and for the odd k after it,
/// from a pointer at <see cref="ColumnOffset"/> into a tile's block of two k rows. The GEMV is generic over it so the
/// JIT emits one specialised loop per precision. The 512-bit loads are only called when Avx512F is supported.</summary>
internal unsafe interface IWeightLoad
{
    static abstract int ElementSize { get; }
    /// <summary>Byte offset of a column's even-k weight within a block of two k rows.</summary>
    static abstract int ColumnOffset(int column);
    static abstract Vector512<float> Even512(byte* p);
    static abstract Vector512<float> Odd512(byte* p);
    static abstract Vector256<float> Even256(byte* p);
    static abstract Vector256<float> Odd256(byte* p);
}

/// <summary>fp32 and int8 store a block of two k rows as two rows of 64 columns.</summary>
internal readonly unsafe struct Fp32Load : IWeightLoad
{
    public static int ElementSize => 4;
    public static int ColumnOffset(int column) => 4 * column;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Even512(byte* p) => Vector512.Load((float*)p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Odd512(byte* p) => Vector512.Load((float*)(p + 256));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Even256(byte* p) => Vector256.Load((float*)p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Odd256(byte* p) => Vector256.Load((float*)(p + 256));
}

/// <summary>int8 codes sign-extended and converted; the column's scale is applied once, after the sum over K.</summary>
internal readonly unsafe struct Int8Load : IWeightLoad
{
    public static int ElementSize => 1;
    public static int ColumnOffset(int column) => column;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Even512(byte* p) => Widen512(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Odd512(byte* p) => Widen512(p + 64);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Even256(byte* p) => Widen256(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Odd256(byte* p) => Widen256(p + 64);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen512(byte* p) => Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)p)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen256(byte* p)
    {
        var shorts = Vector128.WidenLower(Vector128.CreateScalarUnsafe(*(long*)p).AsSByte()); // 8 codes -> 8 shorts
        return Vector256.ConvertToSingle(Vector256.WidenLower(shorts.ToVector256Unsafe()));
    }
}

/// <summary>bf16 is the top half of an fp32. A column's even-k and odd-k weights share one 32-bit word (even in the low
/// half), so one load gives both: shifted left by 16, and masked to the high half (exact, and no shuffles).</summary>
internal readonly unsafe struct Bf16Load : IWeightLoad
{
    public static int ElementSize => 2;
    public static int ColumnOffset(int column) => 4 * column;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Even512(byte* p) => Vector512.ShiftLeft(Vector512.Load((uint*)p), 16).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Odd512(byte* p) => (Vector512.Load((uint*)p) & Vector512.Create(0xFFFF0000u)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Even256(byte* p) => Vector256.ShiftLeft(Vector256.Load((uint*)p), 16).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Odd256(byte* p) => (Vector256.Load((uint*)p) & Vector256.Create(0xFFFF0000u)).AsSingle();
}
