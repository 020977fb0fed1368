"""What model.data.images says about each kind of bad input, word for word, and the decoding
policy's arithmetic on exact integers (the survivors of scripts/mutation.py's first run)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from model.data import images
from model.data.images import ImageError, open_image, to_network_input


def reason_of(src, **kwargs) -> ImageError:
    with pytest.raises(ImageError) as err:
        open_image(src, **kwargs)
    return err.value


def png(path: Path, size=(10, 6), mode="RGB", colour=(10, 200, 30)) -> Path:
    Image.new(mode, size, colour).save(path)
    return path


def test_a_named_pipe_or_device_is_named_not_read(tmp_path: Path, fifo) -> None:
    # A FIFO with no writer would block the reader for ever; it was called an empty file.
    assert reason_of(fifo(tmp_path / "photo.jpg")).reason == \
        "is a named pipe (FIFO), not an image file"
    if Path("/dev/null").exists():
        assert reason_of(Path("/dev/null")).reason == "is a device, not an image file"


def test_a_path_too_long_is_said_so(tmp_path: Path) -> None:
    # It was "cannot decode image ([Errno 36] File name too long: ...)".
    path = tmp_path / ("d" * 300 + ".png")  # a name over NAME_MAX (255 on Linux and macOS)
    assert reason_of(path).reason == (f"the path, or a name in it, is too long for this system "
                                      f"({len(str(path)):,} characters)")


def test_jpeg_magic_without_a_jpeg_is_not_an_image() -> None:
    # JPEGs are opened by Pillow's JPEG plugin (model.data.images._opened); when its header
    # is not there, Image.open's wording applies, not the plugin's "not identified by this
    # driver".
    assert reason_of(b"\xff\xd8\xffnot a jpeg").reason == (
        "not an image, or a format this program cannot read")


def test_each_bad_input_gets_its_own_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "notes.png").write_text("not a picture")
    cases = {
        str(tmp_path / "empty.png"): "empty file (0 bytes)",
        str(tmp_path / "notes.png"): "not an image, or a format this program cannot read",
        str(tmp_path / "missing.png"): "file not found",
        str(tmp_path): "is a folder, not an image file",
    }
    for src, reason in cases.items():
        err = reason_of(src)
        assert (err.source, err.reason) == (src, reason)
    assert reason_of(b"", source="clipboard").reason == "empty data (0 bytes)"
    err = reason_of(12345, source="thing")
    assert (err.source, err.reason) == ("thing", "cannot read an image from a int")
    # Without a source name, the kind of object names it.
    assert reason_of(np.zeros((0, 5, 3), np.uint8)).source == "array"
    assert reason_of(b"\x00\x01").source == "image data"


@pytest.mark.parametrize(("array", "reason"), [
    (np.zeros((4, 4, 2), np.uint8),
     "unsupported array shape (4, 4, 2) (expected H×W, H×W×3 or H×W×4)"),
    (np.zeros((0, 5, 3), np.uint8), "empty array of shape (0, 5, 3)"),
    (np.zeros((5, 0), np.uint8), "empty array of shape (5, 0)"),
    (np.zeros((1, 0, 3), np.uint8), "empty array of shape (1, 0, 3)"),
    (np.full((4, 4, 3), np.nan, np.float32), "array holds NaN or infinite values"),
    (np.zeros((4, 4, 3), np.complex64),
     "unsupported array type complex64 (expected integers or floats)"),
])
def test_array_reasons(array: np.ndarray, reason: str) -> None:
    assert reason_of(array).reason == reason


def test_one_row_or_column_and_single_channel_arrays_are_images() -> None:
    assert open_image(np.full((1, 5, 3), 9, np.uint8)).size == (5, 1)
    assert open_image(np.full((5, 1), 9, np.uint8)).size == (1, 5)
    # H×W×1 is grey from its only channel.
    one = np.zeros((3, 4, 1), np.uint8)
    one[..., 0] = 200
    assert open_image(one).getpixel((0, 0)) == (200, 200, 200)


def test_pixel_limit_message_and_exact_boundary(tmp_path: Path) -> None:
    path = png(tmp_path / "a.png", size=(100, 50))
    assert open_image(path, max_pixels=5_000).size == (100, 50)  # exactly at the limit: read
    assert reason_of(path, max_pixels=4_999).reason == (
        "refused: 100×50 is 5,000 pixels, over the limit of 4,999 (a decompression bomb?)")


def test_a_jpeg_over_the_limit_is_read_at_the_smallest_reduction_that_fits(tmp_path: Path):
    path = tmp_path / "big.jpg"
    Image.new("RGB", (400, 200), (90, 120, 200)).save(path, quality=90)
    # 80,000 pixels. At 1/2: 200×100 = 20,000; at 1/4: 100×50 = 5,000; at 1/8: 50×25 = 1,250.
    assert open_image(path, max_pixels=80_000).size == (400, 200)  # at the limit: full size
    assert open_image(path, max_pixels=20_000).size == (200, 100)
    assert open_image(path, max_pixels=19_999).size == (100, 50)
    assert open_image(path, max_pixels=5_000).size == (100, 50)
    assert open_image(path, max_pixels=1_250).size == (50, 25)
    assert reason_of(path, max_pixels=1_249).reason == (
        "refused: 400×200 is 80,000 pixels, over the limit of 1,249 even read at 1/8 scale")
    # Odd sizes round up at each scale, as libjpeg does: 401×201 at 1/2 is 201×101.
    odd = tmp_path / "odd.jpg"
    Image.new("RGB", (401, 201), (90, 120, 200)).save(odd, quality=90)
    assert open_image(odd, max_pixels=201 * 101).size == (201, 101)
    assert open_image(odd, max_pixels=201 * 101 - 1).size == (101, 51)
    # A draft size still applies under the limit: the larger of the two reductions wins.
    assert open_image(path, max_pixels=20_000, draft_size=30).size == (100, 50)


def test_memory_estimate_refuses_with_the_sizes(tmp_path: Path, monkeypatch) -> None:
    path = png(tmp_path / "a.png", size=(100, 50))
    # RGB: 3 bytes a pixel and no conversion: 15,000 bytes.
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 15_000)
    assert open_image(path).size == (100, 50)
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 14_999)
    assert reason_of(path).reason.startswith("refused: 100×50 pixels in mode RGB need ")
    # Grey (1 byte) plus the RGB copy made of it (3): 20,000 bytes.
    grey = png(tmp_path / "g.png", size=(100, 50), mode="L", colour=7)
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 20_000)
    assert open_image(grey).size == (100, 50)
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 19_999)
    assert reason_of(grey).reason.startswith("refused: 100×50 pixels in mode L need ")
    # 16-bit grey ("I;16": 2 bytes, or "I": 4, by Pillow's version), doubled for the wide
    # conversion, plus 3 for the RGB copy.
    wide = tmp_path / "w.png"
    Image.fromarray(np.full((50, 100), 40000, np.uint16)).save(wide)
    with Image.open(wide) as opened:
        per_pixel = (2 if opened.mode.startswith("I;16") else 4) * 2 + 3
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 5_000 * per_pixel)
    assert open_image(wide).size == (100, 50)
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 5_000 * per_pixel - 1)
    assert "need " in reason_of(wide).reason
    # Float grey ("F"): 4 bytes doubled plus 3 = 11 a pixel.
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 55_000)
    assert open_image(Image.new("F", (100, 50), 0.5)).size == (100, 50)
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 54_999)
    assert "mode F need " in reason_of(Image.new("F", (100, 50), 0.5)).reason


def test_the_limit_in_the_message_is_in_megabytes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(images, "MAX_DECODE_BYTES", 2_000_000)
    path = png(tmp_path / "a.png", size=(1000, 1000))  # 3,000,000 bytes
    assert reason_of(path).reason == (
        "refused: 1000×1000 pixels in mode RGB need 3 MB to decode, over the limit of 2 MB")


def test_out_of_memory_is_said_plainly(tmp_path: Path, monkeypatch) -> None:
    path = png(tmp_path / "a.png")

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(images, "_decode", no_memory)
    err = reason_of(path)
    assert (err.source, err.reason) == (str(path), "not enough memory to decode this image")


def test_an_animation_handed_over_mid_way_gives_its_first_frame() -> None:
    frames = [Image.new("RGB", (8, 8), c) for c in ((255, 0, 0), (0, 255, 0))]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:])
    img = Image.open(io.BytesIO(buf.getvalue()))
    img.seek(1)
    assert open_image(img).getpixel((0, 0)) == (255, 0, 0)


def test_an_image_with_no_pixels_is_refused_by_name() -> None:
    for size in ((0, 5), (5, 0), (0, 0)):
        err = reason_of(Image.new("RGB", size))
        assert (err.source, err.reason) == ("image", f"invalid size {size[0]}×{size[1]}")
    # One pixel wide or high is small, not invalid.
    assert open_image(Image.new("RGB", (1, 5))).size == (1, 5)
    assert open_image(Image.new("RGB", (5, 1))).size == (5, 1)


def test_unusual_modes_become_rgb() -> None:
    assert open_image(Image.new("LA", (4, 4), (100, 0))).getpixel((0, 0)) == (255, 255, 255)
    assert open_image(Image.new("LA", (4, 4), (100, 255))).getpixel((0, 0)) == (100, 100, 100)
    assert open_image(Image.new("1", (4, 4), 1)).getpixel((0, 0)) == (255, 255, 255)
    pal = Image.new("P", (4, 4), 0)
    pal.putpalette([10, 20, 30] + [0] * 765)
    assert open_image(pal).getpixel((0, 0)) == (10, 20, 30)
    # A palette image with a transparent index is composited on white.
    pal.info["transparency"] = 0
    assert open_image(pal).getpixel((0, 0)) == (255, 255, 255)
    # A half-transparent pixel lands half-way to white.
    half = Image.new("RGBA", (4, 4), (0, 0, 0, 128))
    assert open_image(half).getpixel((0, 0)) == (127, 127, 127)


@pytest.mark.parametrize("mode", ["L", "RGBA", "RGB"])
def test_network_input_is_pillows_bicubic_resize(mode: str) -> None:
    # 400×300 to 32: over 3× smaller, so Pillow's reducing_gap step takes part.
    rng = np.random.default_rng(0)
    rgb = Image.fromarray(rng.integers(0, 256, (300, 400, 3), dtype=np.uint8))
    img = rgb.convert(mode)
    out = to_network_input(img, 32)
    expected = np.asarray(img.convert("RGB").resize((32, 32), Image.Resampling.BICUBIC,
                                                      reducing_gap=3.0))
    assert out.dtype == np.uint8 and out.shape == (32, 32, 3)
    np.testing.assert_array_equal(out, expected)
    # Through a smaller source size first, the path the bundled model's training images took.
    two_step = to_network_input(img, 64, source_size=32)
    small = img.convert("RGB").resize((32, 32), Image.Resampling.BICUBIC, reducing_gap=3.0)
    np.testing.assert_array_equal(
        two_step, np.asarray(small.resize((64, 64), Image.Resampling.BICUBIC, reducing_gap=3.0)))


@pytest.mark.parametrize(("error", "reason", "kind"), [
    (OSError("image file is truncated (3 bytes not processed)"),
     "truncated or damaged file (image file is truncated (3 bytes not processed))", "truncated"),
    (OSError("Premature   end of JPEG\nfile"),
     "truncated or damaged file (Premature end of JPEG file)", "truncated"),
    (FileNotFoundError(2, "No such file"), "file not found", "not_found"),
    (PermissionError(13, "Permission denied"), "permission denied", "permission"),
    (IsADirectoryError(21, "Is a directory"), "is a folder, not an image file", "folder"),
    (ValueError(""), "cannot decode image (ValueError)", "undecodable"),
    (SyntaxError("broken PNG chunk"), "cannot decode image (broken PNG chunk)", "undecodable"),
    (ValueError("x" * 200), f"cannot decode image ({'x' * 160})", "undecodable"),
])
def test_decoder_errors_in_our_words(error: BaseException, reason: str, kind: str) -> None:
    problem = images._reason(error)
    assert (str(problem), problem.kind) == (reason, kind)


def test_a_decoder_error_reaches_the_user_as_the_reason(tmp_path: Path, monkeypatch) -> None:
    path = png(tmp_path / "a.png")

    def broken(*args, **kwargs):
        raise ValueError("bad Huffman table")

    monkeypatch.setattr(images, "_decode", broken)
    assert reason_of(path).reason == "cannot decode image (bad Huffman table)"


def test_image_suffixes_are_what_pillow_opens_minus_the_stubs() -> None:
    suffixes = images.IMAGE_SUFFIXES
    assert {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"} <= suffixes
    assert all(s.startswith(".") and s == s.lower() for s in suffixes)
    # Formats Pillow registers but does not open, or only as stubs, are not walked.
    opened = {ext for ext, fmt in Image.registered_extensions().items() if fmt in Image.OPEN}
    assert suffixes <= opened and suffixes != opened


def test_each_file_problem_carries_a_kind_and_the_values_its_wording_needs(tmp_path: Path) -> None:
    # The app words reasons in its interface language from these (app/image_errors.py).
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "notes.png").write_text("not an image")
    (tmp_path / "folder.png").mkdir()
    cases = {tmp_path / "empty.png": ("empty", {}),
             tmp_path / "notes.png": ("not_image", {}),
             tmp_path / "folder.png": ("folder", {}),
             tmp_path / "missing.png": ("not_found", {})}
    for path, expected in cases.items():
        with pytest.raises(ImageError) as caught:
            open_image(path)
        assert (caught.value.kind, caught.value.detail) == expected, path
    with pytest.raises(ImageError) as caught:
        open_image(png(tmp_path / "big.png", size=(12, 5)), max_pixels=59)
    assert caught.value.kind == "too_many_pixels"
    assert caught.value.detail == {"width": "12", "height": "5", "limit": "59"}
    assert "12×5" in caught.value.reason  # the English reason is kept for the CLI and the CSV
