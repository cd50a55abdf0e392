#!/usr/bin/env bash
# Install PitchCoach with its menu entry and icons. Works in two places:
#   - in the unpacked download (PitchCoach-<version>-linux-<arch>/install.sh), next to the app folder;
#   - in the source tree (packaging/linux/install.sh), after packaging/build.sh built dist/PitchCoach.
#
#   ./install.sh                           # for you: ~/.local
#   sudo PREFIX=/usr/local ./install.sh    # for everyone
#   ./install.sh --uninstall               # same PREFIX rules
#
# Layout: $PREFIX/lib/pitchcoach (the app folder), $PREFIX/bin/pitchcoach (a link to it),
# $PREFIX/share/{applications,metainfo,icons/hicolor}. Your recordings and history live
# elsewhere (the user data folder) and are never touched by this script.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP_ID="io.github.pitchcoach.PitchCoach"
PREFIX="${PREFIX:-$HOME/.local}"
if [[ -x "$HERE/PitchCoach/PitchCoach" ]]; then
    # The unpacked download.
    APP_SRC="$HERE/PitchCoach"
    DESKTOP_SRC="$HERE/share/applications/$APP_ID.desktop"
    METAINFO_SRC="$HERE/share/metainfo/$APP_ID.metainfo.xml"
    ICONS_SRC="$HERE/share/icons/hicolor"
else
    ROOT="$(cd "$HERE/../.." && pwd)"
    APP_SRC="${PITCHCOACH_DIST_DIR:-$ROOT/dist}/PitchCoach"
    DESKTOP_SRC="$ROOT/packaging/linux/$APP_ID.desktop"
    METAINFO_SRC="$ROOT/packaging/linux/$APP_ID.metainfo.xml"
    ICONS_SRC="$ROOT/assets/icons/hicolor"
fi
LIB="$PREFIX/lib/pitchcoach"
BIN="$PREFIX/bin/pitchcoach"
SHARE="$PREFIX/share"
SIZES=(16 32 48 64 128 256 512)

refresh_caches() {
    # Menus pick up the new entry sooner with these; both are optional.
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
}

if [[ "${1:-}" == "--uninstall" ]]; then
    rm -rf "$LIB"
    rm -f "$BIN" "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml" \
        "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
    for s in "${SIZES[@]}"; do rm -f "$SHARE/icons/hicolor/${s}x${s}/apps/$APP_ID.png"; done
    refresh_caches
    echo "PitchCoach removed from $PREFIX (your recordings and history were left in place)."
    exit 0
fi

if [[ ! -x "$APP_SRC/PitchCoach" ]]; then
    echo "No built app in $APP_SRC. Build it first: packaging/build.sh" >&2
    exit 1
fi

# Copy next to the old version, then swap, so a failed copy never leaves a half-installed app.
mkdir -p "$PREFIX/lib" "$PREFIX/bin"
rm -rf "$LIB.new"
cp -a "$APP_SRC" "$LIB.new"
rm -rf "$LIB"
mv "$LIB.new" "$LIB"
# The PyInstaller launcher finds its files through the real path, so a symlink is enough.
ln -sfn "$LIB/PitchCoach" "$BIN"

# An absolute Exec works even when $PREFIX/bin is not on the desktop session's PATH.
install -d "$SHARE/applications" "$SHARE/metainfo"
sed "s|^Exec=pitchcoach|Exec=$BIN|" "$DESKTOP_SRC" >"$SHARE/applications/$APP_ID.desktop"
install -m 644 "$METAINFO_SRC" "$SHARE/metainfo/"
install -D -m 644 "$ICONS_SRC/scalable/apps/$APP_ID.svg" \
    "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
for s in "${SIZES[@]}"; do
    install -D -m 644 "$ICONS_SRC/${s}x${s}/apps/$APP_ID.png" \
        "$SHARE/icons/hicolor/${s}x${s}/apps/$APP_ID.png"
done
refresh_caches
echo "PitchCoach installed in $PREFIX. Start it from your applications menu or with: $BIN"
