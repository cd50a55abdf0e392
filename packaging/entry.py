"""Script PyInstaller freezes: it needs a file to start from, and the app's start-up lives in
pitchcoach.__main__ so that the frozen app and `python -m pitchcoach` behave the same."""

import multiprocessing
import sys

from pitchcoach.__main__ import main

if __name__ == "__main__":
    # A frozen app that ever spawns a child process (Windows and macOS use "spawn") would
    # otherwise start a second copy of the app instead of the child.
    multiprocessing.freeze_support()
    sys.exit(main())
