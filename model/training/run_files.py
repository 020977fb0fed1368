"""The files a training run writes into its output folder (torch-free: the app reads these
names before torch has loaded)."""

LAST = "last.pt"             # resume state, saved after every epoch and on Ctrl+C
FINAL = "model.safetensors"  # the finished checkpoint
LOG = "log.jsonl"            # one row per epoch
CURVES = "curves.png"        # learning curves of the finished run
