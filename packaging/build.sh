#!/usr/bin/env bash
# Build the one-folder desktop app into dist/PitchCoach/ with PyInstaller.
#
#   packaging/build.sh                 # a dedicated build venv (packaging/build/venv), made once, reused
#   packaging/build.sh --use-current   # the Python that is active now (e.g. the dev .venv)
#
# Environment:
#   PITCHCOACH_BUILD_DIR   where the build venv and PyInstaller's work files go (default packaging/build)
#   PITCHCOACH_DIST_DIR    where the app folder goes (default dist)
#   PYTHON                 interpreter used to create the build venv (default python3; needs 3.11+)
#
# The build venv gets only the runtime dependencies from pyproject.toml plus PyInstaller, so
# nothing from the dev tools (pytest, piper, ...) can slip into the app.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${PITCHCOACH_BUILD_DIR:-$ROOT/packaging/build}"
DIST_DIR="${PITCHCOACH_DIST_DIR:-$ROOT/dist}"
PYINSTALLER_SPEC="pyinstaller==6.22.3"
USE_CURRENT=0

for arg in "$@"; do
    case "$arg" in
        --use-current) USE_CURRENT=1 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

mkdir -p "$BUILD_DIR"
if [[ $USE_CURRENT == 1 ]]; then
    PY="$(command -v python || command -v python3)"
    "$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install -q "$PYINSTALLER_SPEC"
else
    VENV="$BUILD_DIR/venv"
    PY="$VENV/bin/python"
    REQS="$BUILD_DIR/requirements.txt"
    "${PYTHON:-python3}" - "$ROOT/pyproject.toml" >"$REQS.new" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["dependencies"]))
EOF
    echo "$PYINSTALLER_SPEC" >>"$REQS.new"
    # Reinstall only when the dependency list changed since the last build.
    if [[ ! -x "$PY" ]] || ! cmp -s "$REQS.new" "$REQS"; then
        echo "build.sh: preparing build venv in $VENV"
        [[ -x "$PY" ]] || "${PYTHON:-python3}" -m venv "$VENV"
        "$PY" -m pip install -q -r "$REQS.new"
        mv "$REQS.new" "$REQS"
    else
        rm -f "$REQS.new"
    fi
fi

echo "build.sh: building with $("$PY" -m PyInstaller --version) on $("$PY" -V)"
cd "$ROOT"
# PyInstaller's analysis is CPU heavy; stay polite to other work on the machine.
nice -n 10 "$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST_DIR" --workpath "$BUILD_DIR/work" \
    packaging/pitchcoach.spec

echo "build.sh: built $DIST_DIR/PitchCoach ($(du -sm "$DIST_DIR/PitchCoach" | cut -f1) MB)"
