"""The Results page's rehearsal card (issue 26): how the take held to the written pitch."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from pitchcoach.ui.i18n import feedback_catalog
from pitchcoach.ui.widgets import card, label


def rehearsal_html(r: dict[str, Any]) -> str:
    """Coverage, then each missed, moved and added point quoted, then the paraphrase notes."""
    n = len(r["key_points"])
    covered = n - len(r["missed"])
    said = QCoreApplication.translate("rehearsal_card", "{coverage} of your key points covered ({covered} of {n}).")
    coverage = f"<b>{r['coverage']}%</b>"
    parts = ["<p>" + said.format(coverage=coverage, covered=covered, n=n) + "</p>"]

    cat = feedback_catalog()

    def quote(text: str) -> str:  # the speaker's words: “…” in English, 「…」 in Chinese (the catalog's)
        return f"“{text}”" if cat.language == "en" else cat.quote(text)

    def section(title: str, items: list[str]) -> None:
        if items:
            rows = "".join(f"<li>{quote(escape(i))}</li>" for i in items)
            parts.append(f"<p style='margin-bottom:0'><b>{title}</b></p><ul style='margin-top:2px'>{rows}</ul>")

    section(QCoreApplication.translate("rehearsal_card", "Missed"), r["missed"])
    section(QCoreApplication.translate("rehearsal_card", "Said out of order"), r["out_of_order"])
    section(QCoreApplication.translate("rehearsal_card", "Added (not in your pitch)"), r["added"])
    # The paraphrase notes in the interface language; a record without the pairs keeps its stored notes.
    paraphrased = r.get("paraphrased")
    notes = (
        [
            QCoreApplication.translate(
                "rehearsal_card", "Counted as covered, in other words: you said {said} for {script}."
            ).format(said=quote(p["said"]), script=quote(p["script"]))
            for p in paraphrased
        ]
        if isinstance(paraphrased, list)
        and all(isinstance(p, dict) and {"said", "script"} <= p.keys() for p in paraphrased)
        else r["notes"]
    )
    for note in notes:
        parts.append(f"<p><i>{escape(note)}</i></p>")
    return "".join(parts)


class RehearsalCard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        box = card()
        outer.addWidget(box)
        col = QVBoxLayout(box)
        col.setContentsMargins(18, 14, 18, 14)
        col.addWidget(label(self.tr("Rehearsal against your pitch"), "h2"))
        self.body = label("", wrap=True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAccessibleName(self.tr("Rehearsal result"))
        col.addWidget(self.body)
        self.hide()

    def show_rehearsal(self, rehearsal: dict[str, Any] | None) -> None:
        self.setVisible(rehearsal is not None)
        self.body.setText(rehearsal_html(rehearsal) if rehearsal is not None else "")
