#!/usr/bin/env bash
# Build the one-folder desktop app into dist/PitchCoach/ with PyInstaller, and pack it with its
# desktop integration into a download: dist/PitchCoach-<version>-linux-<arch>.tar.zst.
#
#   packaging/build.sh                 # a dedicated build venv (packaging/build/venv), made once, reused
#   packaging/build.sh --use-current   # the Python that is active now (e.g. the dev .venv)
#   packaging/build.sh --no-archive    # the app folder only
#
# Environment:
#   PITCHCOACH_BUILD_DIR   where the build venv and PyInstaller's work files go (default packaging/build)
#   PITCHCOACH_DIST_DIR    where the app folder and the archive go (default dist)
#   PITCHCOACH_ZSTD_LEVEL  zstd level for the archive (default 9: ~40 s on 2 busy cores; 12 saves 2 MB
#                          for twice the time, 15 saves 2.5 MB for ten times)
#   PYTHON                 interpreter used to create the build venv (default python3; needs 3.11+)
#
# The build venv installs requirements-build.lock with --require-hashes: the app's runtime
# dependencies at exactly the tested versions, plus PyInstaller, and nothing else: PyInstaller packs
# whatever the app's imports can reach, so an extra package in the venv can end up in the app.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${PITCHCOACH_BUILD_DIR:-$ROOT/packaging/build}"
DIST_DIR="${PITCHCOACH_DIST_DIR:-$ROOT/dist}"
LOCK="$ROOT/requirements-build.lock"
USE_CURRENT=0
ARCHIVE=1
ZSTD_LEVEL="${PITCHCOACH_ZSTD_LEVEL:-9}"

for arg in "$@"; do
    case "$arg" in
        --use-current) USE_CURRENT=1 ;;
        --no-archive) ARCHIVE=0 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "build.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

# The download is a Linux archive; macOS and Windows ship the app folder (see their READMEs).
[[ "$(uname -s)" == Linux ]] || ARCHIVE=0
if [[ $ARCHIVE == 1 ]] && ! command -v zstd >/dev/null; then
    echo "build.sh: the archive needs zstd (Debian: apt-get install zstd), or build with --no-archive" >&2
    exit 1
fi

mkdir -p "$BUILD_DIR"
if [[ $USE_CURRENT == 1 ]]; then
    PY="$(command -v python || command -v python3)"
    "$PY" -m PyInstaller --version >/dev/null 2>&1 || "$PY" -m pip install -q --require-hashes -r "$LOCK"
else
    VENV="$BUILD_DIR/venv"
    PY="$VENV/bin/python"
    STAMP="$VENV/installed.lock"
    # Made again, from scratch, only when the lock changed since the last build: installing over an
    # old venv would leave packages the lock no longer lists, and PyInstaller could pack them.
    if [[ ! -x "$PY" ]] || ! cmp -s "$LOCK" "$STAMP"; then
        echo "build.sh: preparing build venv in $VENV from $(basename "$LOCK")"
        rm -rf "$VENV"
        "${PYTHON:-python3}" -m venv "$VENV"
        "$PY" -m pip install -q --require-hashes -r "$LOCK"
        cp "$LOCK" "$STAMP"
    fi
fi

echo "build.sh: building with $("$PY" -m PyInstaller --version) on $("$PY" -V)"
cd "$ROOT"
# PyInstaller's analysis is CPU heavy; stay polite to other work on the machine.
nice -n 10 "$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST_DIR" --workpath "$BUILD_DIR/work" \
    packaging/pitchcoach.spec

echo "build.sh: built $DIST_DIR/PitchCoach ($(du -sm "$DIST_DIR/PitchCoach" | cut -f1) MB)"

[[ $ARCHIVE == 1 ]] || exit 0

# The download: the app folder, an install script and the desktop files, in one versioned folder.
VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/pitchcoach/__init__.py")"
NAME="PitchCoach-$VERSION-linux-$(uname -m)"
APP_ID="io.github.pitchcoach.PitchCoach"
STAGING="$BUILD_DIR/archive"
STAGE="$STAGING/$NAME"
rm -rf "$STAGING"
mkdir -p "$STAGE/share/applications" "$STAGE/share/metainfo"
# Hard links, not a copy: the app folder is hundreds of MB and tar reads it once anyway.
cp -al "$DIST_DIR/PitchCoach" "$STAGE/PitchCoach" 2>/dev/null || cp -a "$DIST_DIR/PitchCoach" "$STAGE/PitchCoach"
install -m 755 "$ROOT/packaging/linux/install.sh" "$STAGE/install.sh"
install -m 644 "$ROOT/packaging/linux/$APP_ID.desktop" "$STAGE/share/applications/"
install -m 644 "$ROOT/packaging/linux/$APP_ID.metainfo.xml" "$STAGE/share/metainfo/"
cp -r "$ROOT/assets/icons" "$STAGE/share/icons"
rm -f "$STAGE/share/icons/"*.ico # Windows only
install -m 644 "$ROOT/LICENSE" "$STAGE/LICENSE"
cat >"$STAGE/README.txt" <<END
PitchCoach $VERSION for Linux ($(uname -m))

Install for your user (the app in ~/.local/lib/pitchcoach, menu entry and icon in ~/.local/share):
    ./install.sh
For everyone on this computer:  sudo PREFIX=/usr/local ./install.sh
Run it without installing:      ./PitchCoach/PitchCoach
Check that it works:            ./PitchCoach/PitchCoach --self-test
Remove it:                      ./install.sh --uninstall   (your recordings and history are kept)
END

ARCHIVE_PATH="$DIST_DIR/$NAME.tar.zst"
echo "build.sh: packing $ARCHIVE_PATH (zstd -$ZSTD_LEVEL)"
# Sorted names and a fixed owner, so two builds of the same files pack the same way.
nice -n 10 tar -C "$STAGING" --sort=name --owner=0 --group=0 --numeric-owner -cf - "$NAME" |
    nice -n 10 zstd -q -T0 "-$ZSTD_LEVEL" --long=27 -f -o "$ARCHIVE_PATH.part"
mv "$ARCHIVE_PATH.part" "$ARCHIVE_PATH"
rm -rf "$STAGING"
echo "build.sh: packed $ARCHIVE_PATH ($(du -m "$ARCHIVE_PATH" | cut -f1) MB)"
