#!/usr/bin/env bash
# Train the bundled ResNet-18 on a GPU machine that has no network and no PyQt5.
#
# Runs the package from the source tree (no install). Expects the data packed beside the repo as
#   .gpu/cifar10-jpeg.tar.xz   (made with: tar -cJf .gpu/cifar10-jpeg.tar.xz -C ../shared/data cifar10-jpeg)
# Writes what it keeps under $OUT (default ./gpu-out): the training log, the JSONL epoch log,
# the learning curves, the evaluation report and JSON, and the checkpoint split into <16 MiB
# parts (join them with: cat model.safetensors.part-* > model.safetensors).
#
# Usage: bash scripts/gpu_train.sh [BUDGET_SECONDS] [MAX_EPOCHS] [MIN_EPOCHS]
# The epoch count is chosen from a short throughput probe so that training fits the budget.
set -euo pipefail
BUDGET=${1:-330}
MAX_EPOCHS=${2:-80}
MIN_EPOCHS=${3:-30}
OUT=${OUT:-$PWD/gpu-out}
WORK=${WORK:-/tmp/cifar10-gpu}
DATA=$WORK/cifar10-jpeg
mkdir -p "$OUT" "$WORK"
export PYTHONPATH=$PWD PYTHONUNBUFFERED=1
# A CPU smoke test of this script: SMOKE_ARGS="--device cpu --limit-train 1024 --limit-test 256" EVAL_ARGS="--limit 256"
SMOKE_ARGS=${SMOKE_ARGS:-}
EVAL_ARGS=${EVAL_ARGS:-}

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt" || true
python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())" | tee -a "$OUT/gpu.txt"
[ -d "$DATA" ] || tar -xJf .gpu/cifar10-jpeg.tar.xz -C "$WORK"

# The recipe (see README "The bundled model", "On a GPU"): CIFAR stem, batch 512, SGD + Nesterov,
# peak lr 0.2 after a 2-epoch linear warm-up, cosine to zero, weight decay 5e-4, label smoothing
# 0.1, crop + flip + 8-pixel cutout, bf16 autocast, channels_last.
RECIPE=(--data "$DATA" --stem cifar --batch-size 512 --lr 0.2 --schedule cosine
        --warmup-epochs 2 --weight-decay 5e-4 --label-smoothing 0.1 --cutout 8
        --cache-dir "$WORK/cache" --no-progress)

# Throughput probe: one epoch on a fifth of the data (its first steps include cuDNN's autotuning,
# so the estimate errs on the slow side).
python3 -m model.cli.main train "${RECIPE[@]}" --epochs 1 --limit-train 10240 --limit-test 1000 \
    --out "$WORK/probe" --no-plot $SMOKE_ARGS 2>&1 | tee -a "$OUT/gpu.txt"
EPOCHS=$(python3 - "$WORK/probe/log.jsonl" "$BUDGET" "$MAX_EPOCHS" "$MIN_EPOCHS" <<'EOF'
import json, sys
row = json.loads(open(sys.argv[1]).read().splitlines()[-1])
per_epoch = 50000 / row["images_per_s"] + 0.6  # + the per-epoch test evaluation
print(min(int(sys.argv[3]), max(int(sys.argv[4]), int(float(sys.argv[2]) / per_epoch))))
EOF
)
echo "epochs chosen: $EPOCHS" | tee -a "$OUT/gpu.txt"

python3 -m model.cli.main train "${RECIPE[@]}" --epochs "$EPOCHS" --out "$WORK/run" $SMOKE_ARGS 2>&1 | tee "$OUT/train.log"
python3 -m model.cli.main eval --checkpoint "$WORK/run/model.safetensors" --data "$DATA" \
    --cache-dir "$WORK/cache" --json "$OUT/eval.json" --write-metadata $EVAL_ARGS 2>&1 | tee "$OUT/eval.txt"
python3 -m model.cli.main eval --checkpoint "$WORK/run/model.safetensors" --data "$DATA" \
    --cache-dir "$WORK/cache" --tta $EVAL_ARGS > "$WORK/tta.txt" 2>&1
head -4 "$WORK/tta.txt" | tee -a "$OUT/eval.txt"
cp "$WORK/run/log.jsonl" "$WORK/run/curves.png" "$OUT/"
split -b 15M -d "$WORK/run/model.safetensors" "$OUT/model.safetensors.part-"
ls -la "$OUT"
