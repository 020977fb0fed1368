"""Decoding ahead of the network: order, errors, laziness and stopping early."""

from __future__ import annotations

import threading

import pytest

from model.inference.decode_ahead import decoded_batches, decoded_in_order


@pytest.mark.parametrize("threads", [0, 1, 3])
@pytest.mark.parametrize("count, batch_size", [(0, 4), (1, 4), (7, 2), (64, 64), (65, 8)])
def test_batches_keep_the_sources_order(threads, count, batch_size):
    batches = list(decoded_batches(range(count), lambda n: n * n, batch_size, threads))
    assert [x for b in batches for x in b] == [n * n for n in range(count)]
    assert all(len(b) == batch_size for b in batches[:-1])
    assert len(batches) == -(-count // batch_size)


@pytest.mark.parametrize("threads", [0, 2])
def test_an_exception_comes_out_where_its_source_is(threads):
    def decode(n):
        if n == 5:
            raise RuntimeError("broken decoder")
        return n

    batches = decoded_batches(range(20), decode, 2, threads)
    assert [next(batches), next(batches)] == [[0, 1], [2, 3]]
    with pytest.raises(RuntimeError, match="broken decoder"):
        next(batches)


def test_sources_are_read_only_as_far_as_the_look_ahead_needs():
    read = []

    def sources():
        for n in range(1000):
            read.append(n)
            yield n

    batches = decoded_batches(sources(), lambda n: n, 4, 2)
    assert next(batches) == [0, 1, 2, 3]
    assert len(read) <= 3 * 4  # the batch returned and two ahead
    batches.close()


def test_closing_early_opens_no_further_file():
    opened, lock = [], threading.Lock()

    def decode(n):
        with lock:
            opened.append(n)
        return n

    batches = decoded_batches(range(1000), decode, 4, 2)
    first = next(batches)
    batches.close()  # waits for the files in progress, cancels the rest
    after = len(opened)
    assert first == [0, 1, 2, 3] and after <= 4 * 4
    assert len(opened) == after
    assert not [t for t in threading.enumerate() if t.name.startswith("decode")]


def test_batch_size_must_be_positive():
    with pytest.raises(ValueError, match="batch_size"):
        next(decoded_batches([1], lambda n: n, 0, 2))


@pytest.mark.parametrize("serial_below, pooled", [(3600.0, False), (0.0, True)])
def test_quick_first_decodes_keep_the_rest_in_the_calling_thread(serial_below, pooled):
    where = []

    def decode(n):
        where.append(threading.current_thread().name.startswith("decode"))
        return n

    out = list(decoded_in_order(range(50), decode, 2, 8, serial_below=serial_below))
    assert out == list(range(50))
    assert any(where) is pooled
    if serial_below:
        assert not any(where[:3])  # the probed files are always the calling thread's


def test_one_slow_decode_among_the_probed_files_does_not_start_the_pool(monkeypatch):
    import types

    import model.inference.decode_ahead as decode_ahead

    # A clock that moves 50 ms over the first decode (a cold first file) and 1 ms over others.
    clock = types.SimpleNamespace(now=0.0)
    monkeypatch.setattr(decode_ahead, "time",
                        types.SimpleNamespace(perf_counter=lambda: clock.now))
    where = []

    def decode(n):
        where.append(threading.current_thread().name.startswith("decode"))
        clock.now += 0.05 if n == 0 else 0.001
        return n

    out = list(decoded_in_order(range(20), decode, 2, 8, serial_below=0.01))
    assert out == list(range(20)) and not any(where)
    # All three probed files slow: the pool decodes the rest.
    where.clear()
    clock.now = 0.0

    def slow(n):
        where.append(threading.current_thread().name.startswith("decode"))
        clock.now += 0.05
        return n

    assert list(decoded_in_order(range(20), slow, 2, 8, serial_below=0.01)) == list(range(20))
    assert not any(where[:3]) and any(where[3:])
    # One quick file (a broken one) among slow photos does not keep them in one thread either.
    where.clear()

    def photos(n):
        where.append(threading.current_thread().name.startswith("decode"))
        clock.now += 0.001 if n == 1 else 0.05
        return n

    assert list(decoded_in_order(range(20), photos, 2, 8, serial_below=0.01)) == list(range(20))
    assert any(where[3:])


def test_probing_fewer_sources_than_the_probe_returns_them_all():
    assert list(decoded_in_order(range(2), lambda n: n, 2, 8, serial_below=1.0)) == [0, 1]
    assert list(decoded_in_order([], lambda n: n, 2, 8, serial_below=1.0)) == []


def test_an_error_while_probing_comes_out_at_its_source_and_nothing_after_it():
    def decode(n):
        if n == 1:
            raise OSError("broken")
        return n

    got = []
    with pytest.raises(OSError, match="broken"):
        for value in decoded_in_order(range(10), decode, 2, 8, serial_below=1.0):
            got.append(value)
    assert got == [0]
