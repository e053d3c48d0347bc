"""Stream the CSV export of every announcement (/announcements/?format=csv) from the
database DATABASE_URL names (the bench database), through Django's test client and the
whole middleware stack, and print its time and memory: the process's peak resident memory
when a tenth of the rows have been read and at the end (the export streams in chunks, so
the two should be alike whatever the number of rows), and the Python heap's peak
(tracemalloc, with --trace; slower).

    make bench-db BENCH_DB=pb_bench_dataout N=100000
    DATABASE_URL=postgres://…/pb_bench_dataout python bench/csv_export.py [--trace]
"""

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policybase.settings")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from documents.models import Announcement

    settings.DEBUG = False  # Django keeps every query's SQL with DEBUG on
    settings.ALLOWED_HOSTS = ["localhost"]
    trace = "--trace" in sys.argv
    total = Announcement.objects.count()
    if trace:
        tracemalloc.start()
    before = peak_mb()
    started = time.perf_counter()
    response = Client(HTTP_HOST="localhost").get("/announcements/?format=csv")
    assert response.streaming, "the export must stream"
    lines = size = 0
    at_tenth = None
    for piece in response.streaming_content:
        size += len(piece)
        lines += piece.count(b"\n")
        if at_tenth is None and lines > total / 10:
            at_tenth = peak_mb()
    seconds = time.perf_counter() - started
    database = settings.DATABASES["default"]["NAME"]
    print(f"CSV export of {total:,} announcements from {database}: {lines - 1:,} rows, "
          f"{size / 1e6:.1f} MB in {seconds:.1f} s ({total / seconds:,.0f} rows/s)")  # fmt: skip
    print(f"peak resident memory: {before:.0f} MB before, {at_tenth:.0f} MB after a tenth "
          f"of the rows, {peak_mb():.0f} MB at the end")  # fmt: skip
    if trace:
        _, heap_peak = tracemalloc.get_traced_memory()
        print(f"Python heap peak during the export: {heap_peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
