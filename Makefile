# AHP Journeys. `make demo` starts the portal with demo data; `make test` runs the whole suite.
# Both install what they need first (venv, Python and npm packages; Chromium for the tests).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The portal starts with DEBUG off and wants a SECRET_KEY (portal/settings.py); commands run on
# your own machine set DEBUG=1 (and so use the development key). The tests set their own
# (tests/settings.py), the benchmark its own (bench/settings.py).

.PHONY: install demo serve test test-fast lint format chromium bench load scan totp clean

$(BIN)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

install: $(BIN)/.installed node_modules/.installed

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium drives the browser tests; a test tool's own browser download can't run here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-liberation; }

# Two runs: the suite in parallel, then, one at a time, the tests that start real Celery workers
# or stop and restart Redis and PostgreSQL (they skip without REDIS_URL and PostgreSQL).
test: install chromium
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder -m "not services" $(PYTEST_ARGS)
	$(PY) -m pytest -p no:xdist -m "services or faults" $(PYTEST_ARGS)

# The suite without the real-browser tests and the service tests.
test-fast: install
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder -m "not browser and not services" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Performance against a synthetic national data set in PostgreSQL (database ahp_bench; see
# bench/README.md). RECRUITS=10000 or 100000 for the bigger sets; the set is reused when present.
RECRUITS ?= 1000
bench: install
	$(PY) -m bench.run --recruits $(RECRUITS)

# About a minute of load on gunicorn from wrk (Debian's), both on 127.0.0.1, on the bench set.
load: install
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the load test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk; }
	$(PY) -m bench.load $(if $(filter command line environment,$(origin RECRUITS)),--recruits $(RECRUITS))

# A web vulnerability scanner (Debian's wapiti) against the portal on 127.0.0.1, signed in as a
# demo manager, on its own throwaway data, for about SCAN_SECONDS (then a few minutes at most to
# finish). Fails on any server error or any finding rated medium or above; var/scan/ keeps the
# report and the server log.
SCAN_SECONDS ?= 240
scan: install
	@command -v wapiti >/dev/null 2>&1 || { \
	  echo "Installing Debian's wapiti for the scan"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wapiti; }
	$(PY) -m tests.security.webscan --seconds $(SCAN_SECONDS)

totp: install
	@DEBUG=1 $(PY) manage.py demo_totp $(EMAIL)

clean:
	rm -rf $(VENV) node_modules var staticfiles test-results
