"""The interface language: which translations Qt loads, chosen from Settings or the system locale.

The app's own strings go through tr() (QCoreApplication.translate outside QObjects); their
Chinese lives in pitchcoach_zh_CN.ts, compiled to .qm by `make setup` (the .qm is not committed).
Qt's own qtbase_zh_CN.qm makes the standard dialogs (file picker, message boxes) Chinese too.
A language change applies on the next start: every page builds its texts once, and the app says
so in Settings rather than leave half the window in the old language.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from importlib import resources

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTime, QTranslator
from PySide6.QtGui import QFont, QFontInfo, QGuiApplication

from pitchcoach.core.errors import friendly_message
from pitchcoach.core.messages import Catalog, get_catalog
from pitchcoach.ui.fonts import register_cjk_font

log = logging.getLogger(__name__)

ENGLISH = "en"
CHINESE = "zh_CN"
# Code -> the name shown in the Settings list, each in its own language (a user who cannot read
# the current one must still find theirs).
UI_LANGUAGES: dict[str, str] = {ENGLISH: "English", CHINESE: "简体中文"}

_installed: list[QTranslator] = []
_current = ENGLISH


def system_ui_language(locale: QLocale | None = None) -> str:
    """The interface language for a system locale: Chinese for any Chinese locale, else English.

    Traditional-script locales (zh_TW, zh_HK) get Simplified Chinese too: closer than English.
    """
    locale = locale or QLocale.system()
    return CHINESE if locale.language() == QLocale.Language.Chinese else ENGLISH


def resolve_ui_language(setting: str | None) -> str:
    """The setting when it names a language we have, else the system's."""
    return setting if setting in UI_LANGUAGES else system_ui_language()


def current_ui_language() -> str:
    return _current


def feedback_catalog() -> Catalog:
    """Core's feedback texts (explanations, tips, gates) in the interface language in force."""
    return get_catalog(_current)


def error_text(exc: BaseException) -> str:
    """What the user reads for an exception, in the interface language wherever core worded it as a
    catalog message (a failed save or open of the history, a file that is not audio...)."""
    return friendly_message(exc, feedback_catalog())


def qm_path(code: str) -> str:
    return str(resources.files("pitchcoach.ui.i18n").joinpath(f"pitchcoach_{code}.qm"))


def apply_ui_language(app: QCoreApplication, code: str) -> str:
    """Install the translators for `code` (replacing any installed before) and set QLocale's default.

    Returns the language actually in force: English when the compiled translations are missing
    (a source checkout where `make setup` has not run), which is logged rather than fatal.
    """
    global _current
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if code not in UI_LANGUAGES:
        code = ENGLISH
    if code != ENGLISH:
        ours = QTranslator(app)
        if not ours.load(qm_path(code)):
            log.warning("no compiled translations at %s (make setup builds them); using English", qm_path(code))
            code = ENGLISH
        else:
            app.installTranslator(ours)
            _installed.append(ours)
            qt_own = QTranslator(app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt_own.load(f"qtbase_{code}", qt_dir):
                app.installTranslator(qt_own)
                _installed.append(qt_own)
            else:  # the frozen app trims Qt's translations; dialogs then stay English, nothing breaks
                log.warning("Qt's own translations for %s not found in %s", code, qt_dir)
    # Numbers, dates and durations follow the interface language (QLocale() everywhere in ui/).
    if code == CHINESE:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    _current = code
    if isinstance(app, QGuiApplication):
        _add_cjk_fallback(app)
    return code


def _add_cjk_fallback(app: QGuiApplication) -> None:
    """Put the bundled CJK face after the system UI font, so hanzi never come out as boxes.

    Also for the English interface: a pitch transcript or a file name may be Chinese.
    """
    family = register_cjk_font()
    if family is None:
        return
    font = QFont(app.font())
    # The family the system actually resolves ("Sans Serif" is an alias, e.g. for DejaVu Sans): with the
    # alias first, Qt skipped it and drew every Latin letter, quote and ellipsis in the CJK face.
    resolved = QFontInfo(font).family()
    families = [resolved] + [f for f in (font.families() or [font.family()]) if f != resolved]
    if family not in families:
        font.setFamilies([*families, family])
        app.setFont(font)


def fmt_day(when: date, english: str = "%Y-%m-%d") -> str:
    """A calendar day as the interface language writes it (English keeps the form each place had)."""
    if _current == ENGLISH:
        return when.strftime(english)
    return QLocale().toString(QDate(when.year, when.month, when.day), QLocale.FormatType.ShortFormat)


def fmt_day_time(when: datetime) -> str:
    """A day and a time to the minute, as the interface language writes them."""
    if _current == ENGLISH:
        return f"{when:%Y-%m-%d %H:%M}"
    return f"{fmt_day(when)} {QLocale().toString(QTime(when.hour, when.minute), QLocale.FormatType.ShortFormat)}"
