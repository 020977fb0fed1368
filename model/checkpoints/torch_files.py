"""State dicts saved by other tools (``.pt``/``.pth``/``.ckpt``), read safely.

They are read **only** through ``torch.load(weights_only=True)``, which refuses pickles that
would construct arbitrary objects or call functions; the state dict is then found under the
wrapper keys other tools save it in, and its parameter names are mapped onto torchvision's
(which are ours). What the weights describe is checked by :mod:`model.checkpoints.checkpoint`.
"""

from __future__ import annotations

import os
import pickle
import re
import zipfile
from typing import TYPE_CHECKING, Any

from model.checkpoints.errors import CheckpointError, read_head, short_reason

if TYPE_CHECKING:
    from torch import Tensor

WRAPPER_KEYS = ("state_dict", "model_state_dict", "model", "net")
NOT_TORCH = "not a PyTorch checkpoint (its content is neither a zip archive nor a pickle)"
DAMAGED = "damaged or not a checkpoint: its weights could not be read"
# Prefixes that DistributedDataParallel / DataParallel and torch.compile add to parameter names.
STRIPPED_PREFIXES = ("module.", "_orig_mod.")


def load_torch_state(path: str | os.PathLike[str]) -> dict[str, Tensor]:
    """The tensors of a torch-saved file, unwrapped (names as saved). CheckpointError if it is
    not one, is damaged, or holds anything but weights."""
    # A zip archive ("PK") or a pickle (protocol 2+ starts 0x80); anything else is refused
    # before the unpickler, whose error on garbage depends on the bytes (IndexError, ...).
    if not read_head(path, 2).startswith((b"PK", b"\x80")):
        raise CheckpointError(path, NOT_TORCH)
    import torch

    try:
        obj = torch.load(str(path), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as e:
        raise CheckpointError(path, unpickling_reason(e)) from None
    except (RuntimeError, EOFError, zipfile.BadZipFile, ValueError, OSError) as e:
        raise CheckpointError(path,
                              f"not a checkpoint, or truncated ({short_reason(e)})") from None
    except Exception as e:  # torch.load raises many types for a damaged pickle
        raise CheckpointError(path, f"{DAMAGED} ({short_reason(e)})") from None
    return unwrap(path, obj)


def unpickling_reason(error: Exception) -> str:
    """Why torch's weights-only reader stopped, in our words. Its own message recommends
    ``weights_only=False``, the unsafe way round, so it is never quoted whole."""
    text = str(error)
    named = re.search(r"GLOBAL ([\w.]+)", text)
    if named:
        return (f"refused: the file holds pickled Python objects, not just weights (it names "
                f"{named.group(1)}), and loading it could run code; it was not opened")
    detail = next((line.strip() for line in text.splitlines() if "Unsupported" in line
                   or "error" in line.lower() and "weights_only" not in line), "")
    return DAMAGED + (f" ({short_reason(Exception(detail), 80)})" if detail else "")


def unwrap(path: str | os.PathLike[str], obj: Any) -> dict[str, Tensor]:
    """Find the state dict in the shapes other tools save: raw, or under a wrapper key."""
    import torch

    for _ in range(3):
        if isinstance(obj, dict) and not _is_state_dict(obj):
            inner = next((obj[k] for k in WRAPPER_KEYS if k in obj), None)
            if inner is None:
                break
            obj = inner
    if not isinstance(obj, dict) or not _is_state_dict(obj):
        raise CheckpointError(path, "no state dict found (expected tensors, or a dict holding "
                                    f"them under one of {', '.join(WRAPPER_KEYS)})")
    return {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}


def _is_state_dict(d: dict[Any, Any]) -> bool:
    import torch

    return bool(d) and any(isinstance(v, torch.Tensor) for v in d.values()) and all(
        isinstance(k, str) for k in d)


_KUANGLIU = ((re.compile(r"\.shortcut\."), ".downsample."), (re.compile(r"^linear\."), "fc."))


def normalise_keys(state: dict[str, Tensor]) -> dict[str, Tensor]:
    """Map other code bases' names onto torchvision's (which are ours)."""
    out = {}
    for key, value in state.items():
        for prefix in STRIPPED_PREFIXES:
            while key.startswith(prefix):
                key = key[len(prefix):]
        for pattern, repl in _KUANGLIU:
            key = pattern.sub(repl, key)
        out[key] = value
    return _without_owner_prefix(out)


def _without_owner_prefix(state: dict[str, Tensor]) -> dict[str, Tensor]:
    """A network saved as an attribute of something else (a LightningModule's ``self.model``,
    a wrapper's ``self.net``): its keys all begin with that name. When exactly one first name
    ``P`` has ``P.conv1.weight``, ``P.`` is dropped from the keys that have it; the others stay,
    and are refused as unexpected keys if they are not the network's."""
    if "conv1.weight" in state:
        return state
    owners = [k[:-len("conv1.weight")] for k in state
              if k.endswith(".conv1.weight") and k.count(".") == 2]
    if len(owners) != 1:
        return state
    owner = owners[0]
    return normalise_keys({k[len(owner):] if k.startswith(owner) else k: v
                           for k, v in state.items()})
