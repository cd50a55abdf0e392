#!/usr/bin/env bash
# Installs the Debian packages PitchCoach needs, or prints the exact apt line when it may not.
# Usage: scripts/system-deps.sh run|test
#   run:  PortAudio (microphone), the X11/EGL libraries Qt's xcb platform plugin loads, and a C
#         compiler (pysptk, the pitch tracker, ships as source only and is built by pip install).
#   test: the same plus poppler-utils (PDF checks), PulseAudio for the virtual microphone, espeak-ng
#         (non-English speech) and Chromium (the HTML report is checked in a real browser engine).
set -euo pipefail
what=${1:-run}
pkgs=(libportaudio2 libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
      libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libglib2.0-0 fonts-dejavu-core build-essential)
if [ "$what" = test ]; then
  pkgs+=(poppler-utils pulseaudio pulseaudio-utils libasound2-plugins espeak-ng chromium)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing system packages with sudo: ${missing[*]}" >&2
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "PitchCoach needs these system libraries. Run this once, then try again:" >&2
  echo "  sudo $line" >&2
  exit 1
fi
