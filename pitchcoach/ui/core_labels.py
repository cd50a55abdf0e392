"""Display names of the fixed labels core defines (bands, rules, score parts, structure, highlights).

Core keeps its English names (the CLI, JSON and reports use them); the window shows them in the
interface language through this table. Unknown keys fall back to core's own name, so a rule added
in core shows in English until it is translated here, never blank.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from pitchcoach.core import goals
from pitchcoach.core.messages import ENGLISH
from pitchcoach.core.scoring import result
from pitchcoach.core.settings import language_name
from pitchcoach.ui.i18n import feedback_catalog


def _bands() -> dict[str, str]:
    return {
        "Great": QCoreApplication.translate("core_labels", "Great"),
        "Good": QCoreApplication.translate("core_labels", "Good"),
        "Needs work": QCoreApplication.translate("core_labels", "Needs work"),
        "Rework": QCoreApplication.translate("core_labels", "Rework"),
    }


def _rules() -> dict[str, str]:
    return {
        "timing": QCoreApplication.translate("core_labels", "Timing"),
        "length": QCoreApplication.translate("core_labels", "Length"),
        "pace": QCoreApplication.translate("core_labels", "Pace"),
        "fillers": QCoreApplication.translate("core_labels", "Fillers and hesitations"),
        "pauses": QCoreApplication.translate("core_labels", "Pauses"),
        "plain_language": QCoreApplication.translate("core_labels", "Jargon or vague words"),
        "says_what_you_do": QCoreApplication.translate("core_labels", "Unclear what you do"),
        "intelligibility": QCoreApplication.translate("core_labels", "Hard to understand"),
        "question": QCoreApplication.translate("core_labels", "No question for them"),
        "you_i_balance": QCoreApplication.translate("core_labels", "Too much about you"),
        "benefit": QCoreApplication.translate("core_labels", "No benefit named"),
        "offers_help": QCoreApplication.translate("core_labels", "No offer of help"),
        "hard_sell": QCoreApplication.translate("core_labels", "Hard sell"),
        "monotone": QCoreApplication.translate("core_labels", "Flat voice"),
        "trailing_off": QCoreApplication.translate("core_labels", "Trailing off"),
        "rushed_ending": QCoreApplication.translate("core_labels", "Rushed ending"),
        "quiet": QCoreApplication.translate("core_labels", "Quiet recording"),
    }


def _subscores() -> dict[str, str]:
    return {
        "plain_language": QCoreApplication.translate("core_labels", "Plain language"),
        "says_what_you_do": QCoreApplication.translate("core_labels", "Says what you do"),
        "intelligibility": QCoreApplication.translate("core_labels", "Easy to understand"),
        "question": QCoreApplication.translate("core_labels", "Asks about them"),
        "you_i_balance": QCoreApplication.translate("core_labels", "You/I balance"),
        "benefit": QCoreApplication.translate("core_labels", "Benefit to someone"),
        "offers_help": QCoreApplication.translate("core_labels", "Offers help"),
        "hard_sell": QCoreApplication.translate("core_labels", "No hard sell"),
        "monotone": QCoreApplication.translate("core_labels", "Lively voice"),
        "trailing_off": QCoreApplication.translate("core_labels", "Strong sentence ends"),
        "rushed_ending": QCoreApplication.translate("core_labels", "Even pace to the end"),
        "quiet": QCoreApplication.translate("core_labels", "Recording level"),
    }


def _structure() -> dict[str, str]:
    return {
        "name": QCoreApplication.translate("core_labels", "Your name"),
        "what_you_do": QCoreApplication.translate("core_labels", "What you do"),
        "who_it_helps": QCoreApplication.translate("core_labels", "Who it helps"),
        "proof": QCoreApplication.translate("core_labels", "Proof"),
        "question": QCoreApplication.translate("core_labels", "A question for them"),
        "offer_help": QCoreApplication.translate("core_labels", "Offer of help"),
    }


def _highlights() -> dict[str, str]:
    return {
        "filler": QCoreApplication.translate("core_labels", "Filler"),
        "hedge": QCoreApplication.translate("core_labels", "Hedge"),
        "jargon": QCoreApplication.translate("core_labels", "Jargon"),
        "self_word": QCoreApplication.translate("core_labels", "I / me / we"),
        "you_word": QCoreApplication.translate("core_labels", "You / your"),
        "question": QCoreApplication.translate("core_labels", "Question"),
        "over_time": QCoreApplication.translate("core_labels", "Over time"),
    }


def band_name(band: str | None) -> str:
    return _bands().get(band or "", band or "")


def rule_name(rule: str) -> str:
    return _rules().get(rule) or result.rule_label(rule)


def subscore_name(rule: str) -> str:
    return _subscores().get(rule) or _rules().get(rule) or result.subscore_label(rule)


def structure_name(part: str) -> str:
    return _structure().get(part) or result.STRUCTURE_LABELS.get(part, part)


def highlight_name(kind: str) -> str:
    return _highlights().get(kind) or result.HIGHLIGHT_LABELS.get(kind, kind)


def unit_name(unit: str) -> str:
    """What a language's count counts ("words", "characters"), in the interface language."""
    names = {
        "words": QCoreApplication.translate("core_labels", "words"),
        "characters": QCoreApplication.translate("core_labels", "characters"),
    }
    return names.get(unit, unit)


def pace_label(label: str) -> str:
    """A language's pace unit ("words per minute", "字/分钟"), in the interface language."""
    names = {"words per minute": QCoreApplication.translate("core_labels", "words per minute")}
    return names.get(label, label)


def skill_state_name(state: str) -> str:
    """A drill skill's state (core.goals: not started, practising, mastered), in the interface language."""
    names = {
        "not_started": QCoreApplication.translate("core_labels", "Not started"),
        "practising": QCoreApplication.translate("core_labels", "Practising"),
        "mastered": QCoreApplication.translate("core_labels", "Mastered"),
    }
    return names.get(state) or goals.STATE_LABELS.get(state, state)


def model_name(name: str) -> str:
    """Core's name of the loaded model as the interface says it: a bundled model described ("English model
    tiny.en (bundled)"), a user's own model folder or model name as it is."""
    from pitchcoach.core.model import BUNDLED_MODEL_NAME
    from pitchcoach.core.multilingual import MODEL_NAME

    if name == f"{BUNDLED_MODEL_NAME} (bundled)":
        return QCoreApplication.translate("core_labels", "English model {name} (bundled)").format(
            name=BUNDLED_MODEL_NAME
        )
    if name == f"{MODEL_NAME} (multilingual, bundled)":
        return QCoreApplication.translate("core_labels", "Multilingual model {name} (bundled)").format(name=MODEL_NAME)
    return name


def take_language(code: str | None) -> str:
    """A take's language where a line describes the take (Results, History, a shared take): in a Chinese
    interface in Chinese ("英语", "普通话"; the English word "English" read as untranslated there). The
    English interface keeps each language's own name ("中文（普通话）"), as the pitch-language menus do."""
    cat = feedback_catalog()
    key = f"language.{code or 'en'}"
    if cat.language != ENGLISH and key in cat.texts:
        return cat.text(key)
    return language_name(code)
