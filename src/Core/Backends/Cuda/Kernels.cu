// The element-wise and reduction kernels of the CUDA backend, compiled at run time by NVRTC
// (KernelCompiler) for the device's architecture. The LSTM stack itself is cuDNN's and the matrix
// products are cuBLAS's; these are the small pieces around them. Every matrix is row-major.
// Launch shapes are chosen by CudaKernels.cs; each kernel says what it expects.

#define BLOCK 256

extern "C" {

// out[i, :] = table[idx[i], :]   idx [n], table [rows, width], out [n, width]. 1-D grid over n*width.
__global__ void gather_rows(const int* idx, const float* table, float* out, int n, int width)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= (long long)n * width) return;
    int row = (int)(i / width), col = (int)(i % width);
    out[i] = table[(long long)idx[row] * width + col];
}

// The embedding gradient table_grad[v, :] = sum of src[i, :] over the rows i with idx[i] == v, in two
// deterministic passes (no atomics, so the same batch always gives the same bits):
// partials[k, v, c] = that sum over rows [k * chunk, (k + 1) * chunk) only, in row order. 1-D grid over
// chunks * rows * width; idx [n], src [n, width], partials [chunks, rows, width].
__global__ void embedding_grad_partial(const int* idx, const float* src, float* partials, int n, int rows, int width, int chunk)
{
    long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    long long per_chunk = (long long)rows * width;
    int chunks = (n + chunk - 1) / chunk;
    if (t >= per_chunk * chunks) return;
    int k = (int)(t / per_chunk), v = (int)(t % per_chunk / width), c = (int)(t % width);
    int end = min(n, (k + 1) * chunk);
    float sum = 0.0f;
    for (int i = k * chunk; i < end; i++)
        if (idx[i] == v) sum += src[(long long)i * width + c];
    partials[t] = sum;
}

// out[j] = sum over k of partials[k, j], k in order. partials [chunks, count], out [count]. 1-D grid over count.
__global__ void sum_chunks(const float* partials, int chunks, long long count, float* out)
{
    long long j = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= count) return;
    float sum = 0.0f;
    for (int k = 0; k < chunks; k++) sum += partials[k * count + j];
    out[j] = sum;
}

// x[i, :] += bias   x [n, width], bias [width]. 1-D grid over n*width.
__global__ void add_row_bias(float* x, const float* bias, int n, int width)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= (long long)n * width) return;
    x[i] += bias[i % width];
}

// Block-wide sum of one value per thread; blockDim.x == BLOCK. Every thread gets the total.
__device__ double block_sum(double value)
{
    __shared__ double partial[BLOCK];
    partial[threadIdx.x] = value;
    __syncthreads();
    for (int stride = BLOCK / 2; stride > 0; stride >>= 1)
    {
        if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
        __syncthreads();
    }
    double total = partial[0];
    __syncthreads();
    return total;
}

__device__ float block_max(float value)
{
    __shared__ float partial[BLOCK];
    partial[threadIdx.x] = value;
    __syncthreads();
    for (int stride = BLOCK / 2; stride > 0; stride >>= 1)
    {
        if (threadIdx.x < stride) partial[threadIdx.x] = fmaxf(partial[threadIdx.x], partial[threadIdx.x + stride]);
        __syncthreads();
    }
    float total = partial[0];
    __syncthreads();
    return total;
}

// Softmax cross-entropy, one block of BLOCK threads per row.
// logits [n, v], targets [n] -> row_loss[i] = logsumexp(logits[i]) - logits[i, targets[i]] (nats);
// when dlogits is not null: dlogits[i, :] = (softmax(logits[i]) - onehot(targets[i])) * scale.
__global__ void softmax_cross_entropy(const float* logits, const int* targets, float* dlogits,
                                      float* row_loss, int n, int v, float scale)
{
    int row = blockIdx.x;
    if (row >= n) return;
    const float* z = logits + (long long)row * v;
    float local_max = -__int_as_float(0x7f800000); // -infinity
    for (int j = threadIdx.x; j < v; j += BLOCK) local_max = fmaxf(local_max, z[j]);
    float max_z = block_max(local_max);
    double local_sum = 0;
    for (int j = threadIdx.x; j < v; j += BLOCK) local_sum += expf(z[j] - max_z);
    float sum = (float)block_sum(local_sum);
    int target = targets[row];
    if (threadIdx.x == 0) row_loss[row] = logf(sum) + max_z - z[target];
    if (dlogits == 0) return;
    float* dz = dlogits + (long long)row * v;
    float inverse = 1.0f / sum;
    for (int j = threadIdx.x; j < v; j += BLOCK)
        dz[j] = (expf(z[j] - max_z) * inverse - (j == target ? 1.0f : 0.0f)) * scale;
}

