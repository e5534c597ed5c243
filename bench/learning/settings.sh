# Sourced by run.sh and seeds.sh (from the repository root): the learning benchmark's one model and
# optimiser setting for both sides, and the built charrnn-train. 2x256 LSTM, embedding 64, batch 50 x seq 50,
# Adam lr 2e-3, global-norm clip 5, no learning-rate decay, dropout DROPOUT (default 0.25) on every layer's
# output on both sides; validation = the last 10 %, whole, without dropout.
data=${DATA:-../shared/data/tinyshakespeare.txt}
dropout=${DROPOUT:-0.25}
torch_cmd=(/usr/bin/python3 bench/learning/torch_charrnn.py --data "$data" --hidden 256 --layers 2 --embedding 64
  --batch 50 --seq 50 --lr 2e-3 --clip 5 --dropout "$dropout" --val-frac 0.1 --threads 1)
dotnet build src/Training -c Release --nologo -v q >/dev/null
ours_cmd=(dotnet src/Training/bin/Release/net10.0/charrnn-train.dll "$data" --hidden 256 --layers 2 --embedding 64
  --batch 50 --seq 50 --lr 2e-3 --grad-clip 5 --dropout "$dropout" --lr-decay 1 --train-frac 0.9 --val-frac 0.1 --eval-chars 0
  --sample-every 0 --quiet)
