#!/usr/bin/env bash
# Installs the Debian packages PitchCoach needs, or prints the exact apt line when it may not.
# Usage: scripts/system-deps.sh run|test|build
#   run:   PortAudio (microphone), the X11/EGL libraries Qt's xcb platform plugin loads, and a C
#          compiler (pysptk, the pitch tracker, ships as source only and is built by pip install).
#   test:  the same plus poppler-utils (PDF checks), PulseAudio for the virtual microphone, espeak-ng
#          (non-English speech), Chromium (the HTML report is checked in a real browser engine) and
#          strace (the privacy test watches the native network calls Python cannot see) and Syncthing
#          (the team-sharing integration test syncs two members and a coach through it on loopback).
#   build: the same as run plus binutils (strip) and zstd for packaging/build.sh and its download,
#          and the freedesktop validators packaging/smoke.sh runs on the .desktop and metainfo files.
set -euo pipefail
what=${1:-run}
pkgs=(libportaudio2 libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
      libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libglib2.0-0 fonts-dejavu-core build-essential)
case "$what" in
  run) ;;
  test) pkgs+=(poppler-utils pulseaudio pulseaudio-utils libasound2-plugins espeak-ng chromium strace syncthing) ;;
  build) pkgs+=(binutils zstd desktop-file-utils appstream) ;;
  *) echo "usage: $0 run|test|build" >&2; exit 2 ;;
esac
# One dpkg-query for all: `make run` calls this on every launch, so it must stay fast.
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "${pkgs[@]}" 2>/dev/null | awk '/ ok installed$/ { printf "%s ", $1 }' || true)"
missing=()
for p in "${pkgs[@]}"; do
  [[ "$installed" == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# Another apt or dpkg run (unattended upgrades, a second terminal) holds these while it works.
# Wait for it, up to LOCK_WAIT seconds, rather than fail at once with "Could not get lock".
LOCK_WAIT=${PITCHCOACH_APT_LOCK_WAIT:-120}
apt_opts=(-o "DPkg::Lock::Timeout=$LOCK_WAIT")
lock_holder() {
  # Prints the held lock file, if any. dpkg and apt use fcntl locks, which flock(1) cannot see.
  python3 - "$@" <<'PY'
import fcntl, os, sys
for path in sys.argv[1:]:
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        continue  # missing, or not ours to test: apt itself will report it
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(path)
        break
    finally:
        os.close(fd)
PY
}
wait_for_apt() {
  local waited=0 held
  while held=$(lock_holder /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock) && [ -n "$held" ]; do
    if [ "$waited" -eq 0 ]; then
      echo "Another package manager is running (it holds $held). Waiting up to ${LOCK_WAIT} s for it to finish..." >&2
    fi
    if [ "$waited" -ge "$LOCK_WAIT" ]; then
      echo "Still locked after ${LOCK_WAIT} s: $held. Let the other apt/dpkg run finish (or stop it), then run this again." >&2
      exit 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
  [ "$waited" -eq 0 ] || echo "The package manager is free after ${waited} s; installing." >&2
}
line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  wait_for_apt
  # The timeout option also covers a lock taken between the check above and apt's own start.
  apt-get "${apt_opts[@]}" update -qq
  apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing system packages with sudo: ${missing[*]}" >&2
  wait_for_apt
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "PitchCoach needs these system libraries. Run this once, then try again:" >&2
  echo "  sudo $line" >&2
  exit 1
fi
