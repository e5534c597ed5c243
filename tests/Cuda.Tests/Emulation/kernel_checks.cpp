// Runs every kernel of Kernels.cu on the CPU (cuda_emulation.h) against a plain double-precision
// reference, with the launch shapes CudaKernels.cs uses. Prints one line per check; exit 1 on a failure.
// Built and run by KernelEmulationTests: g++ -std=c++20 -O1 -U_FORTIFY_SOURCE kernel_checks.cpp
#include "cuda_emulation.h"
#include "../../../src/Core/Backends/Cuda/Kernels.cu"
#include <cstdio>
#include <random>

static int failures = 0;

static void check(const char* what, double error, double tolerance)
{
    bool ok = error <= tolerance;
    std::printf("%s %s: error %.3g (tolerance %.3g)\n", ok ? "ok  " : "FAIL", what, error, tolerance);
    if (!ok) failures++;
}

static unsigned grid_for(long long n) { return (unsigned)((n + BLOCK - 1) / BLOCK); }

static std::vector<float> random_values(std::mt19937& rng, size_t n, float size)
{
    std::uniform_real_distribution<float> d(-size, size);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

int main()
{
    std::mt19937 rng(7);
    const int n = 6, v = 300, width = 5, rows = 4;   // v > BLOCK: rows take several strides

    // softmax_cross_entropy, one block per row; in place is not used, dlogits has its own buffer.
    auto logits = random_values(rng, n * v, 4.0f);
    std::vector<int> targets = {0, 299, 17, 256, 255, 128};
    std::vector<float> dlogits(n * v), row_loss(n);
    launch(n, BLOCK, softmax_cross_entropy, logits.data(), targets.data(), dlogits.data(), row_loss.data(), n, v, 0.5f);
    double loss_error = 0, gradient_error = 0;
    for (int i = 0; i < n; i++)
    {
        double max = -1e300, sum = 0;
        for (int j = 0; j < v; j++) max = std::fmax(max, logits[i * v + j]);
        for (int j = 0; j < v; j++) sum += std::exp(logits[i * v + j] - max);
        loss_error = std::fmax(loss_error, std::fabs(row_loss[i] - (std::log(sum) + max - logits[i * v + targets[i]])));
        for (int j = 0; j < v; j++)
        {
            double expected = (std::exp(logits[i * v + j] - max) / sum - (j == targets[i])) * 0.5;
            gradient_error = std::fmax(gradient_error, std::fabs(dlogits[i * v + j] - expected));
        }
    }
    check("softmax_cross_entropy loss", loss_error, 1e-5);
    check("softmax_cross_entropy dlogits", gradient_error, 1e-6);

    // sum_to_scalar
    double total = 0, expected_total = 0;
    launch(1, BLOCK, sum_to_scalar, row_loss.data(), n, &total);
    for (float x : row_loss) expected_total += x;
    check("sum_to_scalar", std::fabs(total - expected_total), 1e-9);

    // gather_rows / embedding_grad_partial + sum_chunks / add_row_bias
    auto table = random_values(rng, 10 * width, 1.0f);
    std::vector<int> idx = {3, 0, 9, 3};
    std::vector<float> gathered(rows * width);
    launch(grid_for(rows * width), BLOCK, gather_rows, idx.data(), table.data(), gathered.data(), rows, width);
    double gather_error = 0;
    for (int r = 0; r < rows; r++) for (int c = 0; c < width; c++) gather_error = std::fmax(gather_error, std::fabs(gathered[r * width + c] - table[idx[r] * width + c]));
    check("gather_rows", gather_error, 0);
    {
        // 1000 rows over 7 symbols, chunks of 128 as CudaKernels launches them (the last one partial)
        const int rows_in = 1000, symbols = 7, chunk = 128, chunks = (rows_in + chunk - 1) / chunk;
        std::vector<int> symbol(rows_in);
        for (int i = 0; i < rows_in; i++) symbol[i] = (int)(rng() % (symbols - 1));   // the last symbol never occurs
        auto source = random_values(rng, rows_in * width, 1.0f);
        std::vector<float> partial(chunks * symbols * width), grad(symbols * width, 99.0f);
        launch(grid_for((long long)chunks * symbols * width), BLOCK, embedding_grad_partial, symbol.data(), source.data(), partial.data(), rows_in, symbols, width, chunk);
        launch(grid_for(symbols * width), BLOCK, sum_chunks, (const float*)partial.data(), chunks, (long long)symbols * width, grad.data());
        std::vector<double> expected(symbols * width, 0.0);
        for (int i = 0; i < rows_in; i++) for (int c = 0; c < width; c++) expected[symbol[i] * width + c] += source[i * width + c];
        double grad_error = 0;
        for (int j = 0; j < symbols * width; j++) grad_error = std::fmax(grad_error, std::fabs(grad[j] - expected[j]));
        check("embedding_grad_partial + sum_chunks", grad_error, 1e-4);
    }
    auto bias = random_values(rng, width, 1.0f);
    auto biased = gathered;
    launch(grid_for(rows * width), BLOCK, add_row_bias, biased.data(), bias.data(), rows, width);
    check("add_row_bias", std::fabs(biased[2 * width + 4] - gathered[2 * width + 4] - bias[4]), 1e-6);

    // sum_squares_partial + clip_scale over 1024 blocks, as CudaKernels launches them
    const long long count = 100003;
    const int blocks = 1024;
    auto gradients = random_values(rng, count, 0.01f);
    std::vector<double> partials(blocks);
    float norm = 0, scale = 0;
    launch(blocks, BLOCK, sum_squares_partial, gradients.data(), count, partials.data());
    launch(1, BLOCK, clip_scale, partials.data(), blocks, 0.5f, &norm, &scale);
    double squares = 0;
    for (float g : gradients) squares += (double)g * g;
    double expected_norm = std::sqrt(squares);
    check("sum_squares_partial + clip_scale norm", std::fabs(norm - expected_norm) / expected_norm, 1e-6);
    check("clip_scale factor", std::fabs(scale - 0.5 / (expected_norm + 1e-6)), 1e-6);
    launch(1, BLOCK, clip_scale, partials.data(), blocks, 0.0f, &norm, &scale);
    check("clip_scale off", std::fabs(scale - 1.0f), 0);

    // adam_step and rmsprop_step against the formulas of Optimizer.cs, three steps, gradients scaled by 0.5
    const long long m = 1000;
    auto p = random_values(rng, m, 0.1f), g = random_values(rng, m, 0.01f);
    auto p_ref = std::vector<double>(p.begin(), p.end());
    std::vector<float> first(m), second(m);
    std::vector<double> first_ref(m), second_ref(m);
    float half = 0.5f;
    for (int t = 1; t <= 3; t++)
    {
        float step_size = 2e-3f / (1 - std::pow(0.9f, t)), root2 = std::sqrt(1 - std::pow(0.999f, t));
        launch(grid_for(m), BLOCK, adam_step, p.data(), g.data(), first.data(), second.data(), m, step_size, root2, (const float*)&half);
        for (long long i = 0; i < m; i++)
        {
            double grad = g[i] * 0.5;
            first_ref[i] = 0.9 * first_ref[i] + 0.1 * grad;
            second_ref[i] = 0.999 * second_ref[i] + 0.001 * grad * grad;
            p_ref[i] -= step_size * first_ref[i] / (std::sqrt(second_ref[i]) / root2 + 1e-8);
        }
    }
    double adam_error = 0;
    for (long long i = 0; i < m; i++) adam_error = std::fmax(adam_error, std::fabs(p[i] - p_ref[i]));
    check("adam_step, 3 steps", adam_error, 1e-6);
    auto q = random_values(rng, m, 0.1f);
    auto q_ref = std::vector<double>(q.begin(), q.end());
    std::vector<float> mean_square(m);
    std::vector<double> mean_square_ref(m);
    for (int t = 1; t <= 3; t++)
    {
        launch(grid_for(m), BLOCK, rmsprop_step, q.data(), g.data(), mean_square.data(), m, 2e-3f, (const float*)&half);
        for (long long i = 0; i < m; i++)
        {
            double grad = g[i] * 0.5;
            mean_square_ref[i] = 0.95 * mean_square_ref[i] + 0.05 * grad * grad;
            q_ref[i] -= 2e-3 * grad / (std::sqrt(mean_square_ref[i]) + 1e-8);
        }
    }
    double rms_error = 0;
    for (long long i = 0; i < m; i++) rms_error = std::fmax(rms_error, std::fabs(q[i] - q_ref[i]));
    check("rmsprop_step, 3 steps", rms_error, 1e-6);

    // dropout_forward: keeps about 1 - p, scales by 1 / (1 - p), same mask for the same seed; multiply_in_place
    const long long d = 8000;
    std::vector<float> ones(d, 1.0f), mask(d), again(d, 1.0f), mask_again(d);
    launch(grid_for(d), BLOCK, dropout_forward, ones.data(), mask.data(), d, 0.25f, 99ULL);
    launch(grid_for(d), BLOCK, dropout_forward, again.data(), mask_again.data(), d, 0.25f, 99ULL);
    long long kept = 0, wrong_scale = 0;
    for (long long i = 0; i < d; i++) { kept += ones[i] != 0; wrong_scale += ones[i] != 0 && std::fabs(ones[i] - 1 / 0.75f) > 1e-6; }
    check("dropout_forward kept fraction", std::fabs(kept / (double)d - 0.75), 0.02); // 4 standard deviations
    check("dropout_forward scale", (double)wrong_scale, 0);
    check("dropout_forward repeatable", (double)(mask != mask_again), 0);
    std::vector<float> upstream(d, 2.0f);
    launch(grid_for(d), BLOCK, multiply_in_place, upstream.data(), (const float*)mask.data(), d);
    check("multiply_in_place", std::fabs(upstream[5] - 2 * mask[5]) + std::fabs(upstream[17] - 2 * mask[17]), 0);

    std::printf("%d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
