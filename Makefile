# Alva: the entry points. `make dev` runs the whole product; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
BACKEND := backend
VENV := $(BACKEND)/.venv
PY := $(abspath $(VENV))/bin/python
DEVDATA := $(abspath .devdata)
PORT ?= 8000
API_PORT ?= 8001
FRONTEND := frontend
LOAD_DEV_ENV := set -a && . $(DEVDATA)/env && set +a
# Debian packages (Chromium, wrk) need root: these machines run as root, GitHub's runners have sudo.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: help setup frontend-setup browser dev dev-services dev-stop migrate seed test lint typecheck migrations-check pytest frontend-check frontend-e2e check-deploy bench lock clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: $(BACKEND)/requirements.lock $(BACKEND)/pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r $(BACKEND)/requirements.lock
	touch $@

setup: $(VENV)/.installed ## create the venv and install pinned dependencies

$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package-lock.json $(FRONTEND)/package.json
	@command -v node >/dev/null || { echo "Node.js 20.19+ is required"; exit 1; }
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend-setup: $(FRONTEND)/node_modules/.installed ## install the SPA's pinned npm dependencies

browser: ## Debian's Chromium for the end-to-end tests (a test tool's own browser download cannot work here)
	@[ -x "$${CHROMIUM_PATH:-/nonexistent}" ] || command -v chromium >/dev/null || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

lock: ## re-pin backend dependencies after editing pyproject.toml
	$(PY) -m uv pip compile --quiet $(BACKEND)/pyproject.toml --extra dev --python-version 3.11 -o $(BACKEND)/requirements.lock

dev-services: setup ## find or start PostgreSQL, Redis and S3; write .devdata/env
	cd $(BACKEND) && PORT=$(PORT) $(PY) -m devtools.services dev --state $(DEVDATA)

migrate: dev-services ## migrate the public schema and every tenant schema (spares included)
	cd $(BACKEND) && $(LOAD_DEV_ENV) && $(PY) manage.py migrate_schemas --executor=standard -v 0

seed: migrate ## create the demo store and a support staff user (idempotent) and fill the spare schema pool
	cd $(BACKEND) && $(LOAD_DEV_ENV) && $(PY) manage.py refill_spare_schemas && \
		$(PY) manage.py catalog_bucket_cors && \
		$(PY) manage.py seed_demo --password-file $(DEVDATA)/demo-owner-password && \
		$(PY) manage.py seed_staff --state $(DEVDATA)

dev: seed frontend-setup ## run the whole product on http://*.alva.localhost:8000 (SPA, API, workers, scheduler, Klaviyo emulator)
	@echo "Sign up: http://app.alva.localhost:$(PORT)/   Demo store: http://demo.alva.localhost:$(PORT)/"
	cd $(BACKEND) && $(LOAD_DEV_ENV) && PATH=$(abspath $(VENV))/bin:$$PATH SPA_PORT=$(PORT) API_PORT=$(API_PORT) \
		$(PY) -m honcho -f ../Procfile.dev -d . start

dev-stop: ## stop the PostgreSQL/Redis/S3 that make dev started (state stays in .devdata)
	cd $(BACKEND) && $(PY) -m devtools.services down --state $(DEVDATA)

lint: setup ## ruff lint + format check
	cd $(BACKEND) && $(PY) -m ruff check . && $(PY) -m ruff format --check .

typecheck: setup ## mypy (strict, django-stubs)
	cd $(BACKEND) && SECRET_KEY=typecheck $(PY) -m mypy .

migrations-check: setup ## fail when a model change has no migration
	cd $(BACKEND) && SECRET_KEY=check DATABASE_URL=postgres://unused@127.0.0.1:1/unused \
		$(PY) manage.py makemigrations --check --dry-run -v 1 2>&1 | grep -v RuntimeWarning | grep -v warnings.warn; \
		exit $${PIPESTATUS[0]}

pytest: setup ## the test suite against throwaway PostgreSQL, Redis and S3
	cd $(BACKEND) && $(PY) -m devtools.services run -- $(PY) -m pytest $(PYTEST_ARGS)

check-deploy: ## offline checks of the Helm chart, Terraform and workflows (own tool venvs)
	bash deploy/checks/run.sh

frontend-check: setup frontend-setup ## SPA: lint, types, component tests, API types up to date, build
	cd $(FRONTEND) && npm run lint && npm run typecheck && npm run test && npm run check:api && npm run build

frontend-e2e: setup frontend-setup browser ## SPA end to end in headless Chromium against the real backend
	cd $(FRONTEND) && npm run e2e

test: lint typecheck migrations-check pytest frontend-check frontend-e2e check-deploy ## everything CI checks

bench: setup ## benchmarks (JSON on stdout) against throwaway services; needs wrk (Debian package, installed when missing)
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	cd $(BACKEND) && $(PY) -m devtools.services run --durable -- $(PY) -m bench $(BENCH_ARGS)

clean: ## remove the venv and caches (keeps .devdata)
	rm -rf $(VENV) $(BACKEND)/.mypy_cache $(BACKEND)/.ruff_cache
