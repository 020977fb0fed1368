"""Data: the official python batches, image-folder trees, the decode cache and class alignment."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from model.data.datasets import DataError, align_classes, load_split

NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def write_batches(root: Path, per_batch: int = 4) -> Path:
    """A miniature cifar-10-batches-py folder in the official layout (protocol-2 pickles of
    dicts with bytes keys, as the original files are)."""
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for b, name in enumerate(names):
        data = rng.integers(0, 256, (per_batch, 3072), dtype=np.uint8)
        data[:, 0] = b  # the first red pixel records which batch an image came from
        labels = [(b + i) % 10 for i in range(per_batch)]
        with open(folder / name, "wb") as f:
            pickle.dump({b"data": data, b"labels": labels}, f, protocol=2)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({b"label_names": [n.encode() for n in NAMES]}, f, protocol=2)
    return folder


def test_official_batches_from_the_folder_or_its_parent(tmp_path: Path) -> None:
    folder = write_batches(tmp_path)
    for root in (tmp_path, folder):
        train = load_split(root, "train")
        assert train.images.shape == (20, 3, 32, 32) and train.images.dtype == np.uint8
        assert train.class_names == NAMES
        # Batches 1..5 in order; row-major 3072 bytes are R, G, B planes of 32×32.
        assert list(train.images[::4, 0, 0, 0]) == [0, 1, 2, 3, 4]
        assert list(train.labels[:4]) == [0, 1, 2, 3]
    test = load_split(tmp_path, "test")
    assert len(test) == 4 and test.images[0, 0, 0, 0] == 5


def test_batches_resized_when_asked(tmp_path: Path) -> None:
    write_batches(tmp_path)
    assert load_split(tmp_path, "test", size=16).images.shape == (4, 3, 16, 16)


def test_a_batch_file_that_would_run_code_is_refused(tmp_path: Path) -> None:
    folder = write_batches(tmp_path)
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    with open(folder / "test_batch", "wb") as f:
        pickle.dump({b"data": Exploit(), b"labels": []}, f, protocol=2)
    with pytest.raises(DataError, match="test_batch: not a readable CIFAR batch"):
        load_split(tmp_path, "test")
    assert not marker.exists()


def write_folder(root: Path, classes: list[str], per_class: int, size: int = 12) -> None:
    for c, name in enumerate(classes):
        d = root / "train" / name
        d.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            Image.new("RGB", (size, size), (20 * c, 100, 7 * i)).save(d / f"{i}.png")
    (root / "train" / classes[0] / "notes.txt").write_text("not an image")


def test_image_folder_tree_names_classes_from_folders(tmp_path: Path) -> None:
    write_folder(tmp_path / "data", ["zebra", "apple"], 3)
    arrays = load_split(tmp_path / "data", "train", size=8, cache_dir=tmp_path / "cache")
    assert arrays.class_names == ["apple", "zebra"]  # sorted, whatever the creation order
    assert arrays.images.shape == (6, 3, 8, 8)
    assert list(arrays.labels) == [0, 0, 0, 1, 1, 1]
    assert arrays.images[0, 0, 0, 0] == 20  # apple is class index 1 when written: red 20
    assert arrays.native_size == 12  # every source image is 12×12


def test_native_size_is_kept_through_the_cache_and_none_for_mixed_sizes(tmp_path: Path) -> None:
    write_folder(tmp_path / "data", ["a", "b"], 2, size=10)
    for _ in range(2):  # decoded, then read back from the cache
        arrays = load_split(tmp_path / "data", "train", size=16, cache_dir=tmp_path / "cache")
        assert arrays.native_size == 10 and arrays.images.shape[2:] == (16, 16)
    Image.new("RGB", (10, 14)).save(tmp_path / "data" / "train" / "a" / "tall.png")
    assert load_split(tmp_path / "data", "train", size=16,
                      cache_dir=tmp_path / "cache").native_size is None
    write_batches(tmp_path / "b")
    assert load_split(tmp_path / "b", "test", size=64).native_size == 32


def test_cache_is_used_and_invalidated_when_the_source_changes(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    write_folder(data, ["a", "b"], 2)
    first = load_split(data, "train", size=8, cache_dir=cache)
    files = list(cache.glob("*.npz"))
    assert len(files) == 1
    # A second load reads the cache: make that visible by altering the cached array.
    with np.load(files[0]) as z:
        doctored = {k: z[k] for k in z.files}
    doctored["images"] = np.zeros_like(doctored["images"])
    with open(files[0], "wb") as f:
        np.savez(f, **doctored)
    assert load_split(data, "train", size=8, cache_dir=cache).images.max() == 0
    # Changing a source image (new size and mtime) makes a new cache entry from the files.
    img = data / "train" / "a" / "0.png"
    Image.new("RGB", (13, 13), (255, 0, 0)).save(img)
    os.utime(img, ns=(img.stat().st_atime_ns, img.stat().st_mtime_ns + 10**9))
    fresh = load_split(data, "train", size=8, cache_dir=cache)
    assert fresh.images[0, 0, 0, 0] == 255 and fresh.images[1:].max() > 0
    assert len(list(cache.glob("*.npz"))) == 2
    assert np.array_equal(fresh.images[1:], first.images[1:])


def test_unreadable_image_in_a_tree_is_left_out_and_named(tmp_path: Path) -> None:
    write_folder(tmp_path, ["a"], 1)
    bad = tmp_path / "train" / "a" / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff garbage")
    for _ in range(2):  # decoded, then from the cache: the list is kept with the images
        arrays = load_split(tmp_path, "train", cache_dir=tmp_path / "cache")
        (path, reason), = arrays.skipped
        assert path == str(bad) and reason.startswith("cannot read image")
        assert len(arrays) == len(arrays.labels) == arrays.images.shape[0]
    for good in (tmp_path / "train" / "a").glob("*.png"):
        good.write_bytes(b"not a png either")
    with pytest.raises(DataError, match=r"train: none of its \d+ images could be read \(first: "):
        load_split(tmp_path, "train", cache_dir=tmp_path / "cache")


def test_a_named_pipe_in_a_tree_is_left_out_and_named_not_read(tmp_path: Path, fifo) -> None:
    write_folder(tmp_path, ["a"], 1)
    pipe = fifo(tmp_path / "train" / "a" / "photo.jpg")  # reading it would block for ever
    arrays = load_split(tmp_path, "train", cache_dir=tmp_path / "cache")
    (path, reason), = arrays.skipped
    assert path == str(pipe) and reason == "not a regular file (a named pipe or a device)"


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="neither a cifar-10-batches-py folder"):
        load_split(tmp_path, "train")
    with pytest.raises(DataError) as err:  # a typo: it said "neither ... nor ..." too
        load_split(tmp_path / "nowhere", "train")
    assert str(err.value) == f"{tmp_path / 'nowhere'}: not found"
    (tmp_path / "notes.txt").write_text("not data")
    with pytest.raises(DataError, match="notes.txt: not a folder"):
        load_split(tmp_path / "notes.txt", "test")


def test_align_classes_relabels_by_name(tmp_path: Path) -> None:
    write_folder(tmp_path, ["cat", "dog"], 1)
    arrays = load_split(tmp_path, "train", size=8, cache_dir=tmp_path / "cache")
    flipped = align_classes(arrays, ["dog", "cat"])
    assert flipped.class_names == ["dog", "cat"] and list(flipped.labels) == [1, 0]
    with pytest.raises(DataError) as err:
        align_classes(arrays, ["dog", "bird"])
    assert str(err.value) == (f"{arrays.source}: its 2 classes (cat, dog) do not match the "
                              "checkpoint's 2 classes (dog, bird)")
    # A 1000-class checkpoint's names made a 10 KB line: the first 12 and the count.
    with pytest.raises(DataError) as err:
        align_classes(arrays, [f"c{i}" for i in range(1000)])
    assert str(err.value).endswith("the checkpoint's 1000 classes (c0, c1, c2, c3, c4, c5, c6, "
                                   "c7, c8, c9, c10, c11, …)")


def test_a_file_name_that_is_not_utf8_does_not_refuse_the_data_set(tmp_path: Path) -> None:
    # str.encode raised on its lone surrogates: train, eval, fit-detector and the experiment
    # refused the whole folder with a message that named no file.
    import os

    from model.data.datasets import fingerprint

    name = tmp_path / os.fsdecode(b"photo_\xe9t\xe9.png")
    name.write_bytes(b"x")
    plain = tmp_path / "plain.png"
    plain.write_bytes(b"x")
    key = fingerprint([(name, 0), (plain, 1)], 32)
    assert len(key) == 24 and key != fingerprint([(plain, 1)], 32)
