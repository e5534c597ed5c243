// Engine benchmark: training throughput (forward + backward + plain SGD update) and single-stream
// sampling latency of our CPU engine, printed as one JSON line per measurement for bench/engine-bench.sh.
// Usage: train <layers> <hidden> [batch=50] [seq=50] [vocab=65] [reps=5] [iters=3] [threads=0] [engine=managed|onednn]
//        step  <layers> <hidden> [vocab=65] [reps=5] [chars=2000] [precision=reference|fp32|bf16|int8] [streams=1] [simd=512|256]
//              (reference: CharModel.Step; the others: the packed InferenceModel, `streams` stepped together;
//              us_per_char is per character of one stream, us_per_step per call that advances all streams,
//              cpu_us_per_char the process's CPU time per character)
//        bpc   <checkpoint> <text> [chars=0]   (bits/char per inference precision: Accuracy.cs)
//        gemm  <m> <n> <k> <transA 0|1> <transB 0|1>   (GFLOP/s of one GEMM shape, to see where time goes)
//        cuda  <layers> <hidden> [batch=100] [seq=100] [vocab=65] [embedding=64] [reps=5] [iters=20] [tf32=0]
//              (the CUDA engine's whole iteration: forward, backward, clipping at 5, Adam; bench/gpu)
using System.Diagnostics;
using System.Globalization;
using CharRnnLsp.Core.Backends.Cpu;
using CharRnnLsp.Core.Backends.Cuda;
using CharRnnLsp.Core.Backends.Cuda.Native;
using CharRnnLsp.Core.Backends.OneDnn;
using CharRnnLsp.Core.Common;
using CharRnnLsp.Core.Inference;
using CharRnnLsp.Core.Kernels;
using CharRnnLsp.Core.Model;
using CharRnnLsp.Core.Optim;

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

if (args.Length >= 3 && args[0] == "bpc") return Accuracy.Run(args);
if (args.Length < 3 || args[0] is not ("train" or "step" or "gemm" or "cuda"))
{
    Console.Error.WriteLine("usage: train|step <layers> <hidden> [...]; see the comment in Program.cs");
    return 2;
}
int layers = Arg(1, 2), hidden = Arg(2, 256);

try
{
    return args[0] switch { "train" => Train(), "step" => Step(), "cuda" => CudaTrain(), _ => GemmRate() };
}
catch (CudaException e)
{
    Console.Error.WriteLine($"bench: cuda: {e.Message}");
    return 1;
}

unsafe int GemmRate()
{
    int m = Arg(1, 25), n = Arg(2, 512), k = Arg(3, 128);
    bool transA = Arg(4, 0) == 1, transB = Arg(5, 0) == 1;
    Blas.SetThreads(1);
    var a = new float[m * k]; var b = new float[k * n]; var c = new float[m * n];
    Array.Fill(a, 0.5f); Array.Fill(b, 0.25f);
    double flops = 2.0 * m * n * k;
    int calls = (int)Math.Max(10, 2e9 / flops);
    fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
    {
        for (int i = 0; i < 10; i++) Blas.Gemm(transA, transB, m, n, k, 1f, pa, transA ? m : k, pb, transB ? k : n, 0f, pc, n);
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) Blas.Gemm(transA, transB, m, n, k, 1f, pa, transA ? m : k, pb, transB ? k : n, 0f, pc, n);
        Console.WriteLine($"gemm {m}x{n}x{k} tA={transA} tB={transB} {Blas.Description}: " +
            $"{flops * calls / watch.Elapsed.TotalSeconds / 1e9:F1} GFLOP/s, {watch.Elapsed.TotalMicroseconds / calls:F1} us/call");
    }
    return 0;
}

int Train()
{
    int batch = Arg(3, 50), seq = Arg(4, 50), vocab = Arg(5, 65), reps = Arg(6, 5), iters = Arg(7, 3), threads = Arg(8, 0);
    bool oneDnn = args.Length > 9 && args[9] == "onednn";
    var config = new ModelConfig(CellType.Lstm, vocab, hidden, hidden, layers); // E = H, as the PyTorch side
    var model = CharModel.CreateInitialized(config, 1);
    using var graph = oneDnn ? null : new TrainingGraph(model, batch, seq, threads);
    using var dnnlGraph = oneDnn ? new OneDnnTrainingGraph(model, batch, seq, threads) : null;
    var gradients = new float[model.Layout.TotalLength];
    var rng = new DeterministicRandom(2);
    var (rate, loss) = TimeIterations(batch, seq, vocab, reps, iters, warmup: 2, rng, (inputs, targets) =>
    {
        float batchLoss = graph?.ForwardBackward(inputs, targets, gradients, rng) ?? dnnlGraph!.ForwardBackward(inputs, targets, gradients, rng);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradients, -0.01f, model.Parameters, model.Parameters);
        return batchLoss;
    });
    string engine = oneDnn ? "oneDNN 2.6" : Blas.Description;
    Report("train", $"\"threads\":{graph?.Threads ?? dnnlGraph!.Threads},\"chars_per_s\":{rate:F0},\"loss\":{loss:F3},\"engine\":\"{engine}\"");
    return 0;
}

