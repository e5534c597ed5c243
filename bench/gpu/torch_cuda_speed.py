"""PyTorch side of bench/gpu/run-on-device.sh: the same character model as `CharRnnLsp.Bench.Engine cuda`
(embedding E -> L x H nn.LSTM (cuDNN) -> linear decoder over V symbols), the same iteration (forward,
cross-entropy, backward, clip_grad_norm_ 5, Adam lr 2e-3, hidden state carried and detached, the loss read
back to the host once per iteration), FP32 with TF32 off unless asked. Prints one JSON line.

usage: torch_cuda_speed.py LAYERS HIDDEN [B=100 T=100 V=65 E=64 REPS=5 ITERS=20 TF32=0]
"""
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from torch_train_speed import LanguageModel  # noqa: E402  (the CPU bench's model, same shape as ours)


def main():
    args = [int(a) for a in sys.argv[1:]]
    layers, hidden = args[0], args[1]
    batch, seq, vocab, embedding, reps, iters, tf32 = (args[2:] + [100, 100, 65, 64, 5, 20, 0][len(args) - 2:])[:7]
    torch.backends.cuda.matmul.allow_tf32 = bool(tf32)
    torch.backends.cudnn.allow_tf32 = bool(tf32)
    device = torch.device("cuda")
    torch.manual_seed(1)

    model = LanguageModel(vocab, embedding, hidden, layers).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    data = torch.randint(0, vocab, (64, seq + 1, batch), device=device)
    state = None
    cursor = 0

    def iteration():
        nonlocal state, cursor
        loss, state = model.window_loss(data[cursor % 64], state)
        cursor += 1
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        return loss.item()

    for _ in range(5):
        iteration()
    rates = []
    loss = 0.0
    for _ in range(reps):
        torch.cuda.synchronize()
        start = time.perf_counter()
        for _ in range(iters):
            loss = iteration()
        torch.cuda.synchronize()
        rates.append(iters * batch * seq / (time.perf_counter() - start))
    print(json.dumps({
        "side": "pytorch", "kind": "cuda-train", "layers": layers, "hidden": hidden, "batch": batch, "seq": seq,
        "chars_per_s": round(statistics.median(rates)), "loss": round(loss, 3),
        "device": f"{torch.cuda.get_device_name(0)}, torch {torch.__version__}, cuDNN {torch.backends.cudnn.version()}",
    }))


if __name__ == "__main__":
    main()
