// LibTorch 2.10 (TorchSharp 0.107) side of bench/libtorch-bench.sh: the same LSTM language model as
// bench/torch_train_speed.py (Embedding(V, E = H) -> nn.LSTM(E, H, L) -> Linear(H, V)) and the same work per
// iteration (forward + backward + plain SGD over B streams x T steps, hidden state carried and detached),
// printed as one JSON line in bench/engine-bench.sh's format. The script runs it with the patched
// libLibTorchSharp.so copied over the shipped one (weaken_version_need.py), with and without GLIBC_TUNABLES;
// <variant> only labels the line.
// Usage: train <layers> <hidden> <threads> <variant> [batch=50] [seq=50] [vocab=65] [reps=5] [iters=3]
using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length < 5 || args[0] != "train")
{
    Console.Error.WriteLine("usage: train <layers> <hidden> <threads> <variant> [batch seq vocab reps iters]");
    return 2;
}
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
int layers = Arg(1, 2), hidden = Arg(2, 256), threads = Arg(3, 1);
string variant = args[4];
int batch = Arg(5, 50), seq = Arg(6, 50), vocab = Arg(7, 65), reps = Arg(8, 5), iters = Arg(9, 3);

torch.set_num_threads(threads);
torch.manual_seed(1);
var embedding = nn.Embedding(vocab, hidden);
var lstm = nn.LSTM(hidden, hidden, layers);
var decoder = nn.Linear(hidden, vocab);
var parameters = embedding.parameters().Concat(lstm.parameters()).Concat(decoder.parameters()).ToArray();
var data = torch.randint(0, vocab, [64, seq + 1, batch], dtype: ScalarType.Int64); // [windows, T + 1, B]
Tensor? h = null, c = null;
int cursor = 0;

float Iteration()
{
    using var scope = torch.NewDisposeScope();
    var window = data[cursor++ % 64];                                              // [T + 1, B]
    var state = h is null ? ((Tensor, Tensor)?)null : (h.detach(), c!.detach());
    var (output, hn, cn) = lstm.call(embedding.call(window[..seq]), state);        // [T, B, H]
    var logits = decoder.call(output);                                             // [T, B, V]
    var loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), window[1..].reshape(-1));
    foreach (var p in parameters) p.grad = null;
    loss.backward();
    using (torch.no_grad())
        foreach (var p in parameters) p.add_(p.grad!, alpha: -0.01);
    h?.Dispose(); c?.Dispose();
    (h, c) = (hn.detach().MoveToOuterDisposeScope(), cn.detach().MoveToOuterDisposeScope());
    return loss.item<float>();
}

float lastLoss = 0;
for (int i = 0; i < 2; i++) lastLoss = Iteration();
var rates = new List<double>();
for (int r = 0; r < reps; r++)
{
    var watch = Stopwatch.StartNew();
    for (int i = 0; i < iters; i++) lastLoss = Iteration();
    rates.Add(iters * batch * seq / watch.Elapsed.TotalSeconds);
}
rates.Sort();
long peakKb = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:"))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).FirstOrDefault();
Console.WriteLine($"{{\"side\":\"libtorch\",\"variant\":\"{variant}\",\"kind\":\"train\",\"layers\":{layers},\"hidden\":{hidden}," +
    $"\"threads\":{threads},\"chars_per_s\":{rates[rates.Count / 2]:F0},\"loss\":{lastLoss:F3},\"peak_rss_mb\":{peakKb / 1024.0:F0}}}");
return 0;
