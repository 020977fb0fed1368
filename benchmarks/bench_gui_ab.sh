#!/usr/bin/env bash
# bench_gui.py for an older commit and for this checkout, alternating, in one sitting, so that
# the two are compared under the same machine load (DEVELOPERS.md: compare variants in one
# interleaved run). Each side runs its own copy of the benchmark (the window's attributes moved
# over time) on the same network: the checkout's bundled checkpoint without its
# out-of-distribution detector, which older commits cannot read.
#
#   bash benchmarks/bench_gui_ab.sh REV [ROUNDS] [-- bench_gui.py options]
#
# REV is checked out into a temporary git worktree, removed at the end. Default: 3 rounds,
# --images 500 --runs 5.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:?usage: bench_gui_ab.sh REV [ROUNDS] [-- bench_gui.py options]}
shift
rounds=3
if [[ ${1:-} =~ ^[0-9]+$ ]]; then rounds=$1; shift; fi
[[ ${1:-} == "--" ]] && shift
opts=("$@")
[[ ${#opts[@]} -gt 0 ]] || opts=(--images 500 --runs 5)
old=$(mktemp -d)
ck=$(mktemp --suffix=.safetensors)
trap 'git -C "$here" worktree remove --force "$old" >/dev/null 2>&1 || true; rm -rf "$old" "$ck"' EXIT
python - "$here/resources/checkpoints/resnet18_cifar10.safetensors" "$ck" <<'PY'
import json, sys
from safetensors import safe_open
from safetensors.torch import save_file
src, dst = sys.argv[1:]
with safe_open(src, framework="pt") as f:
    meta = dict(f.metadata() or {})
    tensors = {k: f.get_tensor(k) for k in f.keys() if not k.startswith("detector.")}
extra = json.loads(meta.get("extra", "{}"))
extra.pop("detector", None)
meta["extra"] = json.dumps(extra)
save_file(tensors, dst, metadata=meta)
PY
git -C "$here" worktree add --detach --force "$old" "$rev" >/dev/null
for round in $(seq "$rounds"); do
  for side in "$old" "$here"; do
    echo "=== round $round: $(git -C "$side" log -1 --format='%h %s' | cut -c1-72)"
    (cd "$side" && PYTHONPATH="$side" python benchmarks/bench_gui.py --checkpoint "$ck" \
       "${opts[@]}" 2>&1 | grep -v "propagateSizeHints\|XDG_RUNTIME_DIR")
  done
done
