"""Image errors worded in the interface language, or shown as model/ gave them."""

from __future__ import annotations

from app.image_errors import IMAGE_ERRORS, error_text
from app.results import HistoryEntry


def test_a_known_kind_is_worded_with_its_values(qapp):
    entry = HistoryEntry("a.png", error="refused: 12×5 is 60 pixels, over the limit of 59",
                         error_kind="too_many_pixels",
                         error_detail=(("height", "5"), ("limit", "59"), ("width", "12")))
    assert error_text(entry) == "refused: 12×5 pixels, over the limit of 59 pixels"


def test_an_unknown_kind_or_missing_values_fall_back_to_the_english_reason(qapp):
    assert error_text(HistoryEntry("a.png", error="a new reason", error_kind="new")) == \
        "a new reason"
    assert error_text(HistoryEntry("a.png", error="cannot decode image (x)",
                                   error_kind="undecodable")) == "cannot decode image (x)"
    assert error_text(HistoryEntry("a.png", error="TypeError: boom")) == "TypeError: boom"


def test_every_kind_model_raises_has_a_wording():
    # The kinds model/data/images.py gives, read from its source so a new one is noticed here.
    import re
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "model" / "data" / "images.py").read_text(
        encoding="utf-8")
    kinds = set(re.findall(r'_Problem\([^()]*?(?:\([^()]*\)[^()]*?)*?, "([a-z_]+)"', source,
                           flags=re.S))
    kinds |= {"fifo", "socket", "device"}  # chosen in a tuple, not written in the call
    assert len(kinds) >= 15
    assert kinds <= set(IMAGE_ERRORS), kinds - set(IMAGE_ERRORS)