// out[0] = sum of x[0..n) in double, one block of BLOCK threads: a fixed order, so the same input
// always gives the same bits.
__global__ void sum_to_scalar(const float* x, int n, double* out)
{
    double local = 0;
    for (int i = threadIdx.x; i < n; i += BLOCK) local += x[i];
    double total = block_sum(local);
    if (threadIdx.x == 0) out[0] = total;
}

// partials[block] = sum of squares of this block's grid-stride share of x [n]. Grid of `blocks` x BLOCK.
__global__ void sum_squares_partial(const float* x, long long n, double* partials)
{
    double local = 0;
    for (long long i = (long long)blockIdx.x * BLOCK + threadIdx.x; i < n; i += (long long)gridDim.x * BLOCK)
        local += (double)x[i] * x[i];
    double total = block_sum(local);
    if (threadIdx.x == 0) partials[blockIdx.x] = total;
}

// From the partial sums of squares: norm[0] = global L2 norm, scale[0] = the factor that clips it to
// max_norm (1 when max_norm <= 0 or the norm is within it), as GradientClipping does on the CPU.
// One block of BLOCK threads.
__global__ void clip_scale(const double* partials, int count, float max_norm, float* norm, float* scale)
{
    double local = 0;
    for (int i = threadIdx.x; i < count; i += BLOCK) local += partials[i];
    double total = block_sum(local);
    if (threadIdx.x != 0) return;
    double value = sqrt(total);
    norm[0] = (float)value;
    scale[0] = max_norm > 0 && value > max_norm ? (float)(max_norm / (value + 1e-6)) : 1.0f;
}

// Adam as in PyTorch, on gradients scaled by *grad_scale (the clipping factor).
// step_size = lr / (1 - beta1^t), root2 = sqrt(1 - beta2^t). All arrays [n].
__global__ void adam_step(float* p, const float* g, float* m, float* s, long long n,
                          float step_size, float root2, const float* grad_scale)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
    float grad = g[i] * grad_scale[0];
    float first = m[i] = beta1 * m[i] + (1.0f - beta1) * grad;
    float second = s[i] = beta2 * s[i] + (1.0f - beta2) * grad * grad;
    p[i] -= step_size * first / (sqrtf(second) / root2 + epsilon);
}

// RMSProp as char-rnn uses it (decay 0.95, eps 1e-8), on gradients scaled by *grad_scale. Arrays [n].
__global__ void rmsprop_step(float* p, const float* g, float* mean_square, long long n,
                             float learning_rate, const float* grad_scale)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const float decay = 0.95f, epsilon = 1e-8f;
    float grad = g[i] * grad_scale[0];
    float square = mean_square[i] = decay * mean_square[i] + (1.0f - decay) * grad * grad;
    p[i] -= learning_rate * grad / (sqrtf(square) + epsilon);
}

// A 64-bit mix (SplitMix64's finaliser) of (seed, index): counter-based, so a mask needs no state.
__device__ unsigned long long mix64(unsigned long long z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Inverted dropout of the top layer's output: mask[i] = 0 with probability p, else 1 / (1 - p);
// x[i] *= mask[i]. x, mask [n]. The mask is kept for the backward pass.
__global__ void dropout_forward(float* x, float* mask, long long n, float p, unsigned long long seed)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float u = (float)(mix64(seed + 0x9E3779B97F4A7C15ULL * (unsigned long long)(i + 1)) >> 40) * (1.0f / 16777216.0f);
    float keep = u < p ? 0.0f : 1.0f / (1.0f - p);
    mask[i] = keep;
    x[i] *= keep;
}

// x[i] *= mask[i]   (dropout backward). Arrays [n].
__global__ void multiply_in_place(float* x, const float* mask, long long n)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    x[i] *= mask[i];
}

}
