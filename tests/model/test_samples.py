"""The bundled sample gallery (resources/samples): every class present, loadable, credited."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from model.data.images import open_image
from model.data.labels import CIFAR10_CLASSES
from model.files.paths import sample_images, samples_dir

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_samples.py"


def _class_of(path: Path) -> str:
    return path.stem.rsplit("_", 1)[0]


def test_every_class_has_a_sample() -> None:
    images = sample_images()
    assert images, f"no sample images in {samples_dir()}"
    assert {_class_of(p) for p in images} == set(CIFAR10_CLASSES)


def test_sample_names_are_class_and_dataset_index() -> None:
    for path in sample_images():
        cls, _, index = path.stem.rpartition("_")
        assert cls in CIFAR10_CLASSES, path.name
        assert len(index) == 4 and index.isdigit(), path.name


def test_samples_open_as_cifar_sized_rgb() -> None:
    for path in sample_images():
        image = open_image(path)
        assert image.size == (32, 32) and image.mode == "RGB", path.name


def test_readme_credits_the_dataset() -> None:
    text = (samples_dir() / "README.md").read_text(encoding="utf-8")
    assert "Learning Multiple Layers of Features from Tiny Images" in text
    assert "Krizhevsky" in text and "https://www.cs.toronto.edu/~kriz/cifar.html" in text
    assert "80 Million Tiny Images" in text


def test_missing_folder_gives_no_samples(tmp_path: Path) -> None:
    assert sample_images(tmp_path / "nowhere") == []


def test_only_image_files_are_listed(tmp_path: Path) -> None:
    for name in ("b_0001.jpg", "a_0000.PNG", "README.md", ".hidden.jpg"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "folder.jpg").mkdir()
    assert [p.name for p in sample_images(tmp_path)] == ["a_0000.PNG", "b_0001.jpg"]


def test_script_copies_the_first_images_unchanged(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_samples", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    data = tmp_path / "test"
    for cls in CIFAR10_CLASSES:
        (data / cls).mkdir(parents=True)
        for i in (2, 0, 1, 10):  # created out of order: the script must sort
            (data / cls / f"{i:04d}.jpg").write_bytes(f"{cls}{i}".encode())
    out = tmp_path / "out"
    assert script.main(["--data", str(data), "--out", str(out), "--per-class", "2"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{cls}_{i:04d}.jpg" for cls in CIFAR10_CLASSES for i in (0, 1))
    assert (out / "cat_0001.jpg").read_bytes() == b"cat1"
