# Children's Board Outcomes: `make run` serves the demo; `make test` runs the whole suite.
# Both do all the set-up they need: venv, Python packages, npm assets, system packages.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test setup venv assets system-deps migrate framework demo lint audit lighthouse bench clean help

help:
	@echo "make run   - set up and serve http://$(HOST):$(PORT) with the framework and demo data"
	@echo "make test  - set up and run the whole test suite (SQLite, eager Celery, headless Chromium)"
	@echo "make lint  - ruff check and ruff format --check on the whole tree"
	@echo "make audit - supply chain: Python advisories, bandit, npm audit (docs/security.md)"
	@echo "make bench - benchmarks (print figures; scale_bench needs PostgreSQL: BENCH_PG)"
	@echo "make lighthouse - Lighthouse scores of the dashboard and an indicator page"

$(VENV)/.stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade 'pip==26.3' 'setuptools==80.9.0'
	$(PIP) install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.stamp

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.stamp: node_modules/.stamp $(shell find static_src -type f 2>/dev/null)
	npm run --silent build
	touch $@

assets: static/dist/.stamp

# Debian packages: Chromium for the browser tests, Pango for WeasyPrint's PDFs.
system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $$missing fonts-dejavu-core >/dev/null; \
	  else \
	    echo "Please install with apt:$$missing (browser tests skip without chromium)"; \
	  fi; \
	fi

setup: venv assets

migrate: setup
	$(PY) manage.py migrate --noinput

framework: migrate
	$(PY) manage.py load_framework
	$(PY) manage.py load_real_figures
	$(PY) manage.py load_commitments

demo: framework
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo

run: system-deps demo
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl+C to stop). Demo data is labelled on every page."
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: system-deps setup
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

audit: setup
	bash .ci/audit

lighthouse: setup
	bash bench/lighthouse.sh

bench: setup
	$(PY) bench/compute_rag_bench.py
	$(PY) bench/board_bench.py
	$(PY) bench/scale_bench.py

clean:
	rm -rf $(VENV) node_modules static/dist db.sqlite3 staticfiles
