using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CharRnnLsp.Core.Common;

namespace CharRnnLsp.Core.Distributed;

/// <summary>
/// The few Open MPI calls data-parallel training needs, from libmpi.so.40 (Debian's libopenmpi3), logical
/// name "mpi". Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, ...) are the addresses of exported
/// structs (ompi_mpi_comm_world, ...), so they are looked up in the loaded library, never written down here.
/// MPI.NET 1.4 from NuGet is not used: it binds Microsoft MPI (msmpi.dll, integer handles) and fails to start
/// under Open MPI on Linux (docs/distributed.md).
/// </summary>
internal static unsafe partial class MpiNative
{
    private const string Library = "mpi";
    private static readonly string[] FileNames = ["libmpi.so.40", "libmpi.so"];

    [LibraryImport(Library, EntryPoint = "MPI_Init")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Init(nint argc, nint argv);
    [LibraryImport(Library, EntryPoint = "MPI_Finalize")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int FinalizeMpi();
    [LibraryImport(Library, EntryPoint = "MPI_Comm_rank")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CommRank(nint comm, int* rank);
    [LibraryImport(Library, EntryPoint = "MPI_Comm_size")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int CommSize(nint comm, int* size);
    [LibraryImport(Library, EntryPoint = "MPI_Allreduce")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int AllReduce(void* send, void* receive, int count, nint datatype, nint op, nint comm);
    [LibraryImport(Library, EntryPoint = "MPI_Bcast")] [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Broadcast(void* buffer, int count, nint datatype, int root, nint comm);

    /// <summary>The predefined handles, resolved once the library is loaded.</summary>
    public sealed record Handles(nint CommWorld, nint Float, nint Double, nint Byte, nint Sum);

    /// <summary>Loads libmpi and resolves the handles; a one-line MpiException when Open MPI is not there.</summary>
    public static Handles Load()
    {
        nint library = 0;
        foreach (var name in FileNames)
            if (NativeLibrary.TryLoad(name, out library)) break;
        if (library == 0)
            throw new MpiException("launched by an MPI launcher but Open MPI's libmpi.so.40 was not found (apt-get install libopenmpi3)");
        NativeLibraries.Register(Library, library);
        nint Export(string symbol) => NativeLibrary.TryGetExport(library, symbol, out var address) ? address
            : throw new MpiException($"libmpi has no '{symbol}': only Open MPI is supported (its handles are exported symbols)");
        return new Handles(Export("ompi_mpi_comm_world"), Export("ompi_mpi_float"), Export("ompi_mpi_double"),
            Export("ompi_mpi_byte"), Export("ompi_mpi_op_sum"));
    }

    public static void Check(int status, string call)
    {
        if (status != 0) throw new MpiException($"{call} failed: MPI error {status}");
    }
}

/// <summary>An MPI call failed or MPI is missing; the message is one line.</summary>
public sealed class MpiException(string message) : Exception(message);
