"""The site benchmark: gunicorn (DEBUG off, static files by WhiteNoise) on this machine,
load from a second process on loopback, against the database in DATABASE_URL (fill it
first with `manage.py generate_corpus`). Writes bench/results/<N>.json and .md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policybase_bench python bench/run.py
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")


def server_environment(static_root):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static_root),
        "CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "policybase.settings",
    }


def sample_paths(env):
    """The pages to measure, picked from the database the server will use."""
    code = r"""
import json, django; django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
from documents.models import Announcement, Ministry
from programs.models import Strategy
total = Announcement.objects.count()
middle = Announcement.objects.order_by("key")[total // 2]
busiest = Strategy.objects.order_by("-evidence__id").first()
print(json.dumps({
    "count": total,
    "announcement": middle.get_absolute_url(),
    "strategy": busiest.get_absolute_url(),
    "ministry": Ministry.objects.get(slug="msit").get_absolute_url(),
    "deep_page": max(1, total // 30 // 2),
    "static": staticfiles_storage.url("site.css"),
}))
"""
    output = subprocess.run(
        [PYTHON, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def pages(sample):
    search = "/search/?q="
    return [
        ("home", "/"),
        ("announcement list", "/announcements/"),
        ("announcement list, deep page", f"/announcements/?page={sample['deep_page']}"),
        ("announcement detail", sample["announcement"]),
        ("strategy detail", sample["strategy"]),
        ("ministry detail", sample["ministry"]),
        ("year page", "/years/2024/"),
        ("search: ministry + year", "/search/?ministry=msit&year=2024"),
        ("search: rare word", search + quote("헬스데이터 분석")),
        ("search: medium word", search + quote("양자 국제협력")),
        ("search: very common word", search + quote("과학기술")),
        ("static file (ceiling)", sample["static"]),
    ]


def wait_until_up(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def run():
    static_root = Path(tempfile.mkdtemp(prefix="policybase-static-"))
    env = server_environment(static_root)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )
    sample = sample_paths(env)
    gunicorn = [PYTHON, "-m", "gunicorn", "policybase.wsgi", "--workers", WORKERS]
    gunicorn += ["--bind", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null"]
    gunicorn += ["--error-logfile", str(static_root / "gunicorn.log")]
    server = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{PORT}"
    try:
        wait_until_up(base + "/")
        rows = []
        for name, path in pages(sample):
            for concurrency in (1, 4):
                command = [PYTHON, str(ROOT / "bench" / "loadgen.py"), base + path]
                command += ["--concurrency", str(concurrency), "--seconds", str(SECONDS)]
                output = subprocess.run(command, capture_output=True, text=True, check=True)
                rows.append(
                    {
                        "page": name,
                        "path": path,
                        "concurrency": concurrency,
                        **json.loads(output.stdout),
                    }
                )
                print(name, concurrency, rows[-1], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    write_results(sample["count"], rows)


def write_results(count, rows):
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d")
    payload = {
        "announcements": count,
        "date": stamp,
        "workers": WORKERS,
        "seconds": SECONDS,
        "rows": rows,
    }
    (results / f"{count}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    lines = [
        f"{count:,} announcements, gunicorn {WORKERS} workers, PostgreSQL, 2 cores, {stamp}",
        "",
        "| page | c | p50 ms | p95 ms | p99 ms | req/s | errors |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['concurrency']} | {row['p50_ms']} | {row['p95_ms']} | "
            f"{row['p99_ms']} | {row['rps']} | {row['errors']} |"
        )
    (results / f"{count}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    run()
