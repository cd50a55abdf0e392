#!/usr/bin/env bash
# Runs the test suite as on a machine where the app never ran: HOME is an empty temporary folder and no
# XDG folder is set, so a test (or a library) that writes outside its PITCHCOACH_HOME cannot read or change
# a real profile, and shows up here. tests/conftest.py makes its own fake HOME inside this one as well;
# this wrapper also catches what runs before conftest (plugins, pytest itself). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
fake_home=$(mktemp -d "${TMPDIR:-/tmp}/pc-home-XXXXXX")
trap 'rm -rf "$fake_home"' EXIT
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME XDG_RUNTIME_DIR
# Two test processes (pytest-xdist), one file each at a time: much of the suite waits on real-time audio,
# Qt and subprocesses rather than on a CPU. A file stays on one worker, so module-scoped real results are
# computed once. PITCHCOACH_TEST_WORKERS=0 runs everything in this one process (or pass -n 0).
# --max-worker-restart=0: a worker that crashes ends the run at once, naming the test it was running.
# pytest-xdist 3.8 replaces a crashed worker and then, under --dist loadfile, can wait forever for work
# it already handed out (its issue 1323): CI once sat there until its 90-minute limit.
workers=${PITCHCOACH_TEST_WORKERS:-2}
status=0
HOME=$fake_home QT_QPA_PLATFORM=offscreen "$repo/.venv/bin/python" -m pytest -q -p no:cacheprovider \
  -n "$workers" --dist loadfile --max-worker-restart=0 "$@" || status=$?
if [ -n "$(ls -A "$fake_home")" ]; then
  echo "FAILED: the test run wrote to the home folder:" >&2
  (cd "$fake_home" && find . -mindepth 1 | head -20) >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
