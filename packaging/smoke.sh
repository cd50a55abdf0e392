#!/usr/bin/env bash
# Smoke test of the desktop download: build it, unpack the archive into a fresh folder, run the
# unpacked app's self-test with no display, install it for a scratch user (menu entry, icons), check
# the installed and download sizes against the budget, and start the GUI offscreen for a few seconds.
#
#   packaging/smoke.sh [--no-build] [build.sh options, e.g. --use-current]
#
# Environment:
#   PITCHCOACH_DIST_DIR           where the app folder and archive are (default dist), as for build.sh
#   PITCHCOACH_SIZE_GOAL_MB       budget for the installed app folder in MiB (default 620)
#   PITCHCOACH_DOWNLOAD_GOAL_MB   budget for the .tar.zst download in MiB (default 330)
#   PITCHCOACH_GUI_SECONDS        how long the GUI must stay up (default 3)
#
# Every check runs even if an earlier one failed; the exit status is non-zero if any failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST_DIR="${PITCHCOACH_DIST_DIR:-$ROOT/dist}"
GOAL_MB="${PITCHCOACH_SIZE_GOAL_MB:-620}"
DOWNLOAD_GOAL_MB="${PITCHCOACH_DOWNLOAD_GOAL_MB:-330}"
GUI_SECONDS="${PITCHCOACH_GUI_SECONDS:-3}"
APP_ID="io.github.pitchcoach.PitchCoach"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$ROOT/pitchcoach/__init__.py")"
NAME="PitchCoach-$VERSION-linux-$(uname -m)"
ARCHIVE="$DIST_DIR/$NAME.tar.zst"

BUILD=1
BUILD_ARGS=()
for arg in "$@"; do
    case "$arg" in
        --no-build) BUILD=0 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) BUILD_ARGS+=("$arg") ;;
    esac
done

