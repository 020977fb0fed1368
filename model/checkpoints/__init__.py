"""Checkpoints: our safetensors format, other tools' state dicts read safely, and the checks of
every metadata field a loader reads."""
