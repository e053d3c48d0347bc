"""Parse and ingest throughput, measured on the real source texts."""

import time
from pathlib import Path

from documents.parsing import parse_release
from programs.importer import ingest_release


def read_texts(directories):
    """(key, bytes) of every release file in ``directories``."""
    files = sorted(p for d in directories for p in Path(d).glob("*.txt"))
    return [(path.stem, path.read_bytes()) for path in files]


def measure_parse(texts, rounds):
    """Documents and megabytes parsed per second over ``rounds`` passes (after one
    unmeasured pass that loads the directory and compiles the patterns)."""
    for key, data in texts[:1]:
        parse_release(data, file=key)
    started = time.perf_counter()
    for _ in range(rounds):
        for key, data in texts:
            parse_release(data, file=key)
    seconds = time.perf_counter() - started
    documents = len(texts) * rounds
    megabytes = sum(len(data) for _, data in texts) * rounds / 1_000_000
    return {"documents": documents, "seconds": seconds, "docs_per_s": documents / seconds,
            "mb_per_s": megabytes / seconds}  # fmt: skip


def measure_ingest(texts, rounds):
    """Releases stored per second (each under a new key), then re-ingests of the same text."""
    parsed = [(key, parse_release(data, file=key)) for key, data in texts]
    started = time.perf_counter()
    for round_number in range(rounds):
        for key, release in parsed:
            ingest_release(release, f"{key}-{round_number}")
    created_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for key, release in parsed:
        ingest_release(release, f"{key}-0")
    unchanged_seconds = time.perf_counter() - started
    documents = len(parsed) * rounds
    return {"documents": documents, "seconds": created_seconds,
            "docs_per_s": documents / created_seconds,
            "unchanged_docs_per_s": len(parsed) / unchanged_seconds}  # fmt: skip
