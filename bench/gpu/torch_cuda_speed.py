"""PyTorch side of bench/gpu/run-on-device.sh: the same character model as `CharRnnLsp.Bench.Engine cuda`
(embedding E -> L x H nn.LSTM (cuDNN) -> linear decoder over V symbols), the same iteration (forward,
cross-entropy, backward, clip_grad_norm_ 5, Adam lr 2e-3, hidden state carried and detached, the loss read
back to the host once per iteration), FP32 with TF32 off unless asked. Prints one JSON line.

usage: torch_cuda_speed.py LAYERS HIDDEN [B=100 T=100 V=65 E=64 REPS=5 ITERS=20 TF32=0]
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from torch_train_speed import LanguageModel, timed, window_training  # noqa: E402  (the CPU bench's model and loop)


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

    def clipped_adam():
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()

    result = timed(window_training(model, data, clipped_adam), batch * seq, 5, reps, iters, torch.cuda.synchronize)
    print(json.dumps({
        "side": "pytorch", "kind": "cuda-train", "layers": layers, "hidden": hidden, "batch": batch, "seq": seq,
        **result,
        "device": f"{torch.cuda.get_device_name(0)}, torch {torch.__version__}, cuDNN {torch.backends.cudnn.version()}",
    }))


if __name__ == "__main__":
    main()
