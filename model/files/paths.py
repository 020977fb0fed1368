"""Where the project's bundled files live: in a checkout, an installed wheel or a zipped install.

The repository keeps them in ``resources/`` beside ``model/`` and ``app/``; a wheel installs that
folder as the package ``cifar10_resources`` (``pyproject.toml`` maps it), so they travel with
``pip install .`` and are found through :mod:`importlib.resources`. A checkout's own
``resources/`` wins over an installed copy, so running ``python main.py`` from a clone never
mixes this code with another version's model. When the package is inside a zip file (a
zip-safe install, a zipapp), the files are extracted once into the user cache, because loading
a checkpoint and handing an icon to Qt need real paths.

Imported by the GUI before its window is up: it must stay light (no numpy, Pillow or torch).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.abc.Traversable is deprecated from Python 3.12
    from importlib.resources.abc import Traversable

PACKAGE = "cifar10_resources"  # the name resources/ is installed under (pyproject.toml)
CHECKPOINT_NAME = "resnet18_cifar10.safetensors"
# A file only our resources folder has: tells the checkout's resources/ from any other folder.
_MARKER = "cifar10-gui.desktop"


def _checkout_resources() -> Path:
    return Path(__file__).resolve().parents[2] / "resources"  # two up from model/files/


@functools.cache
def resources_root() -> Path:
    """The folder holding the bundled files (a real directory, whatever the install)."""
    checkout = _checkout_resources()
    if (checkout / _MARKER).is_file():
        return checkout
    try:
        root = importlib.resources.files(PACKAGE)
    except ModuleNotFoundError:
        return checkout  # neither: callers see missing files and say so
    if isinstance(root, Path):
        return root
    return _extracted(root)


def user_cache_dir() -> Path:
    """This project's folder in the user's cache (``$XDG_CACHE_HOME``, else ``~/.cache``), read
    when called: what is kept there can always be made again."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cifar10-resnet"


def _extracted(root: Traversable) -> Path:
    """Copy a zipped resources package into the user cache (once per version and archive) and
    return it. The copy is made in a temporary folder and renamed into place, so an interrupted
    extraction is never taken for a finished one."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        tag = version("cifar10-resnet")
    except PackageNotFoundError:
        tag = "unknown"
    # The archive's path, size and time: a rebuilt wheel of the same version is extracted anew.
    archive = getattr(getattr(root, "root", None), "filename", None)
    if archive and os.path.exists(archive):
        st = os.stat(archive)
        key = f"{os.path.abspath(archive)}|{st.st_size}|{st.st_mtime_ns}"
        tag += "-" + hashlib.sha256(key.encode()).hexdigest()[:12]
    target = user_cache_dir() / f"resources-{tag}"
    if (target / _MARKER).is_file():
        return target
    staging = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    _copy_tree(root, staging)
    shutil.rmtree(target, ignore_errors=True)  # an older, unfinished copy without the marker
    try:
        os.replace(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (target / _MARKER).is_file():  # another process did not finish it either
            raise
    return target


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.name == "__pycache__" or item.name.endswith((".py", ".pyc")):
            continue
        if item.is_dir():
            _copy_tree(item, target / item.name)
        else:
            (target / item.name).write_bytes(item.read_bytes())


def bundled_checkpoint() -> Path:
    """The checkpoint the app and ``cifar10 classify`` use when none is given."""
    return resources_root() / "checkpoints" / CHECKPOINT_NAME


def samples_dir() -> Path:
    """The sample gallery: a few CIFAR-10 test images per class (see its README.md)."""
    return resources_root() / "samples"


def degradation_experiment() -> Path:
    """The degradation experiment's measured run (plot, log, command) that Help > Why Residual
    Connections? shows; a copy of docs/degradation/."""
    return resources_root() / "experiments" / "degradation"


def icon_files() -> list[Path]:
    """The application icon as SVG and PNG (whichever exist)."""
    icons = resources_root() / "icons"
    return [p for p in (icons / "cifar10-gui.svg", icons / "cifar10-gui.png") if p.is_file()]


def desktop_template() -> Path:
    """The freedesktop.org launcher the desktop-entry installer fills in."""
    return resources_root() / _MARKER


def sample_images(folder: Path | None = None) -> list[Path]:
    """The gallery's image files (``folder``, default the bundled one), sorted by name; empty if
    the folder is missing."""
    from model.data.images import IMAGE_SUFFIXES  # numpy and Pillow: only when asked

    folder = samples_dir() if folder is None else folder
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(".")
                  and p.suffix.lower() in IMAGE_SUFFIXES)
