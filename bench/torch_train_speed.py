"""PyTorch 1.13 side of bench/engine-bench.sh: the same LSTM language model (embedding E = H, L x H LSTM,
linear decoder, V symbols) and the same work per iteration as bench/Engine (forward + backward + plain
SGD update over B streams x T steps, hidden state carried and detached), plus single-stream sampling latency.
Prints one JSON line per measurement. Run with /usr/bin/python3.

usage: torch_train_speed.py train|step LAYERS HIDDEN THREADS [B=50 T=50 V=65 REPS=5 ITERS=3]
"""
import json
import statistics
import sys
import time

import torch


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


class LanguageModel(torch.nn.Module):
    """Embedding(V, E) -> nn.LSTM(E, H, L) -> Linear(H, V); bench/gpu/torch_cuda_speed.py uses it too."""
    def __init__(self, vocab, embedding, hidden, layers):
        super().__init__()
        self.vocab = vocab
        self.embedding = torch.nn.Embedding(vocab, embedding)
        self.rnn = torch.nn.LSTM(embedding, hidden, layers)
        self.decoder = torch.nn.Linear(hidden, vocab)

    def forward(self, tokens, state):
        out, state = self.rnn(self.embedding(tokens), state)
        return self.decoder(out), state

    def window_loss(self, window, state):
        """Mean cross-entropy of predicting window[1:] from window[:-1] ([T + 1, B] symbols), starting from the
        carried state detached (truncated BPTT); returns (loss, new state)."""
        if state is not None:
            state = tuple(s.detach() for s in state)
        logits, state = self(window[:-1], state)
        return torch.nn.functional.cross_entropy(logits.reshape(-1, self.vocab), window[1:].reshape(-1)), state


def window_training(model, data, update):
    """A function that runs one training iteration per call over the windows of data ([64, T + 1, B] symbols,
    taken in turn, hidden state carried): loss, backward, update(); it returns the loss read back to the host."""
    state = None
    cursor = 0

    def iteration():
        nonlocal state, cursor
        loss, state = model.window_loss(data[cursor % 64], state)
        cursor += 1
        model.zero_grad(set_to_none=True)
        loss.backward()
        update()
        return float(loss)
    return iteration


def timed(iteration, chars_per_iteration, warmup, reps, iters, synchronize=lambda: None):
    """Median chars/s over reps timings of iters iterations each, after warmup ones, and the last loss."""
    for _ in range(warmup):
        iteration()
    rates = []
    for _ in range(reps):
        synchronize()
        start = time.perf_counter()
        for _ in range(iters):
            loss = iteration()
        synchronize()
        rates.append(iters * chars_per_iteration / (time.perf_counter() - start))
    return {"chars_per_s": round(statistics.median(rates)), "loss": round(loss, 3)}


def train(model, vocab, batch, seq, reps, iters):
    @torch.no_grad()
    def sgd():
        for p in model.parameters():
            p.add_(p.grad, alpha=-0.01)

    iteration = window_training(model, torch.randint(0, vocab, (64, seq + 1, batch)), sgd)
    return timed(iteration, batch * seq, 2, reps, iters)


@torch.no_grad()
def step(model, vocab, reps, chars=2000):
    state = None
    token = torch.zeros(1, 1, dtype=torch.long)
    for i in range(500):
        token[0, 0] = i % vocab
        _, state = model(token, state)
    micros, cpu_micros = [], []
    for _ in range(reps):
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(chars):
            token[0, 0] = i % vocab
            logits, state = model(token, state)
        micros.append((time.perf_counter() - start) * 1e6 / chars)
        cpu_micros.append((time.process_time() - cpu) * 1e6 / chars)
    # CPU time beside wall-clock time: on a shared, loaded machine the wall clock also counts waiting for a core.
    return {"us_per_char": round(statistics.median(micros), 1), "cpu_us_per_char": round(statistics.median(cpu_micros), 1)}


def main():
    kind, layers, hidden, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rest = [int(a) for a in sys.argv[5:]]
    batch, seq, vocab, reps, iters = (rest + [50, 50, 65, 5, 3][len(rest):])[:5]
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = LanguageModel(vocab, hidden, hidden, layers)  # E = H, as bench/Engine
    result = train(model, vocab, batch, seq, reps, iters) if kind == "train" else step(model, vocab, reps)
    print(json.dumps({"side": "torch", "kind": kind, "layers": layers, "hidden": hidden, "threads": threads,
                      **result, "peak_rss_mb": round(peak_rss_mb())}))


if __name__ == "__main__":
    main()
