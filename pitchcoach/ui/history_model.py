"""The history table: a model over the store's summary rows, and a filtering proxy.

Built for 10,000 takes: the rows are the plain tuples of ``TakeStore.summaries()``
(no JSON is parsed until a take is opened), cells are formatted only when the
view asks for them, and sorting happens once in Python in the source model
instead of through per-comparison callbacks in the proxy.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from pitchcoach.core.settings import language_name
from pitchcoach.core.storage import SUMMARY_COLUMNS
from pitchcoach.ui.core_labels import band_name, take_language
from pitchcoach.ui.i18n import current_ui_language, fmt_day_time

# Positions inside a summary row (see SUMMARY_COLUMNS).
_I = {name: i for i, name in enumerate(SUMMARY_COLUMNS)}

COL_DATE, COL_DURATION, COL_OVERALL, COL_CLARITY, COL_LISTENER, COL_BAND, COL_LANGUAGE, COL_NOTE = range(8)
HEADERS = ("Date", "Speech", "Overall", "Clarity", "Listener focus", "Band", "Language", "Note")
_SCORE_FIELD = {COL_OVERALL: "overall", COL_CLARITY: "clarity", COL_LISTENER: "listener_focus"}

# The Language column is narrow: the full name ("中文（普通话）") is its tooltip, and the search matches both.
SHORT_LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

SortRole = Qt.ItemDataRole.UserRole + 1
TakeIdRole = Qt.ItemDataRole.UserRole + 2
SearchRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


def _local(ts: float) -> datetime:
    return datetime.fromtimestamp(ts).astimezone()


def _label(row: tuple[Any, ...]) -> str:
    return " · ".join(x for x in (row[_I["title"]], row[_I["note"]]) if x)


class HistoryTableModel(QAbstractTableModel):
    # (take id, new note): the page saves it to the store; the model holds no store.
    note_edited = Signal(int, str)

    def __init__(self, parent: QObject | None = None, band_colors: dict[str, QColor] | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Any, ...]] = []
        self._band_colors = band_colors or {}
        self._search: dict[int, str] = {}  # built on first filter, per row id
        # The order the user chose; reapplied when rows are reloaded (store order is newest first).
        self._sort_column = COL_DATE
        self._sort_order = Qt.SortOrder.DescendingOrder

    # ---- loading -----------------------------------------------------------------------
    def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
        """Replace all rows with ``TakeStore.summaries()`` output (newest first is the usual order)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._search.clear()
        if (self._sort_column, self._sort_order) != (COL_DATE, Qt.SortOrder.DescendingOrder):
            self._sort_rows(self._sort_column, self._sort_order)
        self.endResetModel()

    def set_band_colors(self, band_colors: dict[str, QColor]) -> None:
        self._band_colors = band_colors
        if self._rows:
            top, bottom = self.index(0, COL_BAND), self.index(len(self._rows) - 1, COL_BAND)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.ForegroundRole])

    def take_id(self, row: int) -> int:
        return int(self._rows[row][_I["id"]])

    def row_of(self, take_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r[_I["id"]] == take_id:
                return i
        return -1

    def raw(self, row: int, field: str) -> Any:
        return self._rows[row][_I[field]]

    # ---- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.EditRole and col == COL_NOTE:
            return row[_I["note"]]  # the title is not edited here
        if role == SortRole:
            return self.sort_key(row, col)
        if role == TakeIdRole:
            return int(row[_I["id"]])
        if role == SearchRole:
            return self._search_text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (COL_DURATION, COL_OVERALL, COL_CLARITY, COL_LISTENER):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_BAND:
            return self._band_colors.get(row[_I["band"]] or "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and index.column() == COL_NOTE:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_NOTE or role != Qt.ItemDataRole.EditRole:
            return False
        note = str(value).strip()
        row = list(self._rows[index.row()])
        row[_I["note"]] = note
        self._rows[index.row()] = tuple(row)
        self._search.pop(row[_I["id"]], None)
        self.dataChanged.emit(index, index)
        self.note_edited.emit(int(row[_I["id"]]), note)
        return True

    def headers(self) -> tuple[str, ...]:
        """HEADERS in the interface language."""
        return (
            self.tr("Date"),
            self.tr("Speech"),
            self.tr("Overall"),
            self.tr("Clarity"),
            self.tr("Listener focus"),
            self.tr("Band"),
            self.tr("Language"),
            self.tr("Note"),
        )

    def _display(self, row: tuple[Any, ...], col: int) -> str:
        if col == COL_DATE:
            return fmt_day_time(_local(row[_I["created_at"]]))
        if col == COL_DURATION:
            return self.tr("{seconds} s").format(seconds=f"{row[_I['speech_seconds']]:.1f}")
        if col in _SCORE_FIELD:
            v = row[_I[_SCORE_FIELD[col]]]
            return "—" if v is None else str(v)
        if col == COL_BAND:
            # A drill take is judged pass/fail on one skill, not banded: say which it was.
            if row[_I["drill_skill"]]:
                return self.tr("Drill: passed") if row[_I["drill_passed"]] else self.tr("Drill: not yet")
            band = band_name(row[_I["band"]]) if row[_I["band"]] else self.tr("Not scored")
            coverage = row[_I["rehearsal_coverage"]]
            if coverage is None:
                return band
            # A rehearsal's badge: how much of the written pitch it covered (issue 26).
            return self.tr("{band} · pitch {coverage}%").format(band=band, coverage=coverage)
        if col == COL_LANGUAGE:
            code = row[_I["language"]] or "en"
            if current_ui_language() != "en":
                return take_language(code)  # 英语, 普通话: short already
            return SHORT_LANGUAGE_NAMES.get(code, language_name(code))
        if col == COL_NOTE:
            return _label(row)
        return ""

    def _tooltip(self, row: tuple[Any, ...], col: int) -> str | None:
        if col == COL_DURATION:
            return self.tr("{speech} s of speech in {audio} s of audio; target {target} s").format(
                speech=f"{row[_I['speech_seconds']]:.1f}",
                audio=f"{row[_I['audio_seconds']]:.1f}",
                target=f"{row[_I['target_seconds']]:g}",
            )
        if col == COL_LANGUAGE:
            return take_language(row[_I["language"]])
        if col == COL_BAND and row[_I["drill_skill"]]:
            return self.tr("A drill take ({skill}): left out of the trend and the personal best").format(
                skill=str(row[_I["drill_skill"]]).replace("_", " ")
            )
        if col == COL_BAND and row[_I["rehearsal_coverage"]] is not None:
            return self.tr("Rehearsed against your written pitch: {coverage}% of its key points said").format(
                coverage=row[_I["rehearsal_coverage"]]
            )
        if col == COL_BAND and row[_I["gate"]]:
            return self.tr("Not scored: {reason}").format(reason=str(row[_I["gate"]]).replace("_", " "))
        if col == COL_NOTE:
            tags = json.loads(row[_I["tags_json"]] or "[]")
            text = _label(row)
            return (text + ("\n" + self.tr("Tags: ") + ", ".join(tags) if tags else "")) or None
        return None

    def _search_text(self, row: tuple[Any, ...]) -> str:
        take_id = row[_I["id"]]
        text = self._search.get(take_id)
        if text is None:
            tags = " ".join(json.loads(row[_I["tags_json"]] or "[]"))
            # Both languages' band names: a filter typed in either finds the take.
            band = row[_I["band"]] or "not scored"
            lang = f"{self._display(row, COL_LANGUAGE)} {language_name(row[_I['language']])}"
            shown = self._display(row, COL_BAND)
            text = f"{self._display(row, COL_DATE)} {band} {shown} {lang} {_label(row)} {tags}".lower()
            self._search[take_id] = text
        return text

    @staticmethod
    def sort_key(row: tuple[Any, ...], col: int) -> Any:
        if col == COL_DATE:
            return row[_I["created_at"]]
        if col == COL_DURATION:
            return row[_I["speech_seconds"]]
        if col in _SCORE_FIELD:
            v = row[_I[_SCORE_FIELD[col]]]
            return -1 if v is None else v  # unscored takes sort below every score
        if col == COL_BAND:
            v = row[_I["overall"]]
            return -1 if v is None else v  # bands in score order, not alphabetical
        if col == COL_LANGUAGE:
            return str(row[_I["language"]] or "en")
        if col == COL_NOTE:
            return _label(row).lower()
        return 0

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old = list(self._rows)
        self._sort_rows(column, order)
        position = {id(r): i for i, r in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        if persistent:
            new = [self.index(position[id(old[p.row()])], p.column()) for p in persistent]
            self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        self._sort_column, self._sort_order = column, order
        reverse = order == Qt.SortOrder.DescendingOrder
        if column != COL_DATE:
            # Ties keep date order (newest first), so equal scores stay readable.
            self._rows.sort(key=lambda r: -r[_I["created_at"]])
        self._rows.sort(key=lambda r: self.sort_key(r, column), reverse=reverse)


class HistoryFilterModel(QSortFilterProxyModel):
    """Filters by a search box over date, band, language, title, note and tags, and by the take's
    language and scenario (the two menus); sorting is the source's."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(SearchRole)
        self.setFilterKeyColumn(COL_DATE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.language: str | None = None  # None: every language
        self.scenario: str | None = None  # None: every scenario

    def set_search(self, text: str) -> None:
        self.setFilterFixedString(text.strip().lower())

    def set_language(self, code: str | None) -> None:
        self.language = code or None
        self.invalidateFilter()

    def set_scenario(self, name: str | None) -> None:
        self.scenario = name or None
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        src = self.sourceModel()
        if (
            self.scenario is not None
            and isinstance(src, HistoryTableModel)
            and (src.raw(source_row, "scenario") or "networking") != self.scenario
        ):
            return False
        if (
            self.language is not None
            and isinstance(src, HistoryTableModel)
            and (src.raw(source_row, "language") or "en") != self.language
        ):
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Delegate to the source: one Python sort instead of a lessThan callback per comparison.
        src = self.sourceModel()
        if src is not None:
            src.sort(column, order)

    def take_id(self, proxy_row: int) -> int:
        return int(self.data(self.index(proxy_row, 0), TakeIdRole))
