"""The hostile run: N odd requests (by default 10,000) against every URL pattern and every
parameter of the site, served by gunicorn with DEBUG off on loopback, against the database
in DATABASE_URL; counts the answers by status and checks that every 5xx is in the server's
log with its traceback. Bounded: loopback only, a fixed number of requests, a timeout each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pb_hostile python bench/hostile.py --prepare

--prepare migrates the database and loads the committed fixtures first (as `make run`).
Prints a summary and exits 1 if any answer was 5xx or any 5xx was not logged.
"""

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("HOSTILE_PORT", "8791"))


def environment(static_root, cache_dir):
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "hostile-run-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "CACHE_URL": f"file://{cache_dir}",
        "DJANGO_SETTINGS_MODULE": "policybase.settings",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def targets():
    """(routes, {route: real arguments}, the hostile values) from the site and its data."""
    import django

    django.setup()
    from django.db import connection

    from tests.test_urls import HOSTILE, PARAMETERS, PATTERNS, RAW, SLOT

    found = _real_arguments()
    connection.close()  # gunicorn's workers, not this process, serve
    return PATTERNS, found, HOSTILE, RAW, PARAMETERS, SLOT


def _real_arguments():
    from collections import defaultdict
    from urllib.parse import unquote

    from django.urls import resolve

    from documents.models import Announcement, Meeting, Ministry, Person
    from programs.models import Center, Program, Strategy

    meeting = Meeting.objects.exclude(number=None).select_related("committee").first()
    records = [meeting, meeting.committee, *Announcement.objects.all()[:20]]
    records += [*Ministry.objects.all()[:10], *Person.objects.all()[:10]]
    records += [*Strategy.objects.all()[:10], *Program.objects.all()[:10]]
    records += [*Center.objects.all()[:10]]
    found = defaultdict(list)
    for url in [record.get_absolute_url() for record in records] + ["/years/2024/"]:
        match = resolve(unquote(url))
        found[match.route].append({name: str(value) for name, value in match.kwargs.items()})
    return found


def hostile_urls(count, seed):
    routes, real, hostile, raw, parameters, slot = targets()
    rng = random.Random(seed)

    def value():
        roll = rng.random()
        if roll < 0.45:
            return quote(rng.choice(hostile), safe="")
        if roll < 0.6:
            return rng.choice(raw)
        if roll < 0.75:
            return f"{rng.randint(0, 9999):04d}-{rng.randint(0, 99):02d}-{rng.randint(0, 99):02d}"
        if roll < 0.85:
            return str(rng.choice([-1, 0, 2**31, 2**63, 10**30, -(10**30)]) + rng.randint(-2, 2))
        chars = [chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0x10FFFF)]))]
        text = "".join(chars * rng.randint(1, 40))
        return quote(text.encode("utf-8", "surrogatepass"), safe="")

    urls = []
    for _ in range(count):
        route = rng.choice(routes)
        arguments = rng.choice(real[route]) if real[route] else {}
        spoilt = rng.choice([*arguments, "every", "none"])

        def fill(match, arguments=arguments, spoilt=spoilt):
            name = match.group(1)
            if name in arguments and spoilt not in (name, "every"):
                return quote(arguments[name], safe="")
            if name in arguments and rng.random() < 0.3:
                return quote(arguments[name], safe="") + value()
            return value() or "x"

        path = "/" + slot.sub(fill, route)
        pairs = [
            (rng.choice(parameters) if rng.random() < 0.8 else value(), value())
            for _ in range(rng.randint(0, 6))
        ]
        query = "&".join(f"{name}={text}" for name, text in pairs)
        urls.append(f"{path}?{query}" if query else path)
    return urls


def fetch(url):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.putrequest("GET", url, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status
    except http.client.InvalidURL:
        return "refused by the client"
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--workers", default="2")
    parser.add_argument("--prepare", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        env = environment(scratch / "static", scratch / "cache")
        os.environ.update(env)
        if options.prepare:
            manage(env, "migrate", "-v0", "--noinput")
            fixtures = ["fixtures/ministries.json", "fixtures/committees.json"]
            fixtures += sorted(str(path) for path in ROOT.glob("fixtures/policy/*.json"))
            manage(env, "loaddata", "-v0", *fixtures)
            manage(env, "rebuild_search")
        manage(env, "collectstatic", "--noinput", "-v0")
        urls = hostile_urls(options.requests, options.seed)
        log_path = scratch / "server.log"
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "policybase.wsgi", "-b", f"127.0.0.1:{PORT}",
                 "-w", options.workers, "--timeout", "60"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                for _ in range(100):
                    try:
                        fetch("/")
                        break
                    except OSError:
                        time.sleep(0.2)
                started = time.monotonic()
                with ThreadPoolExecutor(8) as pool:
                    statuses = list(pool.map(fetch, urls))
                seconds = time.monotonic() - started
            finally:
                server.terminate()
                server.wait(timeout=30)
        log = log_path.read_text()
    counts = Counter(statuses)
    errors = [(url, status) for url, status in zip(urls, statuses, strict=True)
              if isinstance(status, int) and status >= 500]  # fmt: skip
    logged = len(re.findall(r"ERROR django\.request: Internal Server Error", log))
    tracebacks = log.count("Traceback (most recent call last):")
    engine = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
    print(f"{len(urls):,} requests on {engine} in {seconds:.0f} s")
    by_status = sorted(counts.items(), key=str)
    print("by status:", ", ".join(f"{status}: {n:,}" for status, n in by_status))
    print(f">= 500: {len(errors):,}; logged as server errors: {logged:,}", end="")
    print(f", tracebacks in the log: {tracebacks:,}")
    for url, status in errors[:20]:
        print(f"  {status} {url[:160]}")
    sys.exit(1 if errors or logged != len(errors) else 0)


if __name__ == "__main__":
    main()
