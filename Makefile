# helpcenter: `make run` serves the site, `make test` runs every check. Both set up first.
# `make serve` starts the production stack (nginx, gunicorn, PostgreSQL, Redis); `make serve-stop`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
CHROMIUM ?= /usr/bin/chromium
NPM ?= npm
FLASK := $(BIN)/flask --app helpcenter
SERVE_PORT ?= 8080
GUNICORN_PORTS ?= 8001,8002
RUN_DIR ?= instance/serve
export CHROMIUM

.PHONY: run test setup translations database browsers lint clean serve serve-stop services bench wrk

run: setup ## set up, then serve the site on http://$(HOST):$(PORT)
	$(FLASK) cases sample --count 150 --if-empty  # a filled report on a new local database only
	$(FLASK) run --host $(HOST) --port $(PORT)

test: setup $(VENV)/.installed-test browsers node_modules/.installed ## set up, then lint, check the content and run every test
	$(BIN)/ruff check .
	$(FLASK) content check
	$(BIN)/pytest

setup: $(VENV)/.installed translations database

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(FLASK) translate compile

database: $(VENV)/.installed
	$(FLASK) db upgrade

# The browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
browsers:
	@if [ -x "$(CHROMIUM)" ]; then \
	  echo "Browser tests will use $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium from Debian for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else \
	  echo "MISSING: the browser tests need Chromium at $(CHROMIUM)."; \
	  echo "  On Debian/Ubuntu: sudo apt-get install chromium"; \
	  echo "  Elsewhere: make test CHROMIUM=/path/to/chromium"; \
	  exit 1; \
	fi

# The browser tests inject axe-core from node_modules/ into every page they visit.
# `npm ci` installs exactly package-lock.json; again only when package.json or the lock changes.
node_modules/.installed: package.json package-lock.json
	@if ! command -v $(NPM) >/dev/null; then \
	  echo "MISSING: the browser tests need npm (Node.js 18 or newer) to install axe-core."; \
	  echo "  On Debian/Ubuntu: sudo apt-get install nodejs npm"; \
	  echo "  Elsewhere: see https://nodejs.org/, or make test NPM=/path/to/npm"; \
	  exit 1; \
	fi
	$(NPM) ci --no-audit --no-fund
	touch $@

# The benchmark table (bench/README.md): gunicorn with deploy/gunicorn.conf.py on SQLite, every
# kind of request against the floor, targets OK or MISSED. BENCH_ARGS=--quick tries it in a minute.
BENCH_ARGS ?=
bench: $(VENV)/.installed translations wrk ## print the benchmark table (several minutes)
	$(BIN)/python bench/table.py $(BENCH_ARGS)

# The load generator of the benchmarks: Debian's wrk (installed as root when missing).
wrk:
	@if command -v wrk >/dev/null; then \
	  echo "Load generator: $$(command -v wrk)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing wrk from Debian for the benchmarks..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
	  echo "MISSING: the benchmarks need wrk. On Debian/Ubuntu: sudo apt-get install wrk"; \
	  echo "  (or run .venv/bin/python bench/table.py --tool python)"; \
	  exit 1; \
	fi

# The production stack on this machine (README, "Deploying"): nginx on $(SERVE_PORT) in front of
# two gunicorn instances on $(GUNICORN_PORTS), PostgreSQL and Redis; migrations first. Pids, logs
# and the filled-in nginx.conf are kept in $(RUN_DIR)/.
serve: $(VENV)/.installed translations ## start the production stack on http://127.0.0.1:$(SERVE_PORT)
	$(BIN)/python -m deploy.serve start --run-dir $(RUN_DIR) --port $(SERVE_PORT) \
	  --instances $(GUNICORN_PORTS)

serve-stop: ## stop what `make serve` started, by the pids it recorded
	$(PYTHON) -m deploy.serve stop --run-dir $(RUN_DIR)

# What the stack and the deploy tests need from the machine: Debian's nginx (and redis-server
# when no Redis answers) installed as root, the local PostgreSQL started when it is stopped.
services:
	$(PYTHON) -m deploy.serve services

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .ruff_cache tests/browser/screenshots
	find translations -name '*.mo' -delete
