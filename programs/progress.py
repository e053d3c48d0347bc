"""Progress of a long ingest: a bar with rate and time left on a terminal (tqdm), a plain
line every so often where output goes to a log (CI, cron)."""

import os
import time
from pathlib import Path

from tqdm import tqdm

# How often a log gets a progress line.
LOG_EVERY_SECONDS = 10


def total_bytes(paths):
    """The size of everything under ``paths``: what the run will read, roughly (a
    progress measure known before the releases are counted)."""
    total = 0
    for path in map(Path, paths):
        if path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            total += path.stat().st_size
    return total


class Progress:
    """Counts releases and the bytes they were read from; shows both as they go."""

    def __init__(self, paths, stream):
        self.stream = stream
        self.total = total_bytes(paths)
        self.releases = self.bytes = 0
        self.started = self.last_line = time.monotonic()
        self.bar = None
        target = getattr(stream, "_out", stream)  # a command's OutputWrapper wraps a file
        if target.isatty() and not os.environ.get("CI"):
            self.bar = tqdm(total=self.total, unit="B", unit_scale=True, file=target)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        elif self.releases and time.monotonic() - self.started >= LOG_EVERY_SECONDS:
            self._line()

    def advance(self, size):
        self.releases += 1
        self.bytes += size
        if self.bar is not None:
            self.bar.update(size)
            self.bar.set_postfix_str(f"{self.releases:,} releases, {self._rate():.0f}/s", False)
        elif time.monotonic() - self.last_line >= LOG_EVERY_SECONDS:
            self._line()

    def write(self, message):
        """A line of its own, above the bar."""
        if self.bar is not None:
            self.bar.write(message, file=self.bar.fp)
        else:
            self.stream.write(message + "\n")  # a command's stream adds none to a line that ends so

    def _rate(self):
        return self.releases / max(time.monotonic() - self.started, 1e-9)

    def _line(self):
        self.last_line = time.monotonic()
        elapsed = self.last_line - self.started
        done = self.bytes / self.total if self.total else 0
        left = elapsed * (1 - done) / done if done else 0
        self.stream.write(
            f"ingest: {self.releases:,} releases ({done:.0%} of {self.total / 1e6:,.1f} MB), "
            f"{self._rate():.1f} releases/s, {self.bytes / 1e6 / elapsed:.2f} MB/s, "
            f"about {left:.0f} s left\n"
        )