# The app writes its database and logs under PITCHCOACH_HOME: keep the test's away from real data.
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/pitchcoach-smoke.XXXXXX")"
GUI_PID=""
cleanup() {
    if [[ -n "$GUI_PID" ]] && kill -0 "$GUI_PID" 2>/dev/null; then
        kill "$GUI_PID" 2>/dev/null
        wait "$GUI_PID" 2>/dev/null
    fi
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

FAILED=()
SUMMARY=()
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

T_ALL="$(now)"

# 0. Desktop metadata, with the freedesktop validators when they are installed
#    (Debian: apt-get install appstream desktop-file-utils).
for check in "appstreamcli validate --no-net packaging/linux/io.github.pitchcoach.PitchCoach.metainfo.xml" \
             "desktop-file-validate packaging/linux/io.github.pitchcoach.PitchCoach.desktop"; do
    tool="${check%% *}"
    if ! command -v "$tool" >/dev/null; then
        SUMMARY+=("$tool: not installed, skipped")
    elif (cd "$ROOT" && $check >"$SCRATCH/validate.out" 2>&1); then
        SUMMARY+=("$tool: valid")
    else
        cat "$SCRATCH/validate.out" >&2
        FAILED+=("$tool")
        SUMMARY+=("$tool: FAILED (output above)")
    fi
done

# 1. Build.
if [[ $BUILD == 1 ]]; then
    T="$(now)"
    if "$ROOT/packaging/build.sh" "${BUILD_ARGS[@]}"; then
        SUMMARY+=("build: $(since "$T") s")
    else
        echo "smoke: the build failed" >&2
        exit 1
    fi
fi
if [[ ! -f "$ARCHIVE" ]]; then
    echo "smoke: no download at $ARCHIVE (run without --no-build)" >&2
    exit 1
fi

# 1b. Unpack into a fresh folder, as a user would; everything below uses only the unpacked copy.
T="$(now)"
mkdir -p "$SCRATCH/unpacked"
if ! tar -C "$SCRATCH/unpacked" --zstd -xf "$ARCHIVE"; then
    echo "smoke: could not unpack $ARCHIVE" >&2
    exit 1
fi
APP_DIR="$SCRATCH/unpacked/$NAME/PitchCoach"
APP="$APP_DIR/PitchCoach"
SUMMARY+=("unpack: $(since "$T") s")
if [[ ! -x "$APP" ]]; then
    echo "smoke: the archive has no app at $NAME/PitchCoach/PitchCoach" >&2
    exit 1
fi

# 2. Self-test, headless: no display variables at all, to prove it needs none.
T="$(now)"
if env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM PITCHCOACH_HOME="$SCRATCH/selftest" \
    "$APP" --self-test >"$SCRATCH/selftest.out" 2>&1; then
    SUMMARY+=("self-test: passed in $(since "$T") s ($(grep -o 'model .* loaded in [0-9.]* s; sample analysed in [0-9.]* s' "$SCRATCH/selftest.out"))")
else
    cat "$SCRATCH/selftest.out" >&2
    FAILED+=("self-test")
    SUMMARY+=("self-test: FAILED after $(since "$T") s (output above)")
fi

# 3. Sizes: the unpacked app folder (what the install copies) and the download.
SIZE_MB="$(du -sm "$APP_DIR" | cut -f1)"
if (( SIZE_MB <= GOAL_MB )); then
    SUMMARY+=("installed size: $SIZE_MB MiB (budget <= $GOAL_MB MiB)")
else
    FAILED+=("installed size")
    SUMMARY+=("installed size: $SIZE_MB MiB, OVER the $GOAL_MB MiB budget; largest parts:")
    while read -r mb path; do
        SUMMARY+=("    $mb MiB  ${path#"$APP_DIR/"}")
    done < <(du -sm "$APP_DIR"/_internal/* | sort -rn | head -6)
fi
DOWNLOAD_BYTES="$(stat -c %s "$ARCHIVE")"
DOWNLOAD_MB="$(( (DOWNLOAD_BYTES + 1048575) / 1048576 ))"
if (( DOWNLOAD_MB <= DOWNLOAD_GOAL_MB )); then
    SUMMARY+=("download size: $DOWNLOAD_MB MiB $(basename "$ARCHIVE") (budget <= $DOWNLOAD_GOAL_MB MiB)")
else
    FAILED+=("download size")
    SUMMARY+=("download size: $DOWNLOAD_MB MiB, OVER the $DOWNLOAD_GOAL_MB MiB budget")
fi

# 3b. The archive's install script, for a scratch user: app, launcher link, menu entry, icons.
PREFIX_DIR="$SCRATCH/prefix"
if PREFIX="$PREFIX_DIR" "$SCRATCH/unpacked/$NAME/install.sh" >"$SCRATCH/install.out" 2>&1 \
    && grep -qx "Exec=$PREFIX_DIR/bin/pitchcoach" "$PREFIX_DIR/share/applications/$APP_ID.desktop" \
    && [[ -f "$PREFIX_DIR/share/icons/hicolor/256x256/apps/$APP_ID.png" ]] \
    && [[ -f "$PREFIX_DIR/share/icons/hicolor/scalable/apps/$APP_ID.svg" ]] \
    && PITCHCOACH_HOME="$SCRATCH/install-home" "$PREFIX_DIR/bin/pitchcoach" --version >>"$SCRATCH/install.out" 2>&1; then
    SUMMARY+=("install.sh: menu entry, icons and $(tail -1 "$SCRATCH/install.out") via the installed launcher")
    rm -rf "$PREFIX_DIR/lib" # a second full copy of the app is not needed from here on
else
    cat "$SCRATCH/install.out" >&2
    FAILED+=("install")
    SUMMARY+=("install.sh: FAILED (output above)")
fi

# 4. GUI: start it offscreen and check it is still running after a few seconds.
T="$(now)"
QT_QPA_PLATFORM=offscreen PITCHCOACH_HOME="$SCRATCH/gui" "$APP" >"$SCRATCH/gui.out" 2>&1 &
GUI_PID=$!
# `timeout` with `tail --pid` returns as soon as the app exits, so a crash is reported at once
# instead of after the full wait.
timeout "$GUI_SECONDS" tail --pid="$GUI_PID" -f /dev/null
if kill -0 "$GUI_PID" 2>/dev/null; then
    kill "$GUI_PID"
    wait "$GUI_PID" 2>/dev/null
    # Still running is not enough: an exception in a slot is printed and logged while the
    # event loop carries on.
    if grep -sqE 'Traceback|^[0-9-]+ [0-9:,]+ (ERROR|CRITICAL) ' "$SCRATCH/gui.out" "$SCRATCH"/gui/logs/*.log; then
        grep -sE -A20 'Traceback|^[0-9-]+ [0-9:,]+ (ERROR|CRITICAL) ' "$SCRATCH/gui.out" "$SCRATCH"/gui/logs/*.log >&2
        FAILED+=("gui")
        SUMMARY+=("gui: ran for ${GUI_SECONDS} s but reported errors (output above)")
    else
        SUMMARY+=("gui: still running after $(since "$T") s offscreen, no errors logged")
    fi
else
    wait "$GUI_PID"
    STATUS=$?
    cat "$SCRATCH/gui.out" >&2
    FAILED+=("gui")
    SUMMARY+=("gui: FAILED, exited with status $STATUS after $(since "$T") s (output above)")
fi
GUI_PID=""

echo
echo "== PitchCoach smoke test: $APP"
printf '%s\n' "${SUMMARY[@]}"
echo "total: $(since "$T_ALL") s"
if (( ${#FAILED[@]} )); then
    echo "FAILED: ${FAILED[*]}"
    exit 1
fi
echo "OK"
