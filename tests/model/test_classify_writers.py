"""cifar10 classify's three writers, fed results directly: what each prints for answers, not-sure
answers and failures, and the (classified, failed) counts the exit status and the summary line
come from (the survivors of scripts/mutation.py's first run)."""

from __future__ import annotations

import csv
import io
import json

import numpy as np

from model.cli import classify
from model.data.images import ImageError
from model.inference.classifier import Prediction


def pred(source: str, labels: tuple[str, ...], probs: tuple[float, ...],
         reasons: tuple[str, ...] = ()) -> Prediction:
    return Prediction(source, labels, probs, np.zeros((2, 2, 3), np.uint8), 0.01, reasons)


RESULTS = [
    pred("a.png", ("cat", "dog"), (0.75, 0.25)),
    ImageError("b.png", "file not found"),
    pred("c.png", ("airplane", "ship"), (0.4, 0.35), ("low_confidence",)),
    pred("f.png", ("truck", "ship"), (0.45, 0.3), ("low_confidence", "unfamiliar")),
    ImageError("d.png", "empty file (0 bytes)"),
    pred("e.png", ("frog", "deer"), (0.9, 0.1), ("unlike_training",)),
]


def test_table_lines_and_counts() -> None:
    out = io.StringIO()
    assert classify._write_table(iter(RESULTS), out, 7) == (4, 2)
    assert out.getvalue().splitlines() == [
        "a.png",
        "  1. cat   75.00%",
        "  2. dog   25.00%",
        "b.png",
        "  error: file not found",
        "c.png",
        "  1. airplane   40.00%",
        "  2. ship       35.00%",
        "  Not sure: the model is unsure between classes (the top class has a probability "
        "under 50% after calibration)",
        "f.png",
        "  1. truck   45.00%",
        "  2. ship    30.00%",
        "  Not sure: this does not look like any of the 7 classes (the top class has a "
        "probability under 50% after calibration; the image is unlike the images the network "
        "was calibrated on (energy score))",
        "d.png",
        "  error: empty file (0 bytes)",
        "e.png",
        "  1. frog   90.00%",
        "  2. deer   10.00%",
        "  Not sure: this does not look like any of the 7 classes (the image is far from every "
        "training image (feature detector))",
    ]


def test_json_records_and_counts() -> None:
    out = io.StringIO()
    assert classify._write_json(iter(RESULTS), out) == (4, 2)
    records = json.loads(out.getvalue())
    assert [r["path"] for r in records] == ["a.png", "b.png", "c.png", "f.png", "d.png", "e.png"]
    assert records[1] == {"path": "b.png", "error": "file not found"}
    assert records[0] == {"path": "a.png", "top": [{"label": "cat", "probability": 0.75},
                                                    {"label": "dog", "probability": 0.25}],
                          "not_sure": False, "not_sure_reasons": []}
    assert records[5]["not_sure"] is True and records[5]["not_sure_reasons"] == [
        "unlike_training"]
    assert records[3]["not_sure_reasons"] == ["low_confidence", "unfamiliar"]
    assert out.getvalue().endswith("]\n")


def test_csv_rows_and_counts() -> None:
    out = io.StringIO()
    assert classify._write_csv(iter(RESULTS), out) == (4, 2)
    text = out.getvalue()
    assert "\r" not in text  # one newline per row, whatever the platform
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["path", "rank", "label", "probability", "error", "not_sure",
                       "not_sure_reasons"]
    assert rows[1:] == [
        ["a.png", "1", "cat", "0.750000", "", "0", ""],
        ["a.png", "2", "dog", "0.250000", "", "0", ""],
        ["b.png", "", "", "", "file not found", "", ""],
        ["c.png", "1", "airplane", "0.400000", "", "1", "low_confidence"],
        ["c.png", "2", "ship", "0.350000", "", "1", "low_confidence"],
        ["f.png", "1", "truck", "0.450000", "", "1", "low_confidence;unfamiliar"],
        ["f.png", "2", "ship", "0.300000", "", "1", "low_confidence;unfamiliar"],
        ["d.png", "", "", "", "empty file (0 bytes)", "", ""],
        ["e.png", "1", "frog", "0.900000", "", "1", "unlike_training"],
        ["e.png", "2", "deer", "0.100000", "", "1", "unlike_training"],
    ]


def test_csv_quotes_names_with_line_breaks_of_either_kind() -> None:
    # With "\n" row ends the csv module quoted "\n" but not "\r": "cr\rx.png" split its row.
    names = ["cr\rx.png", "lf\nx.png", "crlf\r\nx.png", "end\r"]
    out = io.StringIO()
    classify._write_csv(iter([pred(n, ("cat",), (1.0,)) for n in names]), out)
    text = out.getvalue()
    assert text.endswith(',0,\n') and not text.endswith('\r\n')
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[0] for row in rows[1:]] == names


def test_every_writer_counts_nothing_for_nothing() -> None:
    assert classify._write_table(iter([]), io.StringIO(), 10) == (0, 0)
    assert classify._write_json(iter([]), io.StringIO()) == (0, 0)
    assert classify._write_csv(iter([]), io.StringIO()) == (0, 0)
    only_failures = [ImageError("x.png", "file not found")] * 2
    for writer in (lambda r, o: classify._write_table(r, o, 10), classify._write_json,
                   classify._write_csv):
        assert writer(iter(only_failures), io.StringIO()) == (0, 2)
