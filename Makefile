# Two commands do all the set-up on a fresh machine:
#   make serve   builds the graph from seeds/ and serves it at http://127.0.0.1:8000/sparql
#   make test    installs what the tests need and runs them
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install install-test build serve typecheck test bench clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install: $(BIN)/kg

$(VENV)/.test-installed: $(BIN)/kg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	bash scripts/install-test-deps
	touch $@

install-test: $(VENV)/.test-installed

build: install
	$(BIN)/kg build seeds --store $(STORE)

serve: build
	$(BIN)/kg serve --store $(STORE) --host $(HOST) --port $(PORT)

typecheck: install-test
	$(BIN)/python -m mypy

# The suite spreads its tests over the machine's cores; TEST_WORKERS=0 runs them in this process, one by one.
TEST_WORKERS ?= auto

test: typecheck
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

bench: install-test
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	bash scripts/install-test-deps --bench
	$(BIN)/python bench/build_bench.py
	$(BIN)/python bench/endpoint.py

clean:
	rm -rf $(VENV) data .pytest_cache
