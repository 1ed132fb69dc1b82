# make demo  — set everything up, then digitise the sample dossiers end to end.
# make test  — set everything up, then run the whole test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export OMP_THREAD_LIMIT := 1

.PHONY: demo test system-deps venv lint lock bench bench-scale clean

system-deps:
	@bash scripts/install-system-deps.sh

# requirements.lock pins every dependency (and theirs) to the versions the suite last passed with:
# `make lock` rewrites it from the current venv after `pip install -e '.[dev]'` resolved newer ones.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	@touch $(STAMP)

venv: system-deps $(STAMP)

demo: venv
	$(BIN)/sohoa demo

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -vi '^sohoa' > requirements.lock

bench: venv
	$(BIN)/python bench/accuracy.py

bench-scale: venv
	$(BIN)/python bench/scale.py

clean:
	rm -rf data sohoa-report .pytest_cache
