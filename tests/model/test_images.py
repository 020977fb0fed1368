"""Image reading: every kind of input, every kind of bad file, built as real files here."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from model.data.images import (
    IMAGE_SUFFIXES,
    ImageError,
    find_images,
    open_image,
    to_network_input,
)

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def near(pixel: tuple[int, ...], colour: tuple[int, ...], tol: int = 12) -> bool:
    return all(abs(int(a) - int(b)) <= tol for a, b in zip(pixel, colour))


def noisy_jpeg(path: Path, size: tuple[int, int] = (256, 256)) -> bytes:
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)).save(path)
    return path.read_bytes()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A tiny PNG whose header claims width×height pixels (10 gigapixels by default)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
                     + png_chunk(b"IEND", b""))
    return path


# --------------------------------------------------------------------------------------------
# Bad files: a clear ImageError naming the file


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(ImageError) as err:
        open_image(path)
    assert err.value.source == str(path)
    assert "empty" in err.value.reason
    assert str(err.value) == f"{path}: {err.value.reason}"


def test_truncated_jpeg(tmp_path: Path) -> None:
    data = noisy_jpeg(tmp_path / "full.jpg")
    path = tmp_path / "truncated.jpg"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImageError) as err:
        open_image(path)
    assert err.value.source == str(path)
    assert "truncated" in err.value.reason


def test_text_renamed_png(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("this is not a picture\n" * 20)
    with pytest.raises(ImageError, match="not an image"):
        open_image(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="file not found"):
        open_image(tmp_path / "nope.png")
    with pytest.raises(ImageError, match="folder"):
        open_image(tmp_path)


def test_decompression_bomb_refused_by_our_limit(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # With Pillow's global limit switched off, our own size check must still refuse it.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    path = bomb_png(tmp_path / "bomb.png")
    with pytest.raises(ImageError) as err:
        open_image(path)
    assert "refused" in err.value.reason and "100000×100000" in err.value.reason


def test_decompression_bomb_refused_with_pillows_default(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="refused"):
        open_image(bomb_png(tmp_path / "bomb.png"))


@pytest.mark.parametrize("as_bytes", [False, True])
def test_a_jpeg_over_pillows_limit_is_read_at_draft_scale(tmp_path: Path, as_bytes: bool,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's limit scaled down (so the test needs no 180-megapixel file): Image.open refused a
    # JPEG over twice its limit before draft mode could bring it under ours, and warned above it.
    path = tmp_path / "panorama.jpg"
    Image.new("RGB", (400, 200), RED).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 30_000)  # 80,000 px: over twice as many
    src = path.read_bytes() if as_bytes else path
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        assert open_image(src, draft_size=32).size == (100, 50)  # 1/4: still 32 px a side
        assert open_image(src).size == (400, 200)  # under our limit: whole
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50_000)  # the warning's range
        assert open_image(src).size == (400, 200)
    with pytest.raises(ImageError, match="over the limit of 1,000 even read at 1/8 scale"):
        open_image(src, max_pixels=1_000)  # our policy still decides


def test_pixel_limit_is_ours(tmp_path: Path) -> None:
    path = tmp_path / "small.png"
    Image.new("RGB", (100, 100), RED).save(path)
    assert open_image(path, max_pixels=10_000).size == (100, 100)
    with pytest.raises(ImageError, match="10,001 pixels|over the limit"):
        open_image(path, max_pixels=9_999)


def test_bad_arrays_and_objects() -> None:
    with pytest.raises(ImageError, match="shape"):
        open_image(np.zeros((4, 4, 2), np.uint8))
    with pytest.raises(ImageError, match="NaN"):
        open_image(np.full((4, 4, 3), np.nan, np.float32))
    with pytest.raises(ImageError, match="type"):
        open_image(np.zeros((4, 4, 3), np.complex64))
    with pytest.raises(ImageError, match="empty"):
        open_image(b"", source="clipboard image")
    with pytest.raises(ImageError) as err:
        open_image(12345, source="thing")
    assert err.value.source == "thing"


# --------------------------------------------------------------------------------------------
# Colour modes and formats -> RGB


def test_16bit_png_scaled_not_clipped(tmp_path: Path) -> None:
    values = np.array([[0, 128 * 257, 65535]], dtype=np.uint16)
    path = tmp_path / "deep.png"
    Image.fromarray(values).save(path)
    assert Image.open(path).mode.startswith("I")  # really a 16-bit file
    img = open_image(path)
    assert img.mode == "RGB"
    assert [img.getpixel((x, 0)) for x in range(3)] == [(0, 0, 0), (128, 128, 128),
                                                       (255, 255, 255)]


def test_cmyk_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("RGB", (16, 16), RED).convert("CMYK").save(path, quality=95)
    assert Image.open(path).mode == "CMYK"
    img = open_image(path)
    assert img.mode == "RGB" and near(img.getpixel((8, 8)), RED)


def test_animated_gif_uses_first_frame(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (8, 8), c) for c in (GREEN, RED, BLUE)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=50, loop=0)
    assert Image.open(path).n_frames == 3
    img = open_image(path)
    assert img.mode == "RGB" and near(img.getpixel((4, 4)), GREEN)


def test_rgba_png_composited_on_white(tmp_path: Path) -> None:
    rgba = np.zeros((4, 4, 4), np.uint8)  # fully transparent black ...
    rgba[0, 0] = (255, 0, 0, 255)         # ... except one opaque red pixel
    rgba[0, 1] = (0, 0, 0, 128)           # and one half-transparent black pixel
    path = tmp_path / "alpha.png"
    Image.fromarray(rgba).save(path)
    img = open_image(path)
    assert img.mode == "RGB"
    assert img.getpixel((3, 3)) == WHITE
    assert img.getpixel((0, 0)) == RED
    assert near(img.getpixel((1, 0)), (127, 127, 127), tol=2)


def test_palette_with_transparency_and_grayscale(tmp_path: Path) -> None:
    pal = Image.new("P", (4, 4), 0)
    pal.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    pal.putpixel((0, 0), 1)
    path = tmp_path / "pal.png"
    pal.save(path, transparency=0)
    img = open_image(path)
    assert img.getpixel((0, 0)) == BLUE and img.getpixel((2, 2)) == WHITE
    grey = tmp_path / "grey.png"
    Image.new("L", (4, 4), 77).save(grey)
    assert open_image(grey).getpixel((1, 1)) == (77, 77, 77)


def test_exif_orientation_applied(tmp_path: Path) -> None:
    # Stored 40 wide × 20 high, left half red, right half blue, with Orientation 6 ("rotate 90°
    # clockwise to display"), as phones write portrait photos.
    arr = np.zeros((20, 40, 3), np.uint8)
    arr[:, :20] = RED
    arr[:, 20:] = BLUE
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "rotated.jpg"
    Image.fromarray(arr).save(path, exif=exif, quality=95)
    img = open_image(path)
    assert img.size == (20, 40)  # width and height swapped
    assert near(img.getpixel((10, 5)), RED) and near(img.getpixel((10, 35)), BLUE)


def test_jpeg_draft_mode_decodes_large_photos_small(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    Image.new("RGB", (2400, 1600), BLUE).save(path)
    full = open_image(path)
    small = open_image(path, draft_size=32)
    assert full.size == (2400, 1600)
    assert small.size == (300, 200)  # 1/8 scale, still at least 32 on each side
    assert near(small.getpixel((150, 100)), BLUE)
    # draft never goes below the size asked for
    assert min(open_image(path, draft_size=500).size) >= 500


# --------------------------------------------------------------------------------------------
# Other sources


def test_bytes_pil_and_arrays(tmp_path: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (5, 3), GREEN).save(buf, format="PNG")
    assert open_image(buf.getvalue()).getpixel((0, 0)) == GREEN

    rgba = Image.new("RGBA", (5, 3), (0, 0, 0, 0))
    out = open_image(rgba)
    assert out.mode == "RGB" and out.getpixel((0, 0)) == WHITE
    assert rgba.mode == "RGBA" and rgba.getpixel((0, 0)) == (0, 0, 0, 0)  # caller's untouched

    assert open_image(np.full((3, 5), 200, np.uint8)).getpixel((0, 0)) == (200, 200, 200)
    assert open_image(np.full((3, 5, 3), 0.5, np.float32)).getpixel((0, 0)) == (128, 128, 128)
    assert open_image(np.full((3, 5, 3), 65535, np.uint16)).getpixel((0, 0)) == WHITE
    four = np.zeros((3, 5, 4), np.uint8)
    assert open_image(four).getpixel((0, 0)) == WHITE
    assert open_image(np.zeros((3, 5, 3), np.uint8)).size == (5, 3)


def test_to_network_input_shape_and_antialiasing() -> None:
    # A one-pixel checkerboard averages to mid-grey when shrunk with a low-pass filter; without
    # antialiasing (nearest or point sampling) the result would be black/white pixels.
    checker = (np.indices((256, 256)).sum(axis=0) % 2 * 255).astype(np.uint8)
    out = to_network_input(Image.fromarray(checker).convert("RGB"), 32)
    assert out.shape == (32, 32, 3) and out.dtype == np.uint8
    assert abs(float(out.mean()) - 127.5) < 3 and out.std() < 3
    same = np.random.default_rng(1).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    assert np.array_equal(to_network_input(Image.fromarray(same), 32), same)


def test_a_source_size_reduces_first_then_enlarges() -> None:
    # A network trained on 32-px images enlarged to 64 (source_size 32) must see a photo as
    # those images were made: reduced to 32, then enlarged. Straight to 64, a 64-px
    # checkerboard keeps its one-pixel detail; through 32 it is averaged away first.
    checker = (np.indices((64, 64)).sum(axis=0) % 2 * 255).astype(np.uint8)
    img = Image.fromarray(checker).convert("RGB")
    assert np.array_equal(to_network_input(img, 64), np.asarray(img))
    via = to_network_input(img, 64, source_size=32)
    assert via.shape == (64, 64, 3) and via.std() < 3
    small = to_network_input(img, 32)
    assert np.array_equal(via, to_network_input(Image.fromarray(small), 64))
    # A 32-px image (a CIFAR-10 picture) goes straight up, as it did in training.
    tiny = np.random.default_rng(2).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    assert np.array_equal(to_network_input(Image.fromarray(tiny), 64, 32),
                          to_network_input(Image.fromarray(tiny), 64))


def test_links_that_lead_nowhere_say_so(tmp_path: Path) -> None:
    loop = tmp_path / "loop.png"
    loop.symlink_to(loop)
    broken = tmp_path / "broken.png"
    broken.symlink_to(tmp_path / "nowhere.png")
    with pytest.raises(ImageError, match=r"loop.png: a symbolic link loop"):
        open_image(loop)
    with pytest.raises(ImageError, match=r"broken.png: a broken symbolic link"):
        open_image(broken)
    with pytest.raises(ImageError, match=r"missing.png: file not found"):
        open_image(tmp_path / "missing.png")


def test_find_images(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.png", "b/1.JPG", "a/deep/3.webp", "a/readme.txt", "a/.secret.png",
                 ".hidden/4.png", "c.tiff"):
        (tmp_path / name).write_bytes(b"x")
    odd = tmp_path / "a" / "readme.txt"
    found = find_images([tmp_path, odd, tmp_path / "missing.png"])
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["a/deep/3.webp", "b/1.JPG", "b/2.png", "c.tiff", "a/readme.txt",
                   "missing.png"]
    assert {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff"} <= IMAGE_SUFFIXES


def test_images_module_does_not_import_torch() -> None:
    code = "import sys, model.data.images; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


# --------------------------------------------------------------------------------------------
# The decoding policy: limits on what a decode costs, depth by the values' range


def test_a_jpeg_over_the_pixel_limit_is_read_through_draft_mode(tmp_path: Path) -> None:
    # The default limit with a 144-megapixel photo works the same way; a small limit keeps the
    # test cheap: 2000×1500 (3 MP) against 1 MP decodes at 1/2 scale (0.75 MP).
    path = tmp_path / "big.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (1500, 2000, 3), np.uint8)).save(
        path, quality=90)
    img = open_image(path, max_pixels=1_000_000)
    assert img.size == (1000, 750)
    with pytest.raises(ImageError, match="3,000,000 pixels, over the limit of 40,000 even read "
                                         "at 1/8 scale"):
        open_image(path, max_pixels=40_000)  # even 1/8 (250×188) is too many
    # A PNG has no draft mode: over the limit it is refused.
    png = tmp_path / "big.png"
    Image.open(path).save(png)
    with pytest.raises(ImageError, match="refused: 2000×1500 is 3,000,000 pixels, over"):
        open_image(png, max_pixels=1_000_000)


def test_decode_memory_is_limited_by_depth(tmp_path: Path, monkeypatch) -> None:
    import model.data.images

    values = np.arange(600 * 400, dtype=np.uint16).reshape(400, 600)
    path = tmp_path / "deep.png"
    Image.fromarray(values).save(path)
    # 240,000 pixels × (2 bytes, its copy, and 3 for RGB) = 1.68 MB
    monkeypatch.setattr(model.data.images, "MAX_DECODE_BYTES", 1_700_000)
    assert open_image(path).size == (600, 400)
    monkeypatch.setattr(model.data.images, "MAX_DECODE_BYTES", 1_600_000)
    with pytest.raises(ImageError, match=r"refused: 600×400 pixels in mode I;16 need 2 MB"):
        open_image(path)


def _tiff(path: Path, arr: np.ndarray) -> Path:
    import tifffile

    tifffile.imwrite(path, arr, photometric="rgb" if arr.ndim == 3 else "minisblack")
    return path


def test_integer_and_float_tiffs_are_scaled_by_their_range(tmp_path: Path) -> None:
    ramp = np.array([[0, 100, 255]])
    # 32-bit integers holding 8-bit values: kept as they are (they came out black before).
    img = open_image(_tiff(tmp_path / "int32.tif", ramp.astype(np.int32)))
    assert [img.getpixel((x, 0))[0] for x in range(3)] == [0, 100, 255]
    # Floats above 1 (here 0-1000): scaled by their range, not clipped to white.
    img = open_image(_tiff(tmp_path / "f32.tif", np.array([[0.0, 500.0, 1000.0]], np.float32)))
    assert [img.getpixel((x, 0))[0] for x in range(3)] == [0, 128, 255]
    # Floats in 0-1: times 255.
    img = open_image(_tiff(tmp_path / "unit.tif", np.array([[0.0, 0.5, 1.0]], np.float32)))
    assert [img.getpixel((x, 0))[0] for x in range(3)] == [0, 128, 255]


def test_a_tiff_pillow_cannot_read_falls_back_to_tifffile(tmp_path: Path) -> None:
    rgb = np.zeros((4, 6, 3), np.float64)
    rgb[..., 0] = 1.0  # pure red, as float64 in 0-1
    path = _tiff(tmp_path / "rgb64.tif", rgb)
    with pytest.raises(Exception):
        Image.open(path).load()  # Pillow alone cannot
    img = open_image(path)
    assert img.size == (6, 4) and img.getpixel((0, 0)) == (255, 0, 0)


def test_the_walk_takes_every_suffix_pillow_opens(tmp_path: Path) -> None:
    for name in ("a.jfif", "b.jp2", "c.avif", "d.qoi", "e.tif", "notes.txt", "f.h5"):
        (tmp_path / name).write_bytes(b"x")
    found = {p.name for p in find_images([tmp_path])}
    assert {"a.jfif", "b.jp2", "e.tif"} <= found and not {"notes.txt", "f.h5"} & found
    from PIL import features

    assert ("c.avif" in found) == features.check("avif")
