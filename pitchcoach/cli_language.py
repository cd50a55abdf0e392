"""The options every command shares: --language, the pitch's language (issue 24), and --ui-language, the
language of the output (issue 25). In a module of their own so that the command modules (analyze, drill,
history, report) all use them without importing one another."""

from __future__ import annotations

import argparse
from pathlib import Path

from pitchcoach.cli_parser import CliParser
from pitchcoach.core.errors import UserFacingError, friendly_message
from pitchcoach.core.messages import UI_LANGUAGES, get_catalog, resolve_ui_language
from pitchcoach.core.paths import app_paths
from pitchcoach.core.settings import PITCH_LANGUAGES, load_settings


def add_language_argument(parser: CliParser) -> None:
    parser.add_argument("--language", choices=PITCH_LANGUAGES, default=None, help=parser.help_text("language"))


def pitch_language(args: argparse.Namespace) -> str:
    """The --language given, else the app's Settings choice (which follows the system locale until set)."""
    chosen = getattr(args, "language", None)
    return str(chosen) if chosen else load_settings(app_paths().settings).pitch_language


# A subcommand's --ui-language has a dest of its own: its default (None) would otherwise overwrite a value
# given before the command (`pitchcoach --ui-language zh_CN history`). One dest serves every subcommand,
# since one command runs at a time.
COMMAND_UI_LANGUAGE = "command_ui_language"


def add_ui_language_argument(parser: CliParser, help_key: str, *, command: bool = True) -> None:
    """--ui-language (en or zh_CN) on a subcommand's parser, or on the top-level one with ``command=False``;
    ``help_key`` names its help text in the catalog (cli_help.<help_key>)."""
    dest = COMMAND_UI_LANGUAGE if command else "ui_language"
    parser.add_argument("--ui-language", dest=dest, choices=UI_LANGUAGES, default=None, help=parser.help_text(help_key))


def ui_language(args: argparse.Namespace, settings_path: Path | None = None) -> str:
    """The output's language: --ui-language (after the command, else before it), else the interface
    language in Settings, else the locale (LC_ALL, LC_MESSAGES, LANG)."""
    override = getattr(args, COMMAND_UI_LANGUAGE, None) or getattr(args, "ui_language", None)
    return resolve_ui_language(load_settings(settings_path or app_paths().settings).ui_language, override)


def argv_ui_language(argv: list[str], settings_path: Path | None = None) -> str:
    """The output's language before the command line is parsed, for the parser's own refusals (a bad
    --target, a date that is not one): --ui-language as given anywhere in ``argv``, else Settings, else
    the locale. An unknown value counts as not given (argparse refuses it, in this language's words)."""
    given = None
    for i, arg in enumerate(argv):
        if arg == "--ui-language" and i + 1 < len(argv):
            given = argv[i + 1]
        elif arg.startswith("--ui-language="):
            given = arg.split("=", 1)[1]
    return resolve_ui_language(load_settings(settings_path or app_paths().settings).ui_language, given)


def arg_error(lang: str, msg_id: str, **args: object) -> argparse.ArgumentTypeError:
    """An option value refused, in the interface language (arg_error.* in the catalog)."""
    return argparse.ArgumentTypeError(get_catalog(lang).text(f"arg_error.{msg_id}", **args))


def error_line(exc: BaseException, lang: str) -> str:
    """``error: <why>`` in the interface language, where the error carries a catalog message (a full disk,
    a missing model...); its English words otherwise."""
    cat = get_catalog(lang)
    return cat.text("errors.cli_line", why=friendly_message(exc, cat))


def reason(exc: BaseException, lang: str) -> str:
    """Why something failed, inside a longer line: the error's catalog message in the interface language
    where it has one, else its own words (an unexpected error's are for the log, but the CLI always
    printed them here, and English output stays as it was)."""
    if isinstance(exc, UserFacingError):
        return friendly_message(exc, get_catalog(lang))
    return str(exc)


def warning_line(text: str, lang: str) -> str:
    """``warning: <text>`` in the interface language."""
    return get_catalog(lang).text("cli_line.warning", text=text)
