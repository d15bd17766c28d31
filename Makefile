# pax8-operator developer entry points. `make run` and `make test` are the two a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CACHE ?= $(HOME)/.cache/pax8-operator
RUN_DIR ?= $(CURDIR)/.run

.PHONY: help install lint fmt test test-unit test-e2e k8s run down sim bench bench-sync clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv with the package and its dev/test extras

lint: $(STAMP) ## ruff, mypy --strict, import-linter layer contracts
	$(BIN)/ruff check operator tests bench
	$(BIN)/ruff format --check operator tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: $(STAMP) ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix operator tests bench
	$(BIN)/ruff format operator tests bench

k8s: ## build (or reuse) kube-apiserver, kube-controller-manager, kubectl, etcd, helm
	hack/k8s/build.sh

test-unit: $(STAMP) ## fast tests: client, simulator, handlers, conformance
	$(BIN)/pytest -q tests/unit

test-e2e: $(STAMP) k8s ## tests against a real kube-apiserver + etcd and the simulator over HTTP
	$(BIN)/pytest -q tests/e2e

test: lint test-unit test-e2e ## everything CI runs

run: $(STAMP) k8s ## local control plane + simulator + operator + samples (Ctrl-C stops all)
	hack/run.sh $(RUN_DIR)

down: ## stop what `make run` left running
	hack/k8s/down.sh $(RUN_DIR)/k8s || true

sim: $(STAMP) ## the Pax8 simulator alone on 127.0.0.1:18080 (credentials sim-client / sim-secret)
	$(BIN)/pax8-simulator serve --host 127.0.0.1 --port 18080 --client-id sim-client --client-secret sim-secret

bench: $(STAMP) ## client listing speed and pacing against the simulator (bench/client_listing.py)
	$(BIN)/python bench/client_listing.py

bench-sync: $(STAMP) k8s ## sync at 55,000 objects on a fresh local control plane (about 15 min)
	hack/k8s/down.sh $(RUN_DIR)/bench-k8s >/dev/null 2>&1 || true
	rm -rf $(RUN_DIR)/bench-k8s
	hack/k8s/up.sh $(RUN_DIR)/bench-k8s
	KUBECONFIG=$(RUN_DIR)/bench-k8s/kubeconfig $(BIN)/python bench/sync_scale.py $(SYNC_ARGS); \
	  status=$$?; hack/k8s/down.sh $(RUN_DIR)/bench-k8s; exit $$status

clean: ## remove the venv and run state (not the control-plane cache)
	rm -rf $(VENV) $(RUN_DIR) .mypy_cache .pytest_cache .ruff_cache
