"""argparse in the interface language (issue 25): its own words ("usage:", "options", "error:", "invalid
choice: ...") and ours (every help text, from ``cli_help.*`` in the message catalog).

argparse says its words through ``gettext.gettext`` bound at import, so they cannot be swapped for one
parser without patching the module. Instead this uses only the hooks argparse offers a subclass:

- the help formatter's ``add_usage(prefix=...)`` and ``start_section(heading)`` give the usage prefix and
  the section headings (argparse passes the English titles; they are looked up in a small table);
- the formatter's ``_split_lines`` and ``_fill_text`` (the hooks argparse's own RawTextHelpFormatter
  overrides) wrap help and descriptions
  by display width, where a Chinese character takes two columns and a line may break between any two
  of them (argparse counts characters and breaks only at spaces: Chinese lines ran twice too wide);
- ``add_help=False`` plus our own ``-h`` gives "show this help message and exit" in the catalog's words;
- ``error()`` receives argparse's finished English message; its template is recognised (the table below
  holds every template of Python 3.11's argparse a user can meet) and said again from the catalog.
  A message no template matches (an option value our own type functions refused, already in the
  interface language) is shown as it is.

The English catalog holds argparse's own words, so English output is exactly what it was.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from functools import partial
from typing import Any, NoReturn

from pitchcoach.core.messages import ENGLISH, Catalog, get_catalog

# argparse's English section headings -> catalog ids.
_HEADINGS = {"positional arguments": "argparse.positionals", "options": "argparse.options"}

# argparse's English error templates (Python 3.11) -> catalog ids; the named groups are the arguments.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), msg_id)
    for pattern, msg_id in (
        (r"argument (?P<argument>\S+): (?P<message>.*)", "argparse.argument"),
        (r"the following arguments are required: (?P<names>.*)", "argparse.required"),
        (r"one of the arguments (?P<names>.*) is required", "argparse.one_required"),
        (r"unrecognized arguments: (?P<args>.*)", "argparse.unrecognized"),
        (r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", "argparse.invalid_choice"),
        (r"invalid (?P<type>\S+) value: (?P<value>.*)", "argparse.invalid_value"),
        (r"expected one argument", "argparse.expected_one"),
        (r"expected at most one argument", "argparse.expected_at_most_one"),
        (r"expected at least one argument", "argparse.expected_at_least_one"),
        (r"expected (?P<n>\d+) arguments?", "argparse.expected_n"),
        (r"not allowed with argument (?P<other>.*)", "argparse.not_allowed_with"),
        (r"ignored explicit argument (?P<value>.*)", "argparse.ignored_explicit"),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "argparse.ambiguous"),
        (r"unknown parser (?P<value>.*) \(choices: (?P<choices>.*)\)", "argparse.unknown_parser"),
        (r"can't open '(?P<filename>.*)': (?P<error>.*)", "argparse.cant_open"),
    )
)


def translate_error(message: str, cat: Catalog) -> str:
    """argparse's English error message in the catalog's language (nested "argument X: ..." too)."""
    for pattern, msg_id in _ERRORS:
        m = pattern.fullmatch(message)
        if m:
            args: dict[str, object] = dict(m.groupdict())
            if "n" in args:  # a count, for the template's plural
                args["n"] = int(str(args["n"]))
            if "message" in args:
                args["message"] = translate_error(str(args["message"]), cat)
            return cat.text(msg_id, **args)
    return message


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide (CJK) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# A wide character may start or end a line, except punctuation that must stay with the text before it.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_OPENING, _CLOSING = "（「“", "，。、；：）」”！？"
_TOKENS = re.compile(rf"[{_OPENING}]*[{_WIDE}][{_CLOSING}]*|[^\s{_WIDE}]+[{_CLOSING}]*|\s+")


def wrap_wide(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a word longer than that gets a line of its own)."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if token.isspace():
            token = " "
            if not line:
                continue
        if line and display_width(line + token) > width:
            lines.append(line.rstrip())
            line = "" if token == " " else token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


class CliHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with the usage prefix and section headings in the interface language."""

    def __init__(self, prog: str, *, lang: str = ENGLISH, **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self._cat = get_catalog(lang)
        self._usage_prefix = self._cat.text("argparse.usage")

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, self._usage_prefix if prefix is None else prefix)

    def format_help(self) -> str:
        text = super().format_help()
        # argparse indents the usage's continuation lines by the prefix's length in characters; a wide
        # prefix (用法：) is wider than that on screen, so they are moved right by the difference.
        extra = display_width(self._usage_prefix) - len(self._usage_prefix)
        if extra and text.startswith(self._usage_prefix):
            usage, sep, rest = text.partition("\n\n")
            first, *more = usage.split("\n")
            usage = "\n".join([first, *(" " * extra + line if line else line for line in more)])
            text = usage + sep + rest
        # argparse ends a heading with an ASCII colon; the language's own (位置参数：) instead.
        for msg_id in _HEADINGS.values():
            heading = self._cat.text(msg_id)
            text = text.replace(f"\n{heading}:\n", "\n" + self._cat.text("argparse.heading", heading=heading) + "\n")
        return text

    def _split_lines(self, text: str, width: int) -> list[str]:
        if display_width(text) == len(text):  # no wide characters: argparse's own wrapping, unchanged
            return super()._split_lines(text, width)
        return wrap_wide(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # A description: the same display-width wrapping as the help texts.
        if display_width(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_wide(text, width - len(indent)))

    def start_section(self, heading: str | None) -> None:
        if heading in _HEADINGS:
            heading = self._cat.text(_HEADINGS[heading])
        super().start_section(heading)


class CliParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks ``lang``; its subcommands' parsers speak it too."""

    def __init__(self, *, lang: str = ENGLISH, add_help: bool = True, **kwargs: Any) -> None:
        self.lang = lang
        kwargs.setdefault("formatter_class", partial(CliHelpFormatter, lang=lang))
        super().__init__(add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help=self.cat.text("argparse.help"))

    @property
    def cat(self) -> Catalog:
        return get_catalog(self.lang)

    def help_text(self, key: str, **args: object) -> str:
        """Our help text ``cli_help.<key>``; argparse %-formats help strings, so a % is doubled."""
        return self.cat.text(f"cli_help.{key}", **args).replace("%", "%%")

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", partial(CliParser, lang=self.lang))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        line = self.cat.text("argparse.error", prog=self.prog, message=translate_error(message, self.cat))
        self.exit(2, line + "\n")
