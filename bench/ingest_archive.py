"""Ingest an archive of a few thousand real-sized releases, as a researcher's crawl would
give it, and print releases/s, MB/s and the peak memory of the whole `ingest` command (its
worker processes included), on SQLite and on PostgreSQL; then the same folder again, which
must skip everything as unchanged.

The archive is built from the real texts we have (tests/data/eval raw, tests/data/corpus,
fixtures/sources, ../shared/corpus), each copy varied so that the records differ as in a
real archive: its own key, its dates moved, its sums changed, and one copy in three naming
its strategies and programs under a numbered variant of their names.

    python bench/ingest_archive.py [--releases 3000] [--workers N] [--engines sqlite,postgresql]
"""

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "tests" / "data" / "eval" / "raw",
    ROOT / "tests" / "data" / "corpus",
    ROOT / "fixtures" / "sources",
    ROOT.parent / "shared" / "corpus",
]
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_INGEST_DB", "policybase_bench_ingest")

YEAR = re.compile(r"\b(20[0-2]\d)(?=\s*[.년-])")
MONTH_DAY = re.compile(r"(\d{1,2})월\s*(\d{1,2})일")
SUM = re.compile(r"(\d[\d,]*)(?=\s*(?:억|조|만)\s*원)")
BRACKETED = re.compile(r"「([^「」\n]{4,80})」")


def seed_texts():
    files = sorted({p.name: p for d in SOURCES if d.is_dir() for p in d.glob("*.txt")}.values())
    return [(path.stem, path.read_text("utf-8")) for path in files]


def varied(text, number, rng):
    """A copy of ``text`` that reads like another release of the same kind."""
    shift = rng.randint(-6, 2)
    text = YEAR.sub(lambda m: str(min(int(m[1]) + shift, 2026)), text)
    text = MONTH_DAY.sub(lambda m: f"{rng.randint(1, 12)}월 {rng.randint(1, 28)}일", text)
    text = SUM.sub(lambda m: f"{rng.randint(1, 9999):,}", text)
    if number % 3 == 0:
        variant = number % 97
        text = BRACKETED.sub(lambda m: f"「{m[1]} {variant}차」", text)
    return text


def build_archive(folder, count, rng):
    """``count`` releases in ``folder`` (ten subfolders, as crawls are split); their bytes."""
    seeds = seed_texts()
    total = 0
    for number in range(count):
        key, text = seeds[number % len(seeds)]
        path = folder / f"part{number % 10}" / f"{number:05d}_{key}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = varied(text, number, rng).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return len(seeds), total


def manage(url, *args):
    """Run a management command; (its completed process, seconds, peak MB of its tree,
    CPU seconds of its tree)."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.1)
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done, seconds, peak, _children_cpu() - cpu_before


def database_cpu():
    """CPU seconds used so far by the PostgreSQL server's processes on this machine (those
    that ended counted in their parent's): the database's part of the cost."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().rsplit(")", 1)
        except OSError:
            continue
        if name.endswith("(postgres"):
            times = fields.split()[11:15]  # utime, stime, and of its reaped children
            total += sum(int(t) for t in times) / os.sysconf("SC_CLK_TCK")
    return total


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_rss(pid):
    """Resident MB of ``pid`` and its descendants (shared pages counted in each: an upper
    bound)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, TypeError):
            continue
    return total


def fresh_database(engine, scratch):
    if engine == "sqlite":
        path = Path(scratch) / "ingest.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        for sql in (f"DROP DATABASE IF EXISTS {PG_DATABASE}", f"CREATE DATABASE {PG_DATABASE}"):
            subprocess.run(["psql", f"{PG_SERVER}/postgres", "-qc", sql], check=True)
        url = f"{PG_SERVER}/{PG_DATABASE}"
    fixtures = [str(ROOT / "fixtures" / n) for n in ("ministries.json", "committees.json")]
    for args in (("migrate", "-v0"), ("loaddata", *fixtures, "-v0")):
        run, *_ = manage(url, *args)
        if run.returncode:
            sys.exit(run.stderr)
    return url


def measure(engine, folder, count, megabytes, workers, scratch, batch_size):
    url = fresh_database(engine, scratch)
    figures = []
    for run_name in ("first run", "second run"):
        options = [f"--workers={workers}", *([f"--batch-size={batch_size}"] if batch_size else [])]
        database_before = database_cpu()
        run, seconds, peak, cpu = manage(url, "ingest", str(folder), *options)
        database = database_cpu() - database_before if engine == "postgresql" else 0
        summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr
        print(f"{engine:10} {run_name:10} {count / seconds:7.0f} releases/s "
              f"{megabytes / seconds:6.2f} MB/s  peak {peak:4.0f} MB  {seconds:6.1f} s  "
              f"CPU {cpu / count * 1000:5.1f} ms/release, the database's "
              f"{database / count * 1000:4.1f}  "
              f"[{summary}]", flush=True)  # fmt: skip
        figures.append((count / seconds, megabytes / seconds, peak))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--batch-size", type=int, help="ingest's --batch-size (its default)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch:
        folder = Path(scratch) / "archive"
        seeds, size = build_archive(folder, options.releases, random.Random(23))
        megabytes = size / 1e6
        print(f"archive: {options.releases:,} releases from {seeds} real texts, "
              f"{megabytes:.1f} MB (mean {size / options.releases / 1000:.1f} kB); "
              f"{options.workers} parser processes on {os.cpu_count()} CPUs")  # fmt: skip
        for engine in options.engines.split(","):
            measure(
                engine, folder, options.releases, megabytes, options.workers, scratch,
                options.batch_size,
            )  # fmt: skip


if __name__ == "__main__":
    main()
