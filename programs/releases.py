"""Ingesting release files, and dumping what they gave as fixtures: what the management
commands call."""

import functools
import hashlib
import json
import multiprocessing
import os
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import router

import documents
from documents.models import (
    Announcement,
    Committee,
    Meeting,
    MeetingEvidence,
    Person,
    PersonEvidence,
    Statement,
)
from documents.parsing import UnreadableInput
from documents.rendering import markdown_html, remember_markdown_html
from documents.sources import parse_source, read_sources

from .importer import UNCHANGED, announcement_title, ingest_batch
from .indexing import entry_tokens, remember_entry_tokens
from .models import (
    AgendaItem,
    AgendaItemEvidence,
    BudgetAmount,
    BudgetAmountEvidence,
    Center,
    CenterEvidence,
    CenterOperator,
    Program,
    ProgramEvidence,
    Strategy,
    StrategyEvidence,
    StrategyLead,
    StrategyRelation,
    StrategyTask,
    StrategyTaskEvidence,
)

# A source hash names the parser version, not the text: no fixture keeps it.
VOLATILE_FIELDS = ("created_at", "updated_at", "source_hash")
# The policy fixture, in loading order: each model after those its natural keys name.
POLICY_MODELS = (
    Committee,
    Person,
    Meeting,
    Announcement,
    MeetingEvidence,
    PersonEvidence,
    Statement,
    Strategy,
    StrategyRelation,
    StrategyTask,
    StrategyTaskEvidence,
    StrategyEvidence,
    StrategyLead,
    AgendaItem,
    AgendaItemEvidence,
    Program,
    BudgetAmount,
    BudgetAmountEvidence,
    ProgramEvidence,
    Center,
    CenterOperator,
    CenterEvidence,
)


@dataclass
class Result:
    path: str
    outcome: str = ""
    error: str = ""
    size: int = 0  # bytes read, for a progress measure


# Releases written per transaction (a batch's reads, index and bodies cost about the same
# for 50 releases as for 200: 200 wrote 15% faster); and the bytes of source or parsed
# text that may wait in memory at once, in a batch or in a chunk being checked, whatever
# the archive's size.
BATCH_SIZE = 200
CHECK_CHUNK = 200
MAX_BATCH_BYTES = 32 * 2**20
# Sources handed to the parser processes ahead of the one being written, per process,
# beyond a whole batch: the parsers work on the next batch while the last one is written.
IN_FLIGHT_PER_WORKER = 4
# How much lower the parser processes' CPU priority is than the writer's (see _yield_cpu).
PARSER_NICENESS = 10


def ingest_files(paths, on_wait=None, workers=1, batch_size=BATCH_SIZE):
    """Parse and store each release the files and folders hold; a list of Results, one per
    release, in order. A failure loses only that release (see ingest_stream)."""
    return list(ingest_stream(paths, on_wait, workers, batch_size))


def ingest_stream(paths, on_wait=None, workers=1, batch_size=BATCH_SIZE):
    """Yield a Result for each release ``paths`` hold, reading, parsing and writing them as a
    stream: memory stays bounded whatever their number.

    A release whose source (bytes, given metadata) and parser are those it was last stored
    from is "unchanged" without being parsed. The others are parsed in ``workers``
    processes (in this one if 1) and written ``batch_size`` to a transaction (see
    importer.ingest_batch: a failure loses only its own release). ``on_wait()`` is called
    when another ingest holds the turn."""
    batch, batch_bytes = [], 0  # in order: results already known wait for those before
    ahead = batch_size + workers * IN_FLIGHT_PER_WORKER
    for source, digest, parsed in _parse(_changed(read_sources(paths)), workers, ahead):
        if not isinstance(parsed, Result):
            parsed, html, tokens = parsed
            remember_markdown_html(parsed.body_markdown, html)
            title = announcement_title(parsed, source.key)
            remember_entry_tokens(title, parsed.text, tokens)
            batch_bytes += len(source.data) + len(parsed.text) + len(html)
        batch.append((source, digest, parsed))
        if len(batch) >= batch_size or batch_bytes >= MAX_BATCH_BYTES:
            yield from _write(batch, on_wait)
            batch, batch_bytes = [], 0
    yield from _write(batch, on_wait)


