"""The --language option every command that analyses a take shares (issue 24), in a module of its own so
that the command modules (analyze, drill, ...) all use it without importing one another."""

from __future__ import annotations

import argparse

from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import PITCH_LANGUAGES, load_settings


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--language",
        choices=PITCH_LANGUAGES,
        default=None,
        help="the language you pitch in: en (English), zh (Mandarin Chinese) or auto (detect it in each file); "
        "default: the pitch language chosen in the app's Settings",
    )


def pitch_language(args: argparse.Namespace) -> str:
    """The --language given, else the app's Settings choice (which follows the system locale until set)."""
    chosen = getattr(args, "language", None)
    return str(chosen) if chosen else load_settings(app_paths().settings).pitch_language
