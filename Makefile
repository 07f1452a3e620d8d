# Payung: `make run` serves the Sultra 2018 demo; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
# What QR codes print: the address `make run` serves, unless set for a public address.
PAYUNG_PUBLIC_URL ?= http://$(HOST):$(PORT)
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/payung
# Serial by default: pytest-django runs the tests that flush the database (browser, transactional)
# last, an order that xdist's scheduling does not keep. PYTEST_JOBS="-n 2" for a quick local run.
PYTEST_JOBS ?=

.PHONY: setup run demo serve test lint typecheck audit pytest pytest-sqlite pytest-postgres bench clean

## setup: create .venv with every dependency (bootstraps uv with pip if missing)
setup: $(VENV)/.synced

# Bytecode is compiled here, once: where PYTHONDONTWRITEBYTECODE is set Python never caches it,
# and every `payung` command would compile Django and its libraries again (about half its start).
$(VENV)/.synced: Makefile pyproject.toml uv.lock .python-version $(wildcard payung/locale/*/LC_MESSAGES/*.po payung/*/locale/*/LC_MESSAGES/*.po)
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || python3 -m pip install --user --quiet uv || python3 -m pip install --quiet uv
	$(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv) sync --frozen --compile-bytecode
	$(BIN)/python -m compileall -q payung
	$(BIN)/python -m payung.core.locale_compile
	@touch $@

## run: set up, migrate, load the Sultra 2018 demo and serve it on http://$(HOST):$(PORT)
## (on a database with real data `payung demo` refuses, status 2, and the server starts anyway)
run: setup
	$(BIN)/payung migrate --no-input
	$(BIN)/payung demo || [ $$? -eq 2 ]
	PAYUNG_PUBLIC_URL=$(PAYUNG_PUBLIC_URL) $(BIN)/payung serve --host $(HOST) --port $(PORT)

## test: set up, lint, type check, audit the locked dependencies, run the suite on SQLite and PostgreSQL
test: setup lint typecheck audit pytest

lint:
	$(BIN)/ruff check payung bench
	$(BIN)/ruff format --check payung bench
	$(BIN)/lint-imports

typecheck:
	$(BIN)/mypy payung

# pip-audit over the lock file. It needs a vulnerability database (PyPI's JSON API or OSV); a
# machine that reaches only a package index has none, and the audit says so loudly instead.
AUDIT_PROBE := import urllib.request as r; r.urlopen("https://pypi.org/pypi/pip/24.0/json", timeout=10)
audit: setup
	@mkdir -p var
	$(UV) export --frozen --no-hashes --no-emit-project --format requirements-txt -o var/audit-requirements.txt >/dev/null
	@if $(BIN)/python -c '$(AUDIT_PROBE)' 2>/dev/null; then \
		$(dir $(UV))uvx --from 'pip-audit>=2.7' pip-audit --strict --no-deps --disable-pip --progress-spinner off -r var/audit-requirements.txt; \
	else \
		echo "!!! pip-audit NOT RUN: no vulnerability database answers from this machine (https://pypi.org/pypi/<name>/<version>/json, which pip-audit reads); the locked versions are in var/audit-requirements.txt !!!" >&2; \
	fi

pytest: pytest-sqlite pytest-postgres

pytest-sqlite:
	DATABASE_URL= $(BIN)/pytest $(PYTEST_JOBS)

# PostgreSQL is the production engine: its run skips loudly when no server answers, and fails in CI.
pytest-postgres:
	@if $(BIN)/python -m payung.core.pgcheck "$(PG_TEST_URL)"; then \
		DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest $(PYTEST_JOBS) --create-db; \
	elif [ -n "$$CI" ]; then \
		echo "FAIL: PostgreSQL at $(PG_TEST_URL) does not answer, and CI requires it" >&2; exit 1; \
	else \
		echo "!!! SKIPPED the PostgreSQL run: no server at $(PG_TEST_URL) (set PG_TEST_URL) !!!" >&2; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