def _changed(sources):
    """(source, its hash, a Result if it needs no parsing, else None) for each source:
    unreadable ones carry their error, unchanged ones say so (one query per chunk)."""
    chunk, chunk_bytes = [], 0
    for source in sources:
        chunk.append(source)
        chunk_bytes += len(source.data)
        if len(chunk) >= CHECK_CHUNK or chunk_bytes >= MAX_BATCH_BYTES:
            yield from _check(chunk)
            chunk, chunk_bytes = [], 0
    yield from _check(chunk)


def _check(chunk):
    # From the primary, as the importer reads: a replica may not have the last run yet.
    primary = router.db_for_write(Announcement)
    stored = dict(
        Announcement.objects.using(primary)
        .filter(key__in={source.key for source in chunk})
        .exclude(source_hash="")
        .values_list("key", "source_hash")
    )
    for source in chunk:
        if source.error:
            yield source, "", Result(source.origin, error=source.error)
            continue
        digest = source_hash(source)
        if stored.get(source.key) == digest:
            yield source, digest, Result(source.origin, UNCHANGED)
        else:
            yield source, digest, None


def _parse(checked, workers, ahead):
    """(source, hash, (ParsedRelease, its Markdown as HTML) or Result) for each checked
    source, in order; parsed in ``workers`` processes, at most ``ahead`` (and
    MAX_BATCH_BYTES of sources) in flight."""
    if workers <= 1:
        for source, digest, result in checked:
            yield source, digest, result or _parse_one(source)
        return
    pool = _Pool(workers)
    pending = deque()  # (source, hash, Result or Future), in order
    pending_bytes = 0
    try:
        for source, digest, result in checked:
            pending.append((source, digest, result or pool.submit(source)))
            pending_bytes += len(source.data)
            while len(pending) > ahead or (len(pending) > 1 and pending_bytes > MAX_BATCH_BYTES):
                pending_bytes -= len(pending[0][0].data)
                yield pool.outcome(*pending.popleft(), pending)
        while pending:
            yield pool.outcome(*pending.popleft(), pending)
    finally:
        pool.shutdown()


def _parse_one(source):
    """The parsed release with its body's Markdown rendered and its search tokens
    counted, or a Result carrying why it could not be parsed: whatever the parser raises
    is this release's error."""
    try:
        parsed = parse_source(source)
        # Made here, in a parser process, so that the writer only adds the links to the
        # body and finds its announcement's tokens counted (it is the one serial step).
        title = announcement_title(parsed, source.key)
        tokens = entry_tokens(title, parsed.text)
        return parsed, markdown_html(parsed.body_markdown), tokens
    except UnreadableInput as error:
        return Result(source.origin, error=str(error))
    except Exception as error:  # a parser bug is this release's error, not the run's
        return Result(source.origin, error=f"parser failed: {type(error).__name__}: {error}")


class _Pool:
    """Parser processes. If one dies (a crash no exception reports), the release it held is
    that release's error and the others are parsed again in fresh processes."""

    def __init__(self, workers):
        self.workers = workers
        self.executor = self._start()

    def _start(self):
        methods = multiprocessing.get_all_start_methods()
        # fork: the workers start at once, with Django set up and the parser imported.
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_yield_cpu)

    def submit(self, source):
        return self.executor.submit(_parse_one, source)

    def outcome(self, source, digest, result, pending):
        if not isinstance(result, Future):
            return source, digest, result
        try:
            return source, digest, result.result()
        except BrokenProcessPool:
            return source, digest, self._after_crash(source, pending)

    def _after_crash(self, source, pending):
        """Parse ``source`` again alone: if its process dies again, it is the culprit.
        Then hand what was in flight to the fresh processes."""
        self._restart()
        try:
            parsed = self.submit(source).result()
        except BrokenProcessPool:
            parsed = Result(source.origin, error="parser crashed: its process died")
            self._restart()
        for index, (other, digest, result) in enumerate(pending):
            if isinstance(result, Future):
                pending[index] = (other, digest, self.submit(other))
        return parsed

    def _restart(self):
        self.shutdown()
        self.executor = self._start()

    def shutdown(self):
        self.executor.shutdown(cancel_futures=True)


