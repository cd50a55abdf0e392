"""The results page's transcript: one anchor per word, highlight colours and tooltips, the word being played."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QHelpEvent, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QTextEdit, QToolTip, QWidget

from pitchcoach.core.scoring.result import HIGHLIGHT_PRIORITY
from pitchcoach.core.words import space_between
from pitchcoach.ui.core_labels import highlight_name
from pitchcoach.ui.theme import Colors


# What each highlight means, for the legend and tooltips. The names and the order (which colour
# wins on overlap) come from scoring, so the results page and the exported reports agree.
def highlight_info() -> dict[str, tuple[str, str]]:
    """Each highlight kind's name and help, in the interface language, in priority order."""
    help_text = {
        "filler": QCoreApplication.translate(
            "transcript_view", "A filler word (Fillers rule): try a silent pause instead."
        ),
        "jargon": QCoreApplication.translate(
            "transcript_view", "Jargon, buzzword or unexplained acronym (Plain language rule): say what you mean."
        ),
        "hedge": QCoreApplication.translate(
            "transcript_view", "A hedge that makes you sound unsure (Plain language rule): drop it."
        ),
        "question": QCoreApplication.translate(
            "transcript_view", "A question to the listener (Asks about them rule): good."
        ),
        "you_word": QCoreApplication.translate(
            "transcript_view", "About the listener: you, your (You/I balance rule)."
        ),
        "self_word": QCoreApplication.translate("transcript_view", "About you: I, me, my, we (You/I balance rule)."),
        "over_time": QCoreApplication.translate(
            "transcript_view", "Spoken past the end of the on-target range (Timing)."
        ),
    }
    return {kind: (highlight_name(kind), help_text[kind]) for kind in HIGHLIGHT_PRIORITY}


def transcript_html(words: list[Any], highlights: list[Any], colors: Colors) -> tuple[str, dict[int, str]]:
    """The transcript as rich text with one anchor per word, and each word's tooltip.

    Anchors (``w:<index>``) let the view show per-word tooltips and seek playback on click.
    """
    kinds: dict[int, list[tuple[str, str]]] = {}
    for h in highlights:
        for i in range(h.first_word, h.last_word + 1):
            kinds.setdefault(i, []).append((h.kind, h.label))
    info = highlight_info()
    order = list(info)
    parts: list[str] = []
    tips: dict[int, str] = {}
    for i, w in enumerate(words):
        ks = sorted(kinds.get(i, []), key=lambda k: order.index(k[0]) if k[0] in order else 99)
        style = ""
        if ks:
            main = next((k for k, _ in ks if k != "over_time"), None)
            if main is not None and main in colors.highlight:
                style += f"background-color:{colors.highlight[main].name()};"
            if any(k == "over_time" for k, _ in ks):
                style += f"color:{colors.muted.name()};font-style:italic;text-decoration:underline;"
            lines = []
            for k, lab in ks:
                name, desc = info.get(k, (k, ""))
                lines.append(f"{name}: {desc}" + (f" ({lab})" if lab and lab.lower() != w.text.lower() else ""))
            tips[i] = "\n".join(dict.fromkeys(lines))
        tips.setdefault(
            i,
            QCoreApplication.translate("transcript_view", "{t} s: click to play from here").format(t=f"{w.start:.1f}"),
        )
        text = html.escape(w.text.strip())
        # Chinese is written without spaces between words (a space there reads as a pause).
        gap = " " if i > 0 and space_between(words[i - 1].text, w.text) else ""
        parts.append(f'{gap}<a href="w:{i}" style="{style}">{text}</a>')
    return "".join(parts), tips


class TranscriptView(QTextBrowser):
    """Read-only transcript; tooltips per highlighted word; clicking a word asks to play from it."""

    word_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Transcript"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Every word is a link, and Tab walked all of them (150 stops on a long take) and then round
        # again, never leaving: links answer the mouse only, and Tab goes on to the next control.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.tips: dict[int, str] = {}
        self._spans: dict[int, tuple[int, int]] = {}
        self.playing_word: int | None = None
        self.anchorClicked.connect(self._clicked)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def set_content(self, body: str, tips: dict[int, str], colors: Colors) -> None:
        self.tips = tips
        self._colors = colors
        self.document().setDefaultStyleSheet(f"a {{ color: {colors.text.name()}; text-decoration: none; }}")
        self.setHtml(f"<div style='line-height:150%; font-size:12pt'>{body}</div>")
        self._spans = self._word_spans()
        self.setExtraSelections([])
        self._fit()

    def _word_spans(self) -> dict[int, tuple[int, int]]:
        """Character range of each word in the document, found through its anchor."""
        spans: dict[int, tuple[int, int]] = {}
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                href = frag.charFormat().anchorHref()
                if href.startswith("w:"):
                    i = int(href[2:])
                    start, end = frag.position(), frag.position() + frag.length()
                    old = spans.get(i)
                    spans[i] = (min(start, old[0]), max(end, old[1])) if old else (start, end)
                it += 1
            block = block.next()
        return spans

    def mark_word(self, index: int | None) -> None:
        """Show which word is playing (None clears it)."""
        if index is None or index not in self._spans:
            self.setExtraSelections([])
            return
        start, end = self._spans[index]
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(self._colors.accent)
        fmt.setForeground(QColor("#ffffff") if not self._colors.dark else QColor("#10131a"))
        sel.format = fmt
        self.setExtraSelections([sel])
        self.playing_word = index

    def _fit(self, *_: Any) -> None:
        self.document().setTextWidth(self.viewport().width())
        self.setFixedHeight(int(self.document().size().height()) + 12)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._fit()

    def _clicked(self, url: QUrl) -> None:
        s = url.toString()
        if s.startswith("w:"):
            self.word_clicked.emit(int(s[2:]))

    def viewportEvent(self, e: QEvent) -> bool:
        # Hover events reach the viewport, not the browser itself, so tooltips are handled here.
        if isinstance(e, QHelpEvent) and e.type() == QEvent.Type.ToolTip:
            anchor = self.anchorAt(e.pos())
            if anchor.startswith("w:") and int(anchor[2:]) in self.tips:
                QToolTip.showText(e.globalPos(), self.tips[int(anchor[2:])], self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(e)
