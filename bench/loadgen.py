"""Load generator: GET URLs from ``concurrency`` keep-alive connections for a while, each
connection going round the URLs given (one URL: the same page again and again).

Run as its own process (python bench/loadgen.py URL [URL ...] --concurrency 4 --seconds 5); prints
JSON with p50/p95/p99 latency in milliseconds, requests per second and errors. Only
loopback addresses are accepted.
"""

import argparse
import http.client
import json
import statistics
import threading
import time
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def worker(urls, deadline, latencies, errors, offset=0):
    parts = urlsplit(urls[0])
    paths = [path_of(url) for url in urls]
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    turn = offset
    while time.perf_counter() < deadline:
        path = paths[turn % len(paths)]
        turn += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Host": f"{parts.hostname}:{parts.port}"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException) as error:
            errors.append(type(error).__name__)
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
    connection.close()


def measure(urls, concurrency, seconds, warmup=0.5):
    if any(urlsplit(url).hostname not in LOOPBACK for url in urls):
        raise SystemExit("refusing a non-loopback target")
    if len(urls) == 1:  # one page again and again: warm its caches first
        worker(urls, time.perf_counter() + warmup, [], [])
    latencies, errors = [], []
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(
            target=worker, args=(urls, deadline, latencies, errors, n * len(urls) // concurrency)
        )
        for n in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0] * 99
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "errors": len(errors),
        "error_kinds": sorted({str(e) for e in errors})[:5],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    print(json.dumps(measure(args.urls, args.concurrency, args.seconds)))