def _yield_cpu():
    """In a parser process: give way to the writer. The writer (and the database serving
    it) is the one step that cannot run in parallel, so it must never wait for a CPU that
    parsers hold; they take what it leaves, and stay ahead of it by IN_FLIGHT_PER_WORKER."""
    os.nice(PARSER_NICENESS)


def _write(batch, on_wait):
    """Store the parsed releases of ``batch`` in one transaction; a Result for each entry
    of the batch, in order."""
    releases = [(parsed, source.key, digest) for source, digest, parsed in batch
                if not isinstance(parsed, Result)]  # fmt: skip
    with queries_unlogged():
        outcomes = iter(ingest_batch(releases, on_wait) if releases else [])
    for source, _, parsed in batch:
        if isinstance(parsed, Result):
            parsed.size = len(source.data)
            yield parsed
            continue
        result, outcome = Result(source.origin, size=len(source.data)), next(outcomes)
        if isinstance(outcome, Exception):
            message = (str(outcome).splitlines() or [""])[0]
            result.error = f"not saved: {type(outcome).__name__}: {message}"
        else:
            result.outcome = outcome
        yield result


@contextmanager
def queries_unlogged():
    """Django keeps the text of every query while DEBUG is on (the development default):
    making that text of a batch's inserts of whole releases was a tenth of the writer's
    time, for a log nobody reads. (A test counting queries still counts them.)"""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


@functools.cache
def parser_fingerprint():
    """A hash of the parser's code and of the directory it reads: when either changes,
    every release is parsed again on the next run."""
    digest = hashlib.sha256()
    package = Path(documents.__file__).parent
    files = [*sorted((package / "parsing").rglob("*.py")), package / "sources.py"]
    files += [settings.FIXTURES_DIR / "ministries.json", settings.FIXTURES_DIR / "committees.json"]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def source_hash(source):
    """What a release was read from and how: its key, bytes, given metadata, the parser."""
    digest = hashlib.sha256(parser_fingerprint().encode())
    for part in (source.key, repr(source.metadata)):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(source.data)
    return digest.hexdigest()


def count_outcomes(results):
    counts = Counter(result.outcome or "failed" for result in results)
    return {key: counts.get(key, 0) for key in ("created", "updated", "unchanged", "failed")}


def policy_fixture_json(base_committee_slugs):
    """Every record the releases produced, as fixture JSON with natural keys, sorted so
    that the same database always gives the same bytes."""
    objects = []
    for model in POLICY_MODELS:
        instances = model.objects.all()
        if model is Committee:
            instances = instances.exclude(slug__in=base_committee_slugs)
        for instance in sorted(instances, key=lambda obj: _sort_key(obj.natural_key())):
            objects.append(instance)
    text = serializers.serialize(
        "json",
        objects,
        indent=2,
        ensure_ascii=False,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    objects = json.loads(text)
    for obj in objects:
        # When a database imported a text is its own history, not the text's.
        for field in VOLATILE_FIELDS:
            obj["fields"].pop(field, None)
    return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"


def _sort_key(key):
    """Natural keys sort with None first and numbers in numeric order."""
    return tuple("" if p is None else f"{p:012d}" if isinstance(p, int) else str(p) for p in key)
