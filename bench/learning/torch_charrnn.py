#!/usr/bin/python3
"""PyTorch 1.13 reference for the learning benchmark: the same model, data split, batching, optimizer
and time budget as `charrnn-train`, so their validation losses can be compared side by side.

Model: Embedding(V, E) -> nn.LSTM(E, H, L) -> Linear(H, V); B streams x T steps with the hidden state
carried across batches (truncated BPTT); Adam; global-norm clipping. Validation: the last --val-frac of
the text, from a zero state, in nats/char: every --eval-every iterations (inside the time budget, as
charrnn-train does) and at the end; reports the final and the best. Prints one JSON line."""
import argparse, json, math, time
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
p.add_argument("--layers", type=int, default=2)
p.add_argument("--hidden", type=int, default=256)
p.add_argument("--embedding", type=int, default=64)
p.add_argument("--batch", type=int, default=50)
p.add_argument("--seq", type=int, default=50)
p.add_argument("--lr", type=float, default=2e-3)
p.add_argument("--clip", type=float, default=5.0)
p.add_argument("--max-seconds", type=float, default=900)
p.add_argument("--max-iters", type=int, default=0, help="stop after this many iterations (0 = time budget only)")
p.add_argument("--val-frac", type=float, default=0.1)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--eval-every", type=int, default=0, help="validate every N iterations (0 = only at the end)")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)

text = open(a.data, encoding="utf-8").read()
symbols = sorted(set(text))
index = {c: i for i, c in enumerate(symbols)}
data = torch.tensor([index[c] for c in text], dtype=torch.long)
n_val = int(len(data) * a.val_frac)
train, val = data[: len(data) - n_val], data[len(data) - n_val:]

class CharRNN(nn.Module):
    def __init__(self, v):
        super().__init__()
        self.embedding = nn.Embedding(v, a.embedding)
        self.rnn = nn.LSTM(a.embedding, a.hidden, a.layers)
        self.decoder = nn.Linear(a.hidden, v)

    def forward(self, x, state):  # x [T, B]
        out, state = self.rnn(self.embedding(x), state)
        return self.decoder(out), state  # [T, B, V]

def streams(d, b):  # [n] -> [b, n // b] contiguous slices, one per stream
    n = len(d) // b
    return d[: n * b].view(b, n)

def validate():  # whole validation split, B streams from a zero state -> nats/char
    with torch.no_grad():
        vs = streams(val, a.batch)
        total, count, state = 0.0, 0, None
        for q in range(0, vs.shape[1] - 1, a.seq):
            x = vs[:, q: min(q + a.seq, vs.shape[1] - 1)].t().contiguous()
            y = vs[:, q + 1: q + 1 + x.shape[0]].t().contiguous()
            logits, state = model(x, state)
            total += nn.functional.cross_entropy(logits.view(-1, logits.shape[-1]), y.view(-1), reduction="sum").item()
            count += y.numel()
    return total / count

model = CharRNN(len(symbols))
opt = torch.optim.Adam(model.parameters(), lr=a.lr)
loss_fn = nn.CrossEntropyLoss()
s = streams(train, a.batch)
pos, iters, state, history = 0, 0, None, []
start = time.perf_counter()
while time.perf_counter() - start < a.max_seconds and (a.max_iters == 0 or iters < a.max_iters):
    if pos + a.seq + 1 > s.shape[1]:
        pos, state = 0, None
    x = s[:, pos: pos + a.seq].t().contiguous()
    y = s[:, pos + 1: pos + a.seq + 1].t().contiguous()
    pos += a.seq
    if state is not None:
        state = tuple(t.detach() for t in state)
    logits, state = model(x, state)
    loss = loss_fn(logits.view(-1, logits.shape[-1]), y.view(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), a.clip)
    opt.step()
    iters += 1
    if a.eval_every and iters % a.eval_every == 0:
        history.append(validate())
train_seconds = time.perf_counter() - start

final_val = validate()
best_val = min([final_val] + history)
print(json.dumps({"impl": "pytorch " + torch.__version__, "threads": a.threads, "iterations": iters,
                  "train_seconds": round(train_seconds, 1), "chars_per_second": round(iters * a.batch * a.seq / train_seconds),
                  "val_loss_nats": round(final_val, 4), "val_bits": round(final_val / math.log(2), 4),
                  "best_val_loss_nats": round(best_val, 4), "val_history": [round(v, 4) for v in history],
                  "vocabulary": len(symbols)}))
