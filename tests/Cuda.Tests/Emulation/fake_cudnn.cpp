// A test double of cuDNN 9's RNN API (libcudnn.so.9) on the CPU, for running the CUDA engine's C# code where
// there is no GPU: LSTM (gates i, f, g, o), GRU (r, z, n) and tanh RNN cells with double bias on packed
// time-major data, forward, backward data and backward weights, with only the calls CudnnNative.cs makes.
// Its weight space is deliberately NOT laid out as PyTorch's (per layer: the biases first, then the matrices
// in reverse order, then padding), so the engine's mapping through cudnnGetRNNWeightParams is what makes the
// results right. Dropout between layers (training mode only) draws its masks from a generator whose state lives
// in the dropout descriptor's states buffer, as cuDNN's does: setting the descriptor again restarts it from the
// seed, and each forward pass advances it. Built by build-fake-cuda.sh.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace
{
constexpr int Success = 0, BadParam = 2000, NotSupported = 3000;
constexpr int Slots = 4, Padding = 16;   // per hidden unit and row, the reserve keeps up to 4 gate values

struct Tensor { int count = 0; int sizes[8] = {}; };
struct Dropout { float p = 0; unsigned long long states = 0; };
enum Cell { Tanh = 1, Lstm = 2, Gru = 3 };
struct Rnn { int cell = Lstm, gates = 4, input = 0, hidden = 0, layers = 0; float dropout = 0; unsigned long long states = 0; };
struct RnnData { int steps = 0, batch = 0, width = 0; };

float* F(unsigned long long p) { return reinterpret_cast<float*>(p); }
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

int inputs_of(const Rnn& r, int layer) { return layer == 0 ? r.input : r.hidden; }

long layer_floats(const Rnn& r, int layer)
{
    long h = r.hidden;
    return 2L * r.gates * h + r.gates * h * inputs_of(r, layer) + r.gates * h * h + Padding;
}

long layer_start(const Rnn& r, int layer)
{
    long start = 0;
    for (int l = 0; l < layer; l++) start += layer_floats(r, l);
    return start;
}

long bias_offset(const Rnn& r, int layer, int id) { return layer_start(r, layer) + (long)id * r.hidden; }

// Matrices after the biases, id 2G-1 first: recurrent ones are [H, H], input ones [H, inputs].
long matrix_offset(const Rnn& r, int layer, int id)
{
    long offset = layer_start(r, layer) + 2L * r.gates * r.hidden, h = r.hidden;
    for (int other = 2 * r.gates - 1; other > id; other--) offset += h * (other >= r.gates ? h : inputs_of(r, layer));
    return offset;
}

// Reserve space, per layer and row (t, b): h out [H], c [H] (LSTM), gate values [4H] (LSTM: i, f, g, o; GRU: r, z,
// n and the recurrent part of n before r scales it; tanh: h), gradients of the input-side and of the recurrent
// pre-activations [4H] each (equal except for GRU's n), the gradient reaching the layer's output from above [H],
// and for layers above the first, the dropout mask on the input from below [H] and that input after it [H].
struct Reserve
{
    float* base; long step_rows; int hidden;
    long per_layer() const { return step_rows * hidden * (1 + 1 + 3 * Slots + 1 + 2); }
    float* h(int l) const { return base + l * per_layer(); }
    float* c(int l) const { return h(l) + step_rows * hidden; }
    float* gates(int l) const { return c(l) + step_rows * hidden; }
    float* dinput(int l) const { return gates(l) + step_rows * hidden * Slots; }
    float* drecurrent(int l) const { return dinput(l) + step_rows * hidden * Slots; }
    float* dout(int l) const { return drecurrent(l) + step_rows * hidden * Slots; }
    float* mask(int l) const { return dout(l) + step_rows * hidden; }
    float* dropped(int l) const { return mask(l) + step_rows * hidden; }
};

// The generator's state is the first 8 bytes of the states buffer; SplitMix64.
unsigned long long& generator(unsigned long long states) { return *reinterpret_cast<unsigned long long*>(states); }
double next_uniform(unsigned long long& state)
{
    unsigned long long z = state += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

long reserve_bytes(const Rnn& r, const RnnData& x) { return Reserve{nullptr, (long)x.steps * x.batch, r.hidden}.per_layer() * r.layers * 4; }
}

extern "C" {
size_t cudnnGetVersion() { return 90000; }
size_t cudnnGetCudartVersion() { return 13000; } // as fake_cuda.cpp's driver
const char* cudnnGetErrorString(int status) { return status == 0 ? "CUDNN_STATUS_SUCCESS" : "reported by the CPU test double of cuDNN"; }
int cudnnCreate(void** handle) { static int the_handle; *handle = &the_handle; return Success; }
int cudnnDestroy(void*) { return Success; }
int cudnnSetStream(void*, void*) { return Success; }

int cudnnCreateTensorDescriptor(Tensor** d) { *d = new Tensor(); return Success; }
int cudnnDestroyTensorDescriptor(Tensor* d) { delete d; return Success; }
int cudnnSetTensorNdDescriptor(Tensor* d, int type, int count, const int* sizes, const int* strides)
{
    if (type != 0 || count < 3 || count > 8) return BadParam;
    for (int i = count - 1, stride = 1; i >= 0; stride *= sizes[i], i--) if (strides[i] != stride) return NotSupported;
    d->count = count;
    std::memcpy(d->sizes, sizes, count * sizeof(int));
    return Success;
}
int cudnnGetTensorNdDescriptor(const Tensor* d, int requested, int* type, int* count, int* sizes, int* strides)
{
    *type = 0;
    *count = d->count;
    for (int i = d->count - 1, stride = 1; i >= 0; stride *= d->sizes[i], i--)
        if (i < requested) { sizes[i] = d->sizes[i]; strides[i] = stride; }
    return Success;
}

int cudnnCreateDropoutDescriptor(Dropout** d) { *d = new Dropout(); return Success; }
int cudnnDestroyDropoutDescriptor(Dropout* d) { delete d; return Success; }
int cudnnDropoutGetStatesSize(void*, size_t* bytes) { *bytes = 1024; return Success; }
int cudnnSetDropoutDescriptor(Dropout* d, void*, float p, unsigned long long states, size_t bytes, unsigned long long seed)
{
    if (p < 0 || p >= 1 || (p > 0 && (!states || bytes < 8))) return BadParam;
    *d = Dropout{p, states};
    if (states) generator(states) = seed;
    return Success;
}

int cudnnCreateRNNDescriptor(Rnn** d) { *d = new Rnn(); return Success; }
int cudnnDestroyRNNDescriptor(Rnn* d) { delete d; return Success; }
int cudnnSetRNNDescriptor_v8(Rnn* d, int algo, int mode, int bias, int direction, int input_mode, int type, int precision,
                             int, int input, int hidden, int projection, int layers, Dropout* dropout, unsigned aux)
{
    if (algo != 0 || bias != 2 || direction != 0 || input_mode != 0 || type != 0 || precision != 0 || aux != 0) return BadParam;
    if (mode < Tanh || mode > Gru || projection != hidden || !dropout) return NotSupported;
    *d = Rnn{mode, mode == Lstm ? 4 : mode == Gru ? 3 : 1, input, hidden, layers, dropout->p, dropout->states};
    return Success;
}

int cudnnCreateRNNDataDescriptor(RnnData** d) { *d = new RnnData(); return Success; }
int cudnnDestroyRNNDataDescriptor(RnnData* d) { delete d; return Success; }
int cudnnSetRNNDataDescriptor(RnnData* d, int type, int layout, int steps, int batch, int width, const int* lengths, void*)
{
    if (type != 0 || layout != 1) return NotSupported;   // float, sequence-major packed
    for (int b = 0; b < batch; b++) if (lengths[b] != steps) return NotSupported;
    *d = RnnData{steps, batch, width};
    return Success;
}

int cudnnGetRNNWeightSpaceSize(void*, const Rnn* r, size_t* bytes) { *bytes = layer_start(*r, r->layers) * 4; return Success; }
int cudnnGetRNNTempSpaceSizes(void*, const Rnn* r, int mode, const RnnData* x, size_t* work, size_t* reserve)
{
    *work = 256;
    if (reserve) *reserve = mode == 1 ? reserve_bytes(*r, *x) : 0;
    return Success;
}
int cudnnGetRNNWeightParams(void*, const Rnn* r, int layer, size_t, unsigned long long weights, int id,
                            Tensor* matrix, unsigned long long* matrix_address, Tensor* bias, unsigned long long* bias_address)
{
    if (layer < 0 || layer >= r->layers || id < 0 || id >= 2 * r->gates) return BadParam;
    *matrix_address = weights + matrix_offset(*r, layer, id) * 4;
    *matrix = Tensor{3, {1, r->hidden, id >= r->gates ? r->hidden : inputs_of(*r, layer)}};
    *bias_address = weights + bias_offset(*r, layer, id) * 4;
    *bias = Tensor{3, {1, r->hidden, 1}};
    return Success;
}

// Layer l's input (x for layer 0, the layer below's output after dropout otherwise) and its state before step t.
static const float* layer_input(const Reserve& keep, int l, unsigned long long x) { return l == 0 ? F(x) : keep.dropped(l); }
static const float* previous(const float* sequence, unsigned long long initial, int l, int t, int B, int H, const std::vector<float>& zeros)
{
    if (t > 0) return sequence + ((long)(t - 1) * B) * H;
    return initial ? F(initial) + (long)l * B * H : zeros.data();
}

int cudnnRNNForward(void*, const Rnn* r, int mode, const int*, const RnnData* xd, unsigned long long x, const RnnData*, unsigned long long y,
                    const Tensor*, unsigned long long hx, unsigned long long hy, const Tensor*, unsigned long long cx, unsigned long long cy,
                    size_t, unsigned long long w, size_t, unsigned long long, size_t reserve_size, unsigned long long reserve)
{
    const int T = xd->steps, B = xd->batch, H = r->hidden, G = r->gates;
    std::vector<float> scratch, zeros((long)B * H, 0.0f);
    if (mode == 1 && reserve_size < (size_t)reserve_bytes(*r, *xd)) return BadParam;
    if (mode == 0) scratch.resize(reserve_bytes(*r, *xd) / 4);
    Reserve keep{mode == 1 ? F(reserve) : scratch.data(), (long)T * B, H};
    std::vector<double> xi((long)G * H), hh((long)G * H);   // input-side and recurrent pre-activations, biases included
    for (int l = 0; l < r->layers; l++)
    {
        const int in = inputs_of(*r, l);
        if (l > 0)
            for (long i = 0; i < (long)T * B * H; i++)
            {
                bool dropped = mode == 1 && r->dropout > 0 && next_uniform(generator(r->states)) < r->dropout;
                keep.mask(l)[i] = dropped ? 0.0f : mode == 1 ? 1.0f / (1.0f - r->dropout) : 1.0f;
                keep.dropped(l)[i] = keep.h(l - 1)[i] * keep.mask(l)[i];
            }
        const float* input = layer_input(keep, l, x);
        for (int t = 0; t < T; t++)
        {
            const float* h = previous(keep.h(l), hx, l, t, B, H, zeros);
            const float* c = previous(keep.c(l), cx, l, t, B, H, zeros);
            for (int b = 0; b < B; b++)
            {
                long row = (long)t * B + b;
                for (int q = 0; q < G; q++)
                    for (int j = 0; j < H; j++)
                    {
                        double zi = F(w)[bias_offset(*r, l, q) + j], zh = F(w)[bias_offset(*r, l, q + G) + j];
                        const float* wi = F(w) + matrix_offset(*r, l, q) + (long)j * in;
                        const float* wh = F(w) + matrix_offset(*r, l, q + G) + (long)j * H;
                        for (int k = 0; k < in; k++) zi += (double)wi[k] * input[row * in + k];
                        for (int k = 0; k < H; k++) zh += (double)wh[k] * h[b * H + k];
                        xi[q * H + j] = zi;
                        hh[q * H + j] = zh;
                    }
                float* gates = keep.gates(l) + row * Slots * H;
                for (int j = 0; j < H; j++)
                {
                    float out;
                    if (r->cell == Lstm)
                    {
                        float i = (float)sigmoid(xi[j] + hh[j]), f = (float)sigmoid(xi[H + j] + hh[H + j]);
                        float g = (float)std::tanh(xi[2 * H + j] + hh[2 * H + j]), o = (float)sigmoid(xi[3 * H + j] + hh[3 * H + j]);
                        float cn = f * c[b * H + j] + i * g;
                        gates[j] = i; gates[H + j] = f; gates[2 * H + j] = g; gates[3 * H + j] = o;
                        keep.c(l)[row * H + j] = cn;
                        out = o * std::tanh(cn);
                    }
                    else if (r->cell == Gru)
                    {
                        float rr = (float)sigmoid(xi[j] + hh[j]), z = (float)sigmoid(xi[H + j] + hh[H + j]);
                        float n = (float)std::tanh(xi[2 * H + j] + rr * hh[2 * H + j]);
                        gates[j] = rr; gates[H + j] = z; gates[2 * H + j] = n; gates[3 * H + j] = (float)hh[2 * H + j];
                        out = (1 - z) * n + z * h[b * H + j];
                    }
                    else out = gates[j] = (float)std::tanh(xi[j] + hh[j]);
                    keep.h(l)[row * H + j] = out;
                }
            }
        }
        if (hy) std::memcpy(F(hy) + (long)l * B * H, keep.h(l) + (long)(T - 1) * B * H, (long)B * H * 4);
        if (cy && r->cell == Lstm) std::memcpy(F(cy) + (long)l * B * H, keep.c(l) + (long)(T - 1) * B * H, (long)B * H * 4);
    }
    std::memcpy(F(y), keep.h(r->layers - 1), (long)T * B * H * 4);
    return Success;
}

// Back through time and down the layers; no gradient arrives through hy, cy (dhy, dcy are null here).
int cudnnRNNBackwardData_v8(void*, const Rnn* r, const int*, const RnnData* yd, unsigned long long, unsigned long long dy,
                            const RnnData*, unsigned long long dx, const Tensor*, unsigned long long hx, unsigned long long dhy, unsigned long long dhx,
                            const Tensor*, unsigned long long cx, unsigned long long dcy, unsigned long long dcx,
                            size_t, unsigned long long w, size_t, unsigned long long, size_t, unsigned long long reserve)
{
    if (dhy || dcy || dhx || dcx) return NotSupported;
    const int T = yd->steps, B = yd->batch, H = r->hidden, G = r->gates;
    Reserve keep{F(reserve), (long)T * B, H};
    std::vector<float> zeros((long)B * H, 0.0f);
    std::memcpy(keep.dout(r->layers - 1), F(dy), (long)T * B * H * 4);
    for (int l = r->layers - 1; l >= 0; l--)
    {
        const int in = inputs_of(*r, l);
        float* below = l == 0 ? F(dx) : keep.dout(l - 1);
        std::vector<double> dh_next((long)B * H, 0.0), dc_next((long)B * H, 0.0);
        for (int t = T - 1; t >= 0; t--)
        {
            const float* h_prev = previous(keep.h(l), hx, l, t, B, H, zeros);
            const float* c_prev = previous(keep.c(l), cx, l, t, B, H, zeros);
            for (int b = 0; b < B; b++)
            {
                long row = (long)t * B + b;
                const float* gates = keep.gates(l) + row * Slots * H;
                float* di = keep.dinput(l) + row * Slots * H;
                float* dr = keep.drecurrent(l) + row * Slots * H;
                std::vector<double> carry((long)H, 0.0);   // the part of dh_prev that skips the recurrent matrices (GRU's z h)
                for (int j = 0; j < H; j++)
                {
                    double dh = keep.dout(l)[row * H + j] + dh_next[b * H + j];
                    if (r->cell == Lstm)
                    {
                        double i = gates[j], f = gates[H + j], g = gates[2 * H + j], o = gates[3 * H + j];
                        double tc = std::tanh(keep.c(l)[row * H + j]);
                        double dc = dc_next[b * H + j] + dh * o * (1 - tc * tc);
                        di[j] = (float)(dc * g * i * (1 - i));
                        di[H + j] = (float)(dc * c_prev[b * H + j] * f * (1 - f));
                        di[2 * H + j] = (float)(dc * i * (1 - g * g));
                        di[3 * H + j] = (float)(dh * tc * o * (1 - o));
                        dc_next[b * H + j] = dc * f;
                        for (int q = 0; q < 4; q++) dr[q * H + j] = di[q * H + j];
                    }
                    else if (r->cell == Gru)
                    {
                        double rr = gates[j], z = gates[H + j], n = gates[2 * H + j], hn = gates[3 * H + j];
                        double dn = dh * (1 - z) * (1 - n * n);
                        double dz = dh * (h_prev[b * H + j] - n) * z * (1 - z);
                        double drr = dn * hn * rr * (1 - rr);
                        di[j] = dr[j] = (float)drr;
                        di[H + j] = dr[H + j] = (float)dz;
                        di[2 * H + j] = (float)dn;
                        dr[2 * H + j] = (float)(dn * rr);
                        carry[j] = dh * z;
                    }
                    else
                    {
                        double out = keep.h(l)[row * H + j];
                        di[j] = dr[j] = (float)(dh * (1 - out * out));
                    }
                }
                for (int k = 0; k < H; k++)
                {
                    double sum = carry[k];
                    for (int q = 0; q < G; q++)
                        for (int j = 0; j < H; j++) sum += (double)dr[q * H + j] * F(w)[matrix_offset(*r, l, q + G) + (long)j * H + k];
                    dh_next[b * H + k] = sum;
                }
                for (int k = 0; k < in; k++)
                {
                    double sum = 0;
                    for (int q = 0; q < G; q++)
                        for (int j = 0; j < H; j++) sum += (double)di[q * H + j] * F(w)[matrix_offset(*r, l, q) + (long)j * in + k];
                    below[row * in + k] = l == 0 ? (float)sum : (float)sum * keep.mask(l)[row * in + k];
                }
            }
        }
    }
    return Success;
}

// Adds each layer's weight gradients from the pre-activation gradients BackwardData left in the reserve.
int cudnnRNNBackwardWeights_v8(void*, const Rnn* r, int add, const int*, const RnnData* xd, unsigned long long x,
                               const Tensor*, unsigned long long hx, const RnnData*, unsigned long long,
                               size_t, unsigned long long dw, size_t, unsigned long long, size_t, unsigned long long reserve)
{
    if (add != 0) return NotSupported;
    const int T = xd->steps, B = xd->batch, H = r->hidden, G = r->gates;
    Reserve keep{F(reserve), (long)T * B, H};
    std::vector<float> zeros((long)B * H, 0.0f);
    for (int l = 0; l < r->layers; l++)
    {
        const int in = inputs_of(*r, l);
        const float* input = layer_input(keep, l, x);
        for (int t = 0; t < T; t++)
        {
            const float* h_prev = previous(keep.h(l), hx, l, t, B, H, zeros);
            for (int b = 0; b < B; b++)
            {
                long row = (long)t * B + b;
                const float* di = keep.dinput(l) + row * Slots * H;
                const float* dr = keep.drecurrent(l) + row * Slots * H;
                for (int q = 0; q < G; q++)
                    for (int j = 0; j < H; j++)
                    {
                        F(dw)[bias_offset(*r, l, q) + j] += di[q * H + j];
                        F(dw)[bias_offset(*r, l, q + G) + j] += dr[q * H + j];
                        float* wi = F(dw) + matrix_offset(*r, l, q) + (long)j * in;
                        float* wh = F(dw) + matrix_offset(*r, l, q + G) + (long)j * H;
                        for (int k = 0; k < in; k++) wi[k] += di[q * H + j] * input[row * in + k];
                        for (int k = 0; k < H; k++) wh[k] += dr[q * H + j] * h_prev[b * H + k];
                    }
            }
        }
    }
    return Success;
}
}
