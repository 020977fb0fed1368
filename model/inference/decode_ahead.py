"""Decoding the next files while the network runs on the current batch.

Pillow releases the GIL while it decodes and resizes, and ONNX Runtime while it runs, so a few
decoder threads keep the network fed when decoding is the slow part: folders of camera photos.
Measured on the development VM (2 cores, 2026-12-03, an ad-hoc probe, five random-order rounds,
ONNX Runtime's default threads): 1600×1200 JPEGs 156 against 97 img/s with two decoder threads
(×1.61); 320×240 JPEGs, where the network takes most of the time, ×0.99 (benchmarks/README.md).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import TypeVar

S = TypeVar("S")
T = TypeVar("T")


def default_decode_threads() -> int:
    """Two threads where there are at least two cores (what was measured), else none."""
    return 2 if (os.cpu_count() or 1) >= 2 else 0


def decoded_in_order(sources: Iterable[S], decode: Callable[[S], T], threads: int,
                     ahead: int) -> Iterator[T]:
    """``decode(source)`` of every source, in order. With ``threads`` > 0 a pool decodes up to
    ``ahead`` sources beyond the one returned; with 0 each is decoded when it is asked for. An
    exception ``decode`` raises comes out where that source's result would (later results are
    not returned). ``sources`` is read lazily, as far as the look-ahead needs. Closing the
    iterator early stops the pool: sources not started are never decoded, and the ones in
    progress are waited for."""
    items = iter(sources)
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
                    threads: int) -> Iterator[list[T]]:
    """:func:`decoded_in_order` in lists of ``batch_size`` (the last may be shorter), decoded up
    to two batches ahead of the one returned."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    items = decoded_in_order(sources, decode, threads, 2 * batch_size)
    try:
        while True:
            batch = list(islice(items, batch_size))
            if not batch:
                return
            yield batch
    finally:
        items.close()
