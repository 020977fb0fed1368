"""Finding the bundled files: in this checkout, in an installed package, and in a zip."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from model.files import paths

ROOT = Path(__file__).resolve().parents[2]


def test_a_checkout_uses_its_own_resources() -> None:
    assert paths.resources_root() == ROOT / "resources"
    assert paths.bundled_checkpoint().is_file()
    assert paths.desktop_template().is_file()
    assert [p.suffix for p in paths.icon_files()] == [".svg", ".png"]
    assert (paths.samples_dir() / "README.md").is_file()


def _run_elsewhere(code: str, sys_path: list[str], tmp_path: Path) -> str:
    """Run ``code`` in a fresh interpreter whose model/ has no resources/ beside it, so only
    the installed package can be found (as after ``pip install`` of the wheel)."""
    env_code = ("import sys; sys.path[:0] = " + repr(sys_path) + "\n" + code)
    out = subprocess.run([sys.executable, "-I", "-S", "-c", env_code], capture_output=True,
                         text=True, cwd=tmp_path, timeout=60,
                         env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _copy_model_package(dest: Path) -> None:
    (dest / "model" / "files").mkdir(parents=True)
    for name in ("__init__.py", "files/__init__.py", "files/paths.py"):
        (dest / "model" / name).write_bytes((ROOT / "model" / name).read_bytes())


def test_an_installed_package_is_found_through_importlib(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _copy_model_package(site)
    pkg = site / paths.PACKAGE / "checkpoints"
    pkg.mkdir(parents=True)
    (site / paths.PACKAGE / "__init__.py").write_text("")
    (site / paths.PACKAGE / "cifar10-gui.desktop").write_text("[Desktop Entry]\n")
    (pkg / paths.CHECKPOINT_NAME).write_bytes(b"weights")
    found = _run_elsewhere("from model.files import paths; print(paths.bundled_checkpoint())",
                           [str(site)], tmp_path)
    assert Path(found) == pkg / paths.CHECKPOINT_NAME


def test_a_zipped_package_is_extracted_once_to_the_cache(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _copy_model_package(site)
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"{paths.PACKAGE}/__init__.py", "")
        z.writestr(f"{paths.PACKAGE}/cifar10-gui.desktop", "[Desktop Entry]\n")
        z.writestr(f"{paths.PACKAGE}/checkpoints/{paths.CHECKPOINT_NAME}", b"weights")
        z.writestr(f"{paths.PACKAGE}/samples/README.md", "credits")
    code = ("from model.files import paths\n"
            "p = paths.bundled_checkpoint(); print(p); print(p.read_bytes().decode()); "
            "print((paths.samples_dir() / 'README.md').read_text())")
    first = _run_elsewhere(code, [str(site), str(archive)], tmp_path).splitlines()
    assert first[1:] == ["weights", "credits"]
    extracted = Path(first[0])
    assert extracted.is_relative_to(tmp_path / "cache" / "cifar10-resnet")
    assert not list(extracted.parents[2].glob("*.partial-*")), "temporary copies left behind"
    # A second start reuses the extracted copy rather than writing it again.
    mtime = extracted.stat().st_mtime_ns
    again = _run_elsewhere(code, [str(site), str(archive)], tmp_path).splitlines()
    assert again[0] == first[0] and extracted.stat().st_mtime_ns == mtime


def test_no_resources_anywhere_gives_paths_that_do_not_exist(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _copy_model_package(site)
    found = _run_elsewhere("from model.files import paths; p = paths.bundled_checkpoint(); "
                           "print(p.is_file(), paths.icon_files())", [str(site)], tmp_path)
    assert found == "False []"
