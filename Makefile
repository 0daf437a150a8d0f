# Dalal: `make run` serves the app; `make test` runs every check. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
DALAL := $(BIN)/dalal
STAMP_PY := $(VENV)/.installed
STAMP_FE := frontend/node_modules/.installed
STAMP_E2E := e2e/node_modules/.installed
CHROMIUM ?= /usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export DALAL_TEST_DATABASE_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
export DALAL_TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: help run install test lint typecheck layers test-backend test-sqlite test-frontend \
	e2e schema schema-check services-check build-frontend clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- install
$(STAMP_PY): backend/pyproject.toml backend/requirements-dev.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (or set PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade uv
	$(UV) pip install -q --python $(BIN)/python -r backend/requirements-dev.lock -e backend
	@touch $@

$(STAMP_FE): frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ and npm are needed: install nodejs and npm"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMP_E2E): e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP_PY) $(STAMP_FE) ## Install the backend (.venv) and the frontend (node_modules)

build-frontend: $(STAMP_FE) ## Build the web app into frontend/dist
	cd frontend && npm run build --silent

# ---------------------------------------------------------------- run
run: export DALAL_SESSIONS ?= always
run: install build-frontend ## Install, migrate the embedded database, load demo data, serve :8000
	$(DALAL) migrate
	$(DALAL) demo
	$(DALAL) serve

# ---------------------------------------------------------------- checks
test: install services-check lint typecheck layers schema-check test-backend test-sqlite test-frontend e2e ## Run every check
	@echo "All checks passed."

services-check:
	@$(BIN)/python backend/tests/services_check.py

lint: $(STAMP_PY) ## ruff lint + format check
	cd backend && ../$(BIN)/ruff check . ../migrations && ../$(BIN)/ruff format --check . ../migrations

typecheck: $(STAMP_PY) ## mypy (strict on domain and services)
	cd backend && ../$(BIN)/mypy dalal

layers: $(STAMP_PY) ## import-linter: domain is pure, api stays out of adapters
	cd backend && ../$(BIN)/lint-imports

schema: $(STAMP_PY) ## Export schema.graphql from the code and regenerate the typed frontend operations
	$(DALAL) export-schema --output schema.graphql
	cd frontend && npm run codegen --silent

schema-check: $(STAMP_PY) $(STAMP_FE) ## Fail when schema.graphql or the generated frontend types are stale
	$(DALAL) export-schema --output schema.graphql --check
	cd frontend && npm run codegen:check --silent

test-backend: $(STAMP_PY) ## Unit, integration and API tests on real PostgreSQL and Redis
	cd backend && ../$(BIN)/pytest -q -p no:cacheprovider

test-sqlite: $(STAMP_PY) ## The smoke suite on the embedded SQLite database
	cd backend && DALAL_TEST_DATABASE_URL=sqlite DALAL_TEST_REDIS_URL= ../$(BIN)/pytest -q -p no:cacheprovider -m smoke

test-frontend: $(STAMP_FE) ## Vitest unit tests and the TypeScript check
	cd frontend && npm run lint --silent && npm test --silent

e2e: $(STAMP_PY) $(STAMP_E2E) build-frontend ## Browser tests in Debian's Chromium
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at $(CHROMIUM): install it (apt-get install chromium) or set CHROMIUM=/path."; exit 1; \
	  fi; }
	cd e2e && CHROMIUM=$(CHROMIUM) npx playwright test

clean: ## Remove build outputs (keeps var/ and your data)
	rm -rf frontend/dist e2e/artifacts e2e/test-results
