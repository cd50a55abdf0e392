# One command to run the app, one to run every test, on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
PIP_VERSION := 26.3
UV_VERSION  := 0.13.8

# pip runs only when pyproject.toml or the lock changed since the last install: each stamp records
# one successful install (into this venv) of one lock file and the editable package.
RUN_STAMP     := $(VENV)/.installed-run
DEV_STAMP     := $(VENV)/.installed-dev
RELEASE_STAMP := $(VENV)/.installed-release

# The locks pin every package, with hashes, to the versions the tests passed with: the app
# (requirements.lock), tests and lint (-dev), the desktop build (-build: + PyInstaller) and `make dist`
# (-release: build and twine). `make lock` regenerates them from pyproject.toml and the .in files; each
# is resolved within the one before it, so they agree on every package they share.
UV_COMPILE = $(BIN)/uv pip compile -q --universal --python-version 3.11 --generate-hashes \
             --custom-compile-command "make lock" $(LOCK_FLAGS)

.PHONY: run test setup setup-dev setup-release lint bench screenshots lock dist clean translations

# The interface's Chinese: the .ts (kept in git) is compiled to the .qm the app loads (not kept).
TS := pitchcoach/ui/i18n/pitchcoach_zh_CN.ts
QM := $(TS:.ts=.qm)

run: setup
	$(BIN)/pitchcoach

# With an empty temporary HOME, as on a machine where the app never ran (scripts/run-tests.sh says why).
# PYTEST_ARGS picks tests or options: make test PYTEST_ARGS="tests/core -x".
test: setup-dev
	scripts/run-tests.sh $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip==$(PIP_VERSION)

define install_lock
	$(PIP) install -q --require-hashes -r $(1)
	$(PIP) install -q --no-deps -e .
	touch $@
endef

$(RUN_STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(call install_lock,requirements.lock)

$(DEV_STAMP): pyproject.toml requirements-dev.lock | $(BIN)/python
	$(call install_lock,requirements-dev.lock)

# The release tools go on top of the dev install (their lock is resolved within it).
$(RELEASE_STAMP): requirements-release.lock $(DEV_STAMP)
	$(PIP) install -q --require-hashes -r requirements-release.lock
	touch $@

$(QM): $(TS) | $(RUN_STAMP)
	$(BIN)/pyside6-lrelease -silent $(TS) -qm $@

setup: $(RUN_STAMP) $(QM)
	@scripts/system-deps.sh run

setup-dev: $(DEV_STAMP) $(QM)
	@scripts/system-deps.sh test

# After changing a UI string: collect every tr() into the .ts, translate what is new (the test
# tests/ui/test_i18n.py fails while any entry is unfinished), then `make setup` compiles it.
translations: setup-dev
	$(BIN)/pyside6-lupdate -silent -no-obsolete -locations none $$(git ls-files 'pitchcoach/ui/*.py') -ts $(TS)

setup-release: setup-dev $(RELEASE_STAMP)

lint: setup-dev
	$(BIN)/ruff check pitchcoach tests benchmarks
	$(BIN)/ruff format --check pitchcoach tests benchmarks
	$(BIN)/mypy
	$(BIN)/python scripts/check_module_size.py

bench: setup-dev
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pitchcoach.ui.screenshots docs/screenshots

# Add or change a dependency in pyproject.toml, then run this and commit the four .lock files.
# `make lock LOCK_FLAGS=--upgrade` moves every unpinned package to its newest version instead.
lock: $(BIN)/python
	$(PIP) install -q uv==$(UV_VERSION)
	$(UV_COMPILE) pyproject.toml -o requirements.lock
	$(UV_COMPILE) pyproject.toml --extra dev -c requirements.lock -o requirements-dev.lock
	$(UV_COMPILE) pyproject.toml requirements-build.in -c requirements-dev.lock -o requirements-build.lock
	$(UV_COMPILE) requirements-release.in -c requirements-build.lock -o requirements-release.lock

# Wheel and sdist in dist/, checked as PyPI would check them.
dist: setup-release
	rm -f dist/pitchcoach-*.whl dist/pitchcoach-*.tar.gz
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/pitchcoach-*.whl dist/pitchcoach-*.tar.gz

clean:
	rm -rf $(VENV) build dist *.egg-info
