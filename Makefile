# make demo  — set everything up and serve the demo corporation at http://127.0.0.1:8000
# make test  — set everything up and run the whole suite (SQLite, then PostgreSQL)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/huurpad
export HUURPAD_VAR_DIR ?= $(CURDIR)/var

.PHONY: demo test lint test-sqlite test-postgres setup system-packages assets clean

demo: setup
	@mkdir -p var
	@test -s var/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	SECRET_KEY="$$(cat var/secret_key)" HUURPAD_SECURE_COOKIES=0 $(BIN)/huurpad demo

test: setup
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

# The house rules (pyproject.toml): formatted, linted, and the layers of docs/architecture.md kept.
lint:
	@echo "== ruff and the import contracts"
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .
	$(BIN)/lint-imports --no-cache

# Each pass runs on every core (pytest-xdist). `--dist load` hands tests out in pytest-django's
# order, so on each worker the tests that flush the database (transaction=True) still come last.
PYTEST := $(BIN)/pytest -n auto --dist load

test-sqlite:
	@echo "== Test suite on SQLite"
	SECRET_KEY=test HUURPAD_SECURE_COOKIES=0 DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(PYTEST)

test-postgres:
	@if $(BIN)/python scripts/pg-ready.py "$(PG_URL)" 2>/dev/null; then \
		echo "== Test suite on PostgreSQL: the tests whose outcome can depend on the database (conftest.py says which; the rest ran above)"; \
		SECRET_KEY=test HUURPAD_SECURE_COOKIES=0 DATABASE_URL=$(PG_URL) $(PYTEST) --ignore=huurpad/core --database-dependent; \
	elif [ "$$HUURPAD_REQUIRE_POSTGRES" = "1" ]; then \
		echo "PostgreSQL is required (HUURPAD_REQUIRE_POSTGRES=1) but not reachable at $(PG_URL)." >&2; exit 1; \
	else \
		echo "== PostgreSQL pass skipped: no server at $(PG_URL) (set PG_URL to point elsewhere)."; \
	fi

setup: $(VENV)/.installed assets system-packages

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c "import sys; assert sys.version_info >= (3, 11), 'Huurpad needs Python 3.11 or newer'"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	@touch $@

assets: huurpad/static/vendor/.built

huurpad/static/vendor/.built: package.json package-lock.json scripts/copy-assets.sh
	@command -v npm >/dev/null || { echo "npm is needed for the front-end packages: apt-get install npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/copy-assets.sh
	@touch $@

# Debian packages Huurpad needs: Pango and a font for letters (WeasyPrint), Chromium for the
# browser tests.
system-packages:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -q "Liberation Sans"; } || { \
		echo "Installing Pango and fonts for letters as PDF (Debian packages libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation)"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation; } \
		|| { echo "Could not install them. Install them yourself: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation" >&2; exit 1; }; }
	@command -v chromium >/dev/null || { \
		echo "Installing Chromium for the browser tests (Debian package 'chromium')"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
		|| { echo "Could not install chromium. Install it yourself: apt-get install chromium" >&2; exit 1; }; }

clean:
	rm -rf $(VENV) node_modules huurpad/static/vendor var/test.sqlite3
