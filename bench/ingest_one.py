"""Ingest one real release, under a key no run has used, into the database DATABASE_URL
names (the bench database), and print the time and peak memory of the whole `ingest`
command: what a staff member's daily release costs at the archive's size.

    DATABASE_URL=postgres://…/policybase_bench python bench/ingest_one.py [release file]
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RELEASE = ROOT / "fixtures" / "sources" / "000_77bb8d32fb59adcb.txt"


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_RELEASE
    with tempfile.TemporaryDirectory() as folder:
        release = Path(folder) / f"bench-one-{time.time_ns()}{source.suffix}"
        shutil.copy(source, release)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "ingest", str(release)],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(done.stdout.strip(), done.stderr.strip(), sep="\n")
    database = os.environ.get("DATABASE_URL", "(the default database)").rsplit("/", 1)[-1]
    print(f"ingest of one release ({source.stat().st_size / 1000:.0f} kB) into {database}: "
          f"{seconds:.2f} s, peak memory {peak_mb:.0f} MB")  # fmt: skip
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
