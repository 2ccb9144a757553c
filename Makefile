# Energy telemetry pipeline. `make help` lists the targets.
# Every target installs what it needs first, so each works on a fresh clone
# with only Node.js (>= 20) and Python (>= 3.11) on the machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PNPM_VERSION := 10.34.8
# pnpm from PATH when it is the pinned version, else a project-local copy (no root needed).
PNPM := $(shell command -v pnpm >/dev/null 2>&1 && [ "$$(pnpm --version)" = "$(PNPM_VERSION)" ] && echo pnpm || echo $(CURDIR)/.tools/node_modules/.bin/pnpm)
VENV := $(CURDIR)/.venv
PYTHON ?= python3
CHROMIUM := /usr/bin/chromium

.PHONY: help install venv venv-lock browser build test lint typecheck unit clean bench

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.tools/node_modules/.bin/pnpm:
	@echo "==> installing pnpm $(PNPM_VERSION) into .tools/"
	npm install --silent --no-audit --no-fund --prefix .tools pnpm@$(PNPM_VERSION)

node_modules/.modules.yaml: package.json pnpm-lock.yaml $(wildcard apps/*/package.json packages/*/package.json infra/package.json) | $(if $(filter pnpm,$(PNPM)),,.tools/node_modules/.bin/pnpm)
	@echo "==> installing Node dependencies"
	$(PNPM) install --frozen-lockfile
	@touch $@

install: node_modules/.modules.yaml ## Install pnpm (if missing) and the Node dependencies

$(VENV)/.installed: tools/python/requirements.txt tools/python/constraints.txt
	@echo "==> creating the Python venv $(VENV) (moto, checkov)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tools/python/requirements.txt -c tools/python/constraints.txt
	@touch $@

venv: $(VENV)/.installed ## Create the project-local Python venv with the pinned emulator and linters

venv-lock: ## Re-resolve the Python tools and rewrite tools/python/constraints.txt
	rm -rf $(VENV).lock && $(PYTHON) -m venv $(VENV).lock
	$(VENV).lock/bin/pip install --quiet -r tools/python/requirements.txt
	$(VENV).lock/bin/pip freeze --exclude-editable > tools/python/constraints.txt
	rm -rf $(VENV).lock

browser: ## Install Debian's Chromium for the browser tests (needs root or sudo)
	@if [ -x $(CHROMIUM) ]; then echo "==> chromium present: $$($(CHROMIUM) --version 2>/dev/null)"; else \
	  echo "==> installing chromium from apt"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] && echo "" || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; fi

build: install ## Bundle every Lambda into apps/<name>/dist/<name>.zip (byte-reproducible)
	$(PNPM) exec turbo run build

lint: install ## Biome lint and format check
	$(PNPM) exec biome ci .

typecheck: install ## TypeScript, every package
	$(PNPM) exec turbo run typecheck

unit: install ## Unit tests only (no emulator, no browser)
	$(PNPM) exec turbo run test --filter=@energy/core --filter=@energy/config --filter=@energy/bundler --filter=@energy/aws-clients

test: install venv browser ## Lint, typecheck and every test (unit, integration on the emulator, browser, infra)
	$(PNPM) exec biome ci .
	PATH="$(VENV)/bin:$$PATH" $(PNPM) exec turbo run typecheck test --concurrency=1

bench: install venv ## Benchmarks; results go to docs/benchmarks.md
	PATH="$(VENV)/bin:$$PATH" $(PNPM) run bench

# --- The local stack (packages/local-stack): moto and the built Lambdas on this machine ---
# Options, as environment or make variables (`make demo SITES=20`): PORT (API, 3000),
# EMULATOR_PORT (4566), SITES, RATE_SECONDS (demo, 5), PREFIX, SEED, VERBOSE=1 (function logs
# on the terminal). AWS_ENDPOINT_URL set: use that emulator and start none.
LOCAL_STACK := node --import tsx packages/local-stack/src/cli/main.ts

.PHONY: stack demo

stack: install venv build ## Local AWS stack in the foreground: emulator, processor on the queue, API (Ctrl-C stops it)
	@$(LOCAL_STACK) stack

demo: install venv build ## The whole pipeline here: emulator, generator every 5 s, processor, API, dashboard
	@$(LOCAL_STACK) demo

# Redrive the ingest dead-letter queue of PREFIX (default energy-local). For the local stack set
# AWS_ENDPOINT_URL=http://127.0.0.1:4566; unset, it acts on AWS with your credentials.
.PHONY: redrive
redrive: install ## Move the ingest DLQ's messages back to the ingest queue and report how many moved
	@$(PNPM) --filter @energy/processor exec node --import tsx src/redrive/cli.ts --prefix $(or $(PREFIX),energy-local)

clean: ## Remove build outputs and caches (keeps node_modules and the venv)
	rm -rf apps/*/dist .turbo apps/*/.turbo packages/*/.turbo infra/.turbo test-results apps/*/test-results
