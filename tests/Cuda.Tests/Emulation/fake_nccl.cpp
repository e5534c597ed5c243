// A test double of NCCL (libnccl.so.2) on the CPU, beside fake_cuda.cpp, whose device memory is host memory.
// The ranks of a communicator are separate processes (mpirun's), so a sum goes through files: in round k every
// rank writes its values to <dir>/<k>.<rank>, waits for the other ranks' files and adds them all up in rank
// order, which gives every rank the same bits. <dir> is named by the unique id, so ranks meet only if the id
// reached them all. Only the calls NcclNative.cs makes exist. Built by build-fake-cuda.sh.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {
constexpr int success = 0, system_error = 2, invalid_argument = 4;
constexpr int float32 = 7, float64 = 8, sum = 0;

struct communicator
{
    std::string dir;
    int ranks, rank;
    long long round = 0;
};

std::string file_of(const communicator& c, long long round, int rank)
{
    return c.dir + "/" + std::to_string(round) + "." + std::to_string(rank);
}

// Publishes this rank's bytes for the current round and returns every rank's, in rank order.
bool exchange(communicator& c, const void* bytes, size_t size, std::vector<std::string>& all)
{
    std::string mine = file_of(c, c.round, c.rank);
    {
        std::ofstream out(mine + ".partial", std::ios::binary);
        out.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
        if (!out) return false;
    }
    if (std::rename((mine + ".partial").c_str(), mine.c_str()) != 0) return false; // whole files only
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    all.assign(c.ranks, {});
    for (int r = 0; r < c.ranks; r++)
    {
        std::string path = file_of(c, c.round, r);
        while (access(path.c_str(), F_OK) != 0)
        {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        std::ifstream in(path, std::ios::binary);
        all[r].assign(std::istreambuf_iterator<char>(in), {});
        if (all[r].size() != size) return false;
    }
    // Every rank has written this round, so each has read the previous one: its file can go.
    if (c.round > 0) std::remove(file_of(c, c.round - 1, c.rank).c_str());
    c.round++;
    return true;
}

template <typename T>
void add_up(const std::vector<std::string>& all, size_t count, void* receive)
{
    std::vector<T> total(count, T(0));
    for (const auto& values : all)
        for (size_t i = 0; i < count; i++) total[i] += reinterpret_cast<const T*>(values.data())[i];
    std::memcpy(receive, total.data(), count * sizeof(T));
}
}

extern "C" {
struct ncclUniqueId { char internal[128]; };

int ncclGetUniqueId(ncclUniqueId* id)
{
    static int made = 0;
    long long now = std::chrono::steady_clock::now().time_since_epoch().count();
    std::memset(id->internal, 0, sizeof id->internal);
    std::snprintf(id->internal, sizeof id->internal, "fake-nccl-%d-%lld-%d", static_cast<int>(getpid()), now, made++);
    return success;
}

int ncclCommInitRank(communicator** comm, int ranks, ncclUniqueId id, int rank)
{
    if (ranks < 1 || rank < 0 || rank >= ranks || std::strncmp(id.internal, "fake-nccl-", 10) != 0) return invalid_argument;
    const char* tmp = std::getenv("TMPDIR");
    std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + std::string(id.internal, strnlen(id.internal, sizeof id.internal));
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return system_error;
    auto* c = new communicator{dir, ranks, rank};
    std::vector<std::string> all;
    if (!exchange(*c, "", 0, all)) { delete c; return system_error; } // every rank arrived with the same id
    *comm = c;
    return success;
}

int ncclAllReduce(const void* send, void* receive, size_t count, int type, int op, communicator* comm, void* /*stream*/)
{
    if (op != sum || (type != float32 && type != float64)) return invalid_argument;
    size_t size = count * (type == float32 ? sizeof(float) : sizeof(double));
    std::vector<std::string> all;
    if (!exchange(*comm, send, size, all)) return system_error;
    if (type == float32) add_up<float>(all, count, receive);
    else add_up<double>(all, count, receive);
    return success;
}

int ncclCommDestroy(communicator* comm)
{
    std::vector<std::string> all;
    bool met = exchange(*comm, "", 0, all); // the last data round's files are read by all: exchange removed ours
    delete comm;
    return met ? success : system_error;
}

const char* ncclGetErrorString(int result)
{
    switch (result)
    {
        case success: return "no error";
        case system_error: return "system error (fake NCCL: a rank did not arrive within 120 s, or a file failed)";
        case invalid_argument: return "invalid argument";
        default: return "unknown result";
    }
}
}
