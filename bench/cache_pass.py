"""The page cache's hit rate with the production default (no CACHE_URL: files shared by
gunicorn's workers, CACHE_MAX_ENTRIES keys): two passes over the same distinct pages (by
default 1,000 announcements' pages), served by gunicorn with DEBUG off on loopback from the
database in DATABASE_URL (fill it with `manage.py generate_corpus`). Prints the hit rate of
each pass, read off each answer's X-Page-Cache header.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pb_corpus python bench/cache_pass.py
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("CACHE_PASS_PORT", "8792"))


def pages(env, count):
    code = f"""
import json, django; django.setup()
from documents.models import Announcement
keys = Announcement.objects.order_by("key").values_list("key", flat=True)[:{count}]
print(json.dumps([Announcement(key=key).get_absolute_url() for key in keys]))
"""
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def fetch(path):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, response.getheader("X-Page-Cache"), len(body)
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", default="4")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "cache-pass-only-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(scratch / "static"),
            "DJANGO_SETTINGS_MODULE": "policybase.settings",
        }
        # The production default's backend and size, in a scratch directory.
        env.setdefault("CACHE_URL", f"file://{scratch / 'cache'}")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        paths = pages(env, options.pages)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "policybase.wsgi", "-b", f"127.0.0.1:{PORT}",
             "-w", options.workers],
            cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    fetch("/")
                    break
                except OSError:
                    time.sleep(0.2)
            results = {}
            for name in ("first pass", "second pass"):
                started = time.monotonic()
                answers = [fetch(path) for path in paths]
                seconds = time.monotonic() - started
                hits = Counter(cache for _, cache, _ in answers)
                statuses = Counter(status for status, _, _ in answers)
                results[name] = {
                    "pages": len(paths),
                    "hits": hits["hit"],
                    "statuses": dict(statuses),
                    "seconds": round(seconds, 1),
                }
                print(
                    f"{name}: {hits['hit']:,} of {len(paths):,} from the cache "
                    f"({hits['hit'] / len(paths):.0%}), statuses {dict(statuses)}, {seconds:.1f} s"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
