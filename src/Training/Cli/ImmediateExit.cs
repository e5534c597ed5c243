using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CharRnnLsp.Training.Cli;

/// <summary>Ends the process at once (libc's _exit): no finalizers, no atexit handlers, nothing that could wait
/// on a collective another rank will never join. Open MPI's launcher follows its SIGTERM with a SIGKILL.</summary>
internal static partial class ImmediateExit
{
    [LibraryImport("libc.so.6", EntryPoint = "_exit")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial void Exit(int code);

    public static void Now(int code) => Exit(code);
}
