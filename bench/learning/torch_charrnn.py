#!/usr/bin/python3
"""PyTorch 1.13 reference for the learning benchmark: the same model, data split, batching, optimizer
and time budget as `charrnn-train`, so their validation losses can be compared side by side.

Model: Embedding(V, E) -> nn.LSTM(E, H, L) -> Linear(H, V); B streams x T steps with the hidden state
carried across batches (truncated BPTT); Adam; global-norm clipping. Validation: the last --val-frac of
the text, from a zero state, in nats/char: every --eval-every iterations (inside the time budget, as
charrnn-train does) and at the end; reports the final and the best. Prints one JSON line.
Same weights on both sides: `--save-init FILE --seed N` writes this side's initial weights as a charrnn-train
checkpoint and exits; `--init-from FILE` (here) and `charrnn-train --init-from FILE` then both start from it,
with charrnn-train's vocabulary and token stream (`SAME_INIT=1 bench/learning/seeds.sh`)."""
import argparse, collections, json, math, os, struct, sys, time
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
p.add_argument("--dropout", type=float, default=0.0, help="on every layer's output, the top one included, as charrnn-train does")
p.add_argument("--max-seconds", type=float, default=900)
p.add_argument("--max-iters", type=int, default=0, help="stop after this many iterations (0 = time budget only)")
p.add_argument("--val-frac", type=float, default=0.1)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--eval-every", type=int, default=0, help="validate every N iterations (0 = only at the end)")
p.add_argument("--init-from", help="a charrnn-train checkpoint: start from its weights and use its vocabulary and "
               "token stream (the text plus charrnn-train's U+001C document separator), so both sides see the same numbers")
p.add_argument("--save-init", help="write the initial weights for --seed, with charrnn-train's vocabulary, as a "
               "checkpoint that both sides can --init-from, and exit")
p.add_argument("--log-losses", type=int, default=0, help="report the training loss of the first N iterations")
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)

def charrnn_vocabulary(text):  # charrnn-train's order: unknown (-1), then descending count, ties by code point
    counts = collections.Counter(text)
    return [-1] + sorted((ord(c) for c in counts), key=lambda cp: (-counts[chr(cp)], cp))

def write_checkpoint(path, tensors, metadata):  # a charrnn-lsp/1 safetensors file (docs/checkpoint-format.md)
    header, offset = {"__metadata__": metadata}, 0
    for name, t in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + 4 * t.numel()]}
        offset += 4 * t.numel()
    raw = json.dumps(header).encode()
    raw += b" " * (-(8 + len(raw)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        for t in tensors.values():
            f.write(t.detach().contiguous().float().numpy().tobytes())

text = open(a.data, encoding="utf-8").read()
if a.init_from or a.save_init:  # charrnn-train's symbols and token stream, so a file from one side means the same to the other
    text += "\x1c"  # charrnn-train ends every document with the separator
    if a.init_from:
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../tests/fixtures"))
        from load_checkpoint_in_torch import read_safetensors
        metadata, init_tensors = read_safetensors(a.init_from)
        code_points = json.loads(metadata["vocabulary"])
    else:
        code_points = charrnn_vocabulary(text)
    index = {chr(cp): i for i, cp in enumerate(code_points) if cp >= 0}
    symbols = code_points
    data = torch.tensor([index.get(c, 0) for c in text], dtype=torch.long)
    n_train, n_val = int(len(data) * (1 - a.val_frac)), int(len(data) * a.val_frac)  # DataSplit's floors
    train, val = data[:n_train], data[n_train: n_train + n_val]
else:
    symbols = sorted(set(text))
    index = {c: i for i, c in enumerate(symbols)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    n_val = int(len(data) * a.val_frac)
    train, val = data[: len(data) - n_val], data[len(data) - n_val:]

class CharRNN(nn.Module):
    def __init__(self, v):
        super().__init__()
        self.embedding = nn.Embedding(v, a.embedding)
        self.rnn = nn.LSTM(a.embedding, a.hidden, a.layers, dropout=a.dropout)  # between layers
        self.top_dropout = nn.Dropout(a.dropout)  # on the top layer's output
        self.decoder = nn.Linear(a.hidden, v)

    def forward(self, x, state):  # x [T, B]
        out, state = self.rnn(self.embedding(x), state)
        return self.decoder(self.top_dropout(out)), state  # [T, B, V]

def streams(d, b):  # [n] -> [b, n // b] contiguous slices, one per stream
    n = len(d) // b
    return d[: n * b].view(b, n)

def validate():  # whole validation split, B streams from a zero state, no dropout -> nats/char
    model.eval()
    with torch.no_grad():
        vs = streams(val, a.batch)
        total, count, state = 0.0, 0, None
        for q in range(0, vs.shape[1] - 1, a.seq):
            x = vs[:, q: min(q + a.seq, vs.shape[1] - 1)].t().contiguous()
            y = vs[:, q + 1: q + 1 + x.shape[0]].t().contiguous()
            logits, state = model(x, state)
            total += nn.functional.cross_entropy(logits.view(-1, logits.shape[-1]), y.view(-1), reduction="sum").item()
            count += y.numel()
    model.train()
    return total / count

model = CharRNN(len(symbols))
if a.init_from:
    model.load_state_dict({k: v for k, v in init_tensors.items() if not k.startswith("training.")}, strict=True)
if a.save_init:
    config = {"cell": "lstm", "vocab_size": len(symbols), "embedding_size": a.embedding, "hidden_size": a.hidden,
              "layers": a.layers, "dropout": a.dropout}
    write_checkpoint(a.save_init, model.state_dict(), {"format": "charrnn-lsp/1", "config": json.dumps(config),
                                                        "vocabulary": json.dumps(code_points)})
    sys.exit(0)
opt = torch.optim.Adam(model.parameters(), lr=a.lr)
loss_fn = nn.CrossEntropyLoss()
s = streams(train, a.batch)
pos, iters, state, history, train_losses = 0, 0, None, [], []
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
    if iters < a.log_losses:
        train_losses.append(round(loss.item(), 6))
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
                  "vocabulary": len(symbols), **({"train_losses": train_losses} if a.log_losses else {})}))
