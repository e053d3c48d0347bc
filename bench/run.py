"""The site benchmark: gunicorn (DEBUG off, static files by WhiteNoise) on this machine,
load from a second process on loopback, against the database in DATABASE_URL (fill it
first with `manage.py generate_corpus`), with the shared cache in Redis (BENCH_CACHE_URL).
Writes bench/results/<N>.json and .md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/policybase_bench python bench/run.py
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = os.environ.get("BENCH_WORKERS", "4")


CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/2")
# Two passes: visitors' pages from the page cache (the same URL again and again, as popular
# pages are), then every page rendered (the page cache off, going round many URLs).
PASSES = (("page cache", "600"), ("rendered", "0"))


def server_environment(static_root, page_cache_seconds="600"):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static_root),
        "CONN_MAX_AGE": "600",
        "CACHE_URL": CACHE_URL,
        "PAGE_CACHE_SECONDS": page_cache_seconds,
        "DJANGO_SETTINGS_MODULE": "policybase.settings",
    }


def sample_paths(env):
    """The pages to measure, picked from the database the server will use; the shared
    cache is emptied, so that nothing cached for another database answers."""
    code = r"""
import json, django; django.setup()
from django.core.cache import cache
from django.db.models import Count
from django.contrib.staticfiles.storage import staticfiles_storage
from documents.models import Announcement, Ministry, Person
from programs.models import Strategy
cache.clear()
total = Announcement.objects.count()
keys = Announcement.objects.order_by("key").values_list("key", flat=True)
step = max(1, total // 200)
# The strategy cited in the most announcements (ordering by the newest citation put
# NULLS first: a strategy cited nowhere, whose page has no timeline to show).
busiest = Strategy.objects.annotate(cited=Count("evidence")).order_by("-cited", "pk").first()
print(json.dumps({
    "count": total,
    "announcements": [Announcement(key=k).get_absolute_url() for k in keys[::step][:200]],
    "strategy": busiest.get_absolute_url(),
    "ministries": [m.get_absolute_url() for m in Ministry.objects.order_by("abolished", "slug")],
    "people": [p.get_absolute_url() for p in Person.objects.order_by("-pk")[:20]],
    "deep_page": max(1, total // 30 // 2),
    "static": staticfiles_storage.url("site.css"),
}))
"""
    output = subprocess.run(
        [PYTHON, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


SEARCHES = {
    "rare word": ["헬스데이터 분석", "합성생물학 로봇", "디스플레이 수소"],
    "medium word": ["양자 국제협력", "우주항공 인재", "이차전지 소재"],
    "very common word": ["과학기술", "연구", "지원"],
}


# A word, then a ministry or a year of its facets: as a reader narrows a search.
WITH_MINISTRY = (("연구", "msit"), ("양자 국제협력", "mest"), ("과학기술", "motie"))
WITH_YEAR = (("연구", 2021), ("양자 국제협력", 2012), ("지원", 2009))


def pages(sample, rotating):
    """[(name, urls)]: with ``rotating``, many URLs of each kind of page, else one."""
    search = "/search/?q="
    deep = sample["deep_page"]
    rows = [
        ("home", ["/"]),
        ("announcement list", ["/announcements/"]),
        ("announcement list, deep page", [f"/announcements/?page={deep + i}" for i in range(50)]),
        ("announcement detail", sample["announcements"]),
        ("strategy detail", [sample["strategy"]]),
        ("ministry detail", sample["ministries"]),
        ("person detail", sample["people"]),
        ("bodies", ["/bodies/"]),
        ("year page", [f"/years/{year}/" for year in range(2008, 2027)]),
        ("search: ministry + year", [f"/search/?ministry=msit&year={y}" for y in (2024, 2023)]),
        ("search: word + ministry", [f"{search}{quote(q)}&ministry={m}" for q, m in WITH_MINISTRY]),
        ("search: word + year", [f"{search}{quote(q)}&year={y}" for q, y in WITH_YEAR]),
        *(
            (f"search: {kind}", [search + quote(q) for q in words])
            for kind, words in SEARCHES.items()
        ),
        ("static file (ceiling)", [sample["static"]]),
    ]
    return [(name, urls if rotating else urls[:1]) for name, urls in rows]


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
    rows, first_searches = [], []
    for name, seconds in reversed(PASSES):  # rendered first, while the cache is empty
        env = server_environment(static_root, seconds)
        with serving(env, static_root) as base:
            if name == "rendered":
                first_searches = time_first_requests(base, sample)
            for page, urls in pages(sample, rotating=name == "rendered"):
                for concurrency in (1, 4):
                    figures = load(base, urls, concurrency)
                    rows.append({"pass": name, "page": page, "paths": urls[:3],
                                 "path_count": len(urls), "concurrency": concurrency,
                                 **figures})  # fmt: skip
                    print(name, page, concurrency, figures, flush=True)
    write_results(sample["count"], rows, first_searches)


@contextmanager
def serving(env, static_root):
    """gunicorn on PORT with ``env``; yields its base URL."""
    gunicorn = [PYTHON, "-m", "gunicorn", "policybase.wsgi", "--workers", WORKERS]
    gunicorn += ["--bind", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null"]
    gunicorn += ["--error-logfile", str(static_root / "gunicorn.log")]
    server = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{PORT}"
    try:
        wait_until_up(base + "/")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def load(base, urls, concurrency, seconds=SECONDS):
    command = [PYTHON, str(ROOT / "bench" / "loadgen.py"), *(base + url for url in urls)]
    command += ["--concurrency", str(concurrency), "--seconds", str(seconds)]
    output = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(output.stdout)


def first_requests(sample):
    """[(kind, label, url)]: each search query, newest first (by relevance) and oldest
    first; words narrowed by a ministry or a year; deep pages in three order chunks apart
    from the ones the rendered pass goes round (documents.views.ORDER_CHUNK); the pages of
    a current ministry and of one abolished in 2013, whose newest announcements are far
    down the list."""
    requests = [
        (kind + label, query, f"/search/?q={quote(query)}{sort}")
        for label, sort in (("", ""), (", oldest first", "&sort=oldest"))
        for kind, words in SEARCHES.items()
        for query in words
    ]
    for query, ministry in WITH_MINISTRY:
        url = f"/search/?q={quote(query)}&ministry={ministry}"
        requests.append(("word + ministry", f"{query} + {ministry}", url))
    for query, year in WITH_YEAR:
        url = f"/search/?q={quote(query)}&year={year}"
        requests.append(("word + year", f"{query} + {year}", url))
    for back in (300, 200, 100):
        number = max(1, sample["deep_page"] - back)
        requests.append(("deep page", f"page {number}", f"/announcements/?page={number}"))
    for slug in ("msit", "mest"):
        requests.append(("ministry page", slug, f"/ministries/{slug}/"))
    return requests


def time_first_requests(base, sample):
    """Each request's first time, before anything about it is cached. Every worker has
    served a page and a search of another word first: a worker's own first request opens
    its database connection and compiles URL patterns and templates (300 ms more), which
    is the worker's start, not the request's cost."""
    warm_up = ["/", "/search/?q=" + quote("센터"), sample["announcements"][0]]
    load(base, warm_up, int(WORKERS), seconds=2)
    timings = []
    for kind, label, url in first_requests(sample):
        started = time.perf_counter()
        urllib.request.urlopen(base + url, timeout=60).read()
        timings.append({"kind": kind, "query": label,
                        "ms": round((time.perf_counter() - started) * 1000, 1)})  # fmt: skip
    return timings


def write_results(count, rows, first_searches):
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d")
    payload = {
        "announcements": count,
        "date": stamp,
        "workers": WORKERS,
        "seconds": SECONDS,
        "cache": CACHE_URL,
        "rows": rows,
        "first_searches": first_searches,
    }
    (results / f"{count}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    lines = [
        f"{count:,} announcements, gunicorn {WORKERS} workers, PostgreSQL, Redis cache, "
        f"2 cores, {stamp}. Latency in ms (p50 / p95 / p99) and requests/s.",
        "",
        "| page | c | page cache: p50 / p95 / p99 | req/s | rendered: p50 / p95 / p99 | req/s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    by_key = {(r["pass"], r["page"], r["concurrency"]): r for r in rows}
    measured = dict.fromkeys((r["page"], r["concurrency"]) for r in rows)  # in order, once
    for page, concurrency in measured:
        cells = []
        for name, _ in PASSES:
            row = by_key.get((name, page, concurrency))
            errors = f" ({row['errors']} errors)" if row and row["errors"] else ""
            cells += [
                f"{row['p50_ms']} / {row['p95_ms']} / {row['p99_ms']}{errors}" if row else "–",
                str(row["rps"]) if row else "–",
            ]
        lines.append(f"| {page} | {concurrency} | " + " | ".join(cells) + " |")
    lines += ["", "First request of a search, a deep page or a ministry page (nothing cached):"]
    lines += [""]
    lines += [f"- {t['kind']} «{t['query']}»: {t['ms']} ms" for t in first_searches]
    (results / f"{count}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    run()