int CudaTrain()
{
    int batch = Arg(3, 100), seq = Arg(4, 100), vocab = Arg(5, 65), embedding = Arg(6, 64), reps = Arg(7, 5), iters = Arg(8, 20);
    using var device = CudaDevice.Open(0, new CudaMathOptions(AllowTf32: Arg(9, 0) == 1));
    var model = CharModel.CreateInitialized(new ModelConfig(CellType.Lstm, vocab, embedding, hidden, layers), 1);
    using var engine = new CudaTrainingEngine(device, model, Optimizer.Create(OptimizerKind.Adam, model.Parameters.Length), batch, seq);
    var rng = new DeterministicRandom(2);
    // Step waits for the GPU (it reads the loss back), so wall-clock time is GPU time plus what the host adds.
    var (rate, loss) = TimeIterations(batch, seq, vocab, reps, iters, warmup: 5, rng, (inputs, targets) => engine.Step(inputs, targets, 2e-3f, 5f, rng));
    string libraries = string.Join(",", device.LibraryPaths.Select(p => $"\"{p}\""));
    Report("cuda-train", $"\"batch\":{batch},\"seq\":{seq},\"chars_per_s\":{rate:F0},\"loss\":{loss:F3},\"device\":\"{device.Description}\",\"libraries\":[{libraries}]");
    return 0;
}

// Batches drawn from a fixed pool of random symbols; `warmup` untimed iterations, then the median chars/s of
// `reps` timed runs of `iters` iterations, and the last loss.
static (double Rate, float Loss) TimeIterations(int batch, int seq, int vocab, int reps, int iters, int warmup,
    DeterministicRandom rng, Func<int[], int[], float> iteration)
{
    var data = new int[(batch * seq + 1) * 64];
    for (int i = 0; i < data.Length; i++) data[i] = rng.NextInt(vocab);
    var inputs = new int[batch * seq];
    var targets = new int[batch * seq];
    int cursor = 0;
    float loss = 0;
    void Next()
    {
        int offset = (cursor++ % 63) * batch * seq;
        data.AsSpan(offset, batch * seq).CopyTo(inputs);
        data.AsSpan(offset + 1, batch * seq).CopyTo(targets);
        loss = iteration(inputs, targets);
    }
    for (int i = 0; i < warmup; i++) Next();
    var rates = new List<double>();
    for (int r = 0; r < reps; r++)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < iters; i++) Next();
        rates.Add(iters * batch * seq / watch.Elapsed.TotalSeconds);
    }
    return (Median(rates), loss);
}

int Step()
{
    int vocab = Arg(3, 65), reps = Arg(4, 5), chars = Arg(5, 2000), streams = Arg(7, 1);
    string precision = args.Length > 6 ? args[6] : "reference";
    bool vector512 = Arg(8, 512) == 512;
    var model = CharModel.CreateInitialized(new ModelConfig(CellType.Lstm, vocab, hidden, hidden, layers), 1);
    Blas.SetThreads(1);
    var packed = precision == "reference" ? null : new InferenceModel(model, InferencePrecisions.Parse(precision), vector512);
    if (packed is null && streams != 1) throw new ArgumentException("the reference step serves one stream");
    var states = Enumerable.Range(0, streams).Select(_ => model.NewState()).ToArray();
    var tokens = new int[streams];
    var logits = new float[streams * vocab];
    void Advance(int i)
    {
        for (int s = 0; s < streams; s++) tokens[s] = (i + 7 * s) % vocab;
        if (packed is null) model.Step(states[0], tokens[0], logits);
        else packed.Step(states, tokens, logits);
    }
    for (int i = 0; i < 500; i++) Advance(i);
    // CPU time beside wall-clock time: on a shared, loaded machine the wall clock also counts waiting for a core.
    var micros = new List<double>();
    var cpuMicros = new List<double>();
    var process = Process.GetCurrentProcess();
    for (int r = 0; r < reps; r++)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < chars; i++) Advance(i);
        micros.Add(watch.Elapsed.TotalMicroseconds / chars);
        process.Refresh();
        cpuMicros.Add((process.TotalProcessorTime - cpu).TotalMicroseconds / chars);
    }
    double perStep = Median(micros), cpuPerStep = Median(cpuMicros);
    string simd = packed is null ? "managed Vector256 GEMV" : packed.UsesVector512 ? "Vector512" : "Vector256";
    Report("step", $"\"precision\":\"{precision}\",\"streams\":{streams},\"simd\":\"{simd}\"," +
        $"\"us_per_step\":{perStep:F1},\"us_per_char\":{perStep / streams:F1},\"cpu_us_per_char\":{cpuPerStep / streams:F1}");
    return 0;
}

void Report(string kind, string fields)
{
    long peakKb = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:"))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).FirstOrDefault();
    Console.WriteLine($"{{\"side\":\"ours\",\"kind\":\"{kind}\",\"layers\":{layers},\"hidden\":{hidden},{fields}," +
        $"\"blas\":\"{Blas.Description}\",\"peak_rss_mb\":{peakKb / 1024.0:F0}}}");
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}
