"""Entry points: `pitchcoach` (GUI with no arguments, CLI otherwise) and `pitchcoach-gui`."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        return gui_main([])
    from pitchcoach.cli import main as cli_main

    return cli_main(args)


def gui_main(argv: list[str] | None = None) -> int:
    from pitchcoach.ui.app import run_gui

    return run_gui(sys.argv[:1] + (sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
