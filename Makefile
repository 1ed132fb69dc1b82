# make demo  — set everything up, then digitise the sample dossiers end to end.
# make test  — set everything up, then run the whole test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export OMP_THREAD_LIMIT := 1

.PHONY: demo test system-deps venv lint bench bench-scale clean

system-deps:
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: system-deps $(STAMP)

demo: venv
	$(BIN)/sohoa demo

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check .

bench: venv
	$(BIN)/python bench/accuracy.py

bench-scale: venv
	$(BIN)/python bench/scale.py

clean:
	rm -rf data sohoa-report .pytest_cache
