"""Decoding the next files while the network runs on the current batch.

Pillow releases the GIL while it decodes and resizes, and ONNX Runtime while it runs, so a few
decoder threads keep the network fed when decoding is the slow part: folders of camera photos.
Only where decoding is slow (:data:`DECODE_AHEAD_ABOVE`): figures in benchmarks/README.md.
"""

from __future__ import annotations

import os
import statistics
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import TypeVar

S = TypeVar("S")
T = TypeVar("T")


# Files that decode faster than this are decoded in the calling thread. Measured here
# (2026-12-03): with two decoder threads a folder of 20,000 unreadable files took 7.8-8.3 s in
# the window against 4.1-4.5 s, and its longest stall reached 36.9 ms, the threads competing for
# the GIL over files that fail at once; 320x240 JPEGs decode in well under a millisecond at the
# network's size, a 12-megapixel photo in draft mode in tens of milliseconds.
DECODE_AHEAD_ABOVE = 0.002
# How many files are timed for that decision; their median counts, so that neither one cold
# file nor one quick one (a broken file among photos) decides alone. One was not enough: on a
# 2-core AMD EPYC (2026-12-07) the first of a folder of unreadable files took 2.98 ms once
# (cold caches) where the next ones took 0.3-0.7, and two decoder threads then ran for the whole
# folder (ad-hoc probe of the window's batch, 3 runs of 3,000 files).
PROBE_FILES = 3


def default_decode_threads() -> int:
    """Two threads where there are at least two cores (what was measured), else none."""
    return 2 if (os.cpu_count() or 1) >= 2 else 0


def decoded_in_order(sources: Iterable[S], decode: Callable[[S], T], threads: int,
                     ahead: int, serial_below: float = 0.0) -> Iterator[T]:
    """``decode(source)`` of every source, in order. With ``threads`` > 0 a pool decodes up to
    ``ahead`` sources beyond the one returned; with 0 each is decoded when it is asked for. An
    exception ``decode`` raises comes out where that source's result would (later results are
    not returned). ``sources`` is read lazily, as far as the look-ahead needs. Closing the
    iterator early stops the pool: sources not started are never decoded, and the ones in
    progress are waited for.

    ``serial_below``: the first :data:`PROBE_FILES` sources are decoded in the calling thread,
    and if the median of their times is under this many seconds the rest are too (no pool):
    decoding is then not the slow part, and the threads would only compete for the GIL (see
    :data:`DECODE_AHEAD_ABOVE`)."""
    items = iter(sources)
    if threads > 0 and serial_below > 0:
        times = []
        for first in islice(items, PROBE_FILES):
            start = time.perf_counter()
            result = decode(first)
            times.append(time.perf_counter() - start)
            yield result
        if not times:
            return
        if statistics.median(times) < serial_below:
            threads = 0
    if threads <= 0:
        for source in items:
            yield decode(source)
        return
    pool = ThreadPoolExecutor(threads, thread_name_prefix="decode")
    pending: deque[Future[T]] = deque()

    def top_up() -> None:
        while len(pending) < max(1, ahead):
            try:
                source = next(items)
            except StopIteration:
                return
            pending.append(pool.submit(decode, source))

    try:
        top_up()
        while pending:
            result = pending.popleft().result()
            top_up()  # the next sources start before this result is used
            yield result
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def decoded_batches(sources: Iterable[S], decode: Callable[[S], T], batch_size: int,
                    threads: int, serial_below: float = 0.0) -> Iterator[list[T]]:
    """:func:`decoded_in_order` in lists of ``batch_size`` (the last may be shorter), decoded up
    to two batches ahead of the one returned."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    items = decoded_in_order(sources, decode, threads, 2 * batch_size, serial_below)
    try:
        while True:
            batch = list(islice(items, batch_size))
            if not batch:
                return
            yield batch
    finally:
        items.close()
