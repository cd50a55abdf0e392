# One command to run the app, one to run every test, on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test setup setup-dev lint bench screenshots clean

run: setup
	$(BIN)/pitchcoach

test: setup-dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

setup: $(BIN)/python
	scripts/system-deps.sh run
	$(BIN)/python -m pip install -q -e .

setup-dev: $(BIN)/python
	scripts/system-deps.sh test
	$(BIN)/python -m pip install -q -e '.[dev]'

lint: setup-dev
	$(BIN)/ruff check pitchcoach tests benchmarks
	$(BIN)/ruff format --check pitchcoach tests benchmarks
	$(BIN)/mypy pitchcoach/core

bench: setup-dev
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pitchcoach.ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info
