# The two commands a newcomer needs are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/policybase
FIXTURES := fixtures/ministries.json fixtures/committees.json $(wildcard fixtures/policy/*.json)
AXE := .cache/axe/node_modules/axe-core/axe.min.js

.PHONY: messages run eval test test-sqlite test-postgres lint migrations-check axe fixtures bench-parser bench bench-db bench-serve bench-ingest-one bench-ingest bench-csv ci clean

$(BIN)/django-admin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/django-admin

# Serve the site on the embedded SQLite database with every fixture loaded.
run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata $(FIXTURES)
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite on SQLite, then on PostgreSQL (skipped, and said so, where none answers).
test: venv lint migrations-check axe test-sqlite test-postgres

# axe-core (accessibility rules) for the browser tests, from the npm registry; without npm
# the browser tests that need it are reported as skipped.
axe: $(AXE)
$(AXE):
	-npm install --prefix .cache/axe --no-audit --no-fund --loglevel=error axe-core@4.14.1

test-sqlite: venv
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest

test-postgres: venv
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

# Style, and the direction of imports between the layers (pyproject.toml's contracts).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports

migrations-check: venv
	$(BIN)/python manage.py makemigrations --check --dry-run

# The English catalogue: collect the interface's strings into locale/en/.../django.po (new ones
# untranslated), then compile the committed django.mo (docs/interface.md). Needs GNU gettext.
messages: venv
	$(BIN)/python manage.py makemessages -l en --no-location --ignore=.venv --ignore=.cache --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv --ignore=.cache

# Regenerate fixtures/policy/ from fixtures/sources/ (a test fails when they are stale).
fixtures: venv
	$(BIN)/python manage.py build_fixtures

# The parser's quality on the evaluation set (tests/data/eval): P/R/F1 per field, date
# accuracy and parse throughput. EVAL_FLAGS=--verbose prints every miss.
eval: venv
	DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py evaluate_parser $(EVAL_FLAGS)

# Parse and ingest throughput on SQLite and on PostgreSQL (figures, not a pass/fail test).
bench-parser: venv
	DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py benchmark_parser
	DATABASE_URL=$(PG_URL) $(BIN)/python manage.py benchmark_parser

# The site at scale: a scratch PostgreSQL database with N synthetic announcements
# (bench-db), then gunicorn with DEBUG off measured against it (bench-serve), writing
# bench/results/N.json and N.md. `make bench` does both; N=1000000 takes about half an hour.
N ?= 100000
BENCH_DB ?= policybase_bench
BENCH_URL := postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
bench: bench-db bench-serve

bench-db: venv
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $(BENCH_DB)" -qc "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_URL) $(BIN)/python manage.py migrate -v0
	DATABASE_URL=$(BENCH_URL) $(BIN)/python manage.py loaddata $(FIXTURES) -v0
	DATABASE_URL=$(BENCH_URL) $(BIN)/python manage.py generate_corpus --announcements $(N)

# One release ingested into the bench database: the time and peak memory of the command.
bench-ingest-one: venv
	DATABASE_URL=$(BENCH_URL) $(BIN)/python bench/ingest_one.py

# The CSV export of every announcement of the bench database: time and peak memory.
bench-csv: venv
	DATABASE_URL=$(BENCH_URL) $(BIN)/python bench/csv_export.py

bench-serve: venv
	DATABASE_URL=$(BENCH_URL) $(BIN)/python bench/run.py

# An archive of RELEASES varied real releases ingested into SQLite and PostgreSQL (database
# policybase_bench_ingest): releases/s, MB/s, peak memory, first run and unchanged re-run.
RELEASES ?= 3000
bench-ingest: venv
	$(BIN)/python bench/ingest_archive.py --releases $(RELEASES)

ci: test

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .cache
