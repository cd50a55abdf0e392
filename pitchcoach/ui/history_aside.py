"""The History page's set-aside copies: a damaged history kept aside, offered back (Restore) or saved
to a file (Export its takes). A mixin of HistoryPage; its strings keep the page's translation context."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


class SetAsideCopies:
    # Provided by HistoryPage.
    store: Any
    aside_bar: Any
    aside_label: Any
    restore_button: Any
    export_aside_button: Any
    aside_message: str

    def refresh(self) -> None: ...
    def show_notice(self, message: str) -> None: ...
    def show_error(self, message: str) -> None: ...

    def _update_aside_bar(self) -> None:
        from pitchcoach.core.storage.aside import set_aside_copies

        copies = set_aside_copies(self.store.paths)
        self.aside_copy = copies[0] if copies else None
        if self.aside_copy is None:
            self.aside_bar.hide()
            return
        older = len(copies) - 1
        more = (
            ""
            if older == 0
            else QCoreApplication.translate("HistoryPage", " (1 older copy also kept)")
            if older == 1
            else QCoreApplication.translate("HistoryPage", " ({n} older copies also kept)").format(n=older)
        )
        self.aside_label.setText(
            QCoreApplication.translate(
                "HistoryPage",
                "A damaged copy of your history was set aside as {file}{more}. "
                "Restore adds every take that can still be read from it back into your history "
                "(nothing you have now is replaced); Export its takes saves them to a file.",
            ).format(file=self.aside_copy.name, more=more)
        )
        self.aside_bar.show()

    def _aside_runner(self) -> Any:
        from pitchcoach.ui.workers import TaskRunner

        if getattr(self, "_runner", None) is None:
            self._runner = TaskRunner(cast(QWidget, self))
        return self._runner

    def restore_aside(self) -> None:
        from pitchcoach.core.storage.aside import restore_set_aside

        copy = getattr(self, "aside_copy", None)
        if copy is None or self._aside_runner().busy:
            return
        self.restore_button.setEnabled(False)
        self.export_aside_button.setEnabled(False)
        self.aside_label.setText(
            QCoreApplication.translate("HistoryPage", "Restoring the takes of {file}…").format(file=copy.name)
        )
        self._aside_runner().start(
            lambda: restore_set_aside(self.store, copy),
            on_result=self._restored,
            on_error=self._aside_failed,
            name="restore-history",
        )

    def _restored(self, result: Any) -> None:
        self.restore_button.setEnabled(True)
        self.export_aside_button.setEnabled(True)
        self.refresh()
        parts = [
            QCoreApplication.translate("HistoryPage", "Restored 1 take")
            if result.added == 1
            else QCoreApplication.translate("HistoryPage", "Restored {n} takes").format(n=result.added)
        ]
        if result.already_there:
            parts.append(
                QCoreApplication.translate("HistoryPage", "{n} already in your history").format(n=result.already_there)
            )
        if result.unreadable:
            parts.append(QCoreApplication.translate("HistoryPage", "{n} could not be read").format(n=result.unreadable))
        self.aside_message = QCoreApplication.translate("HistoryPage", "; ").join(parts) + QCoreApplication.translate(
            "HistoryPage", ". The copy is kept as {file}."
        ).format(file=result.kept_as.name)
        self.show_notice(self.aside_message)

    def export_aside(self) -> None:
        from pitchcoach.core.storage.aside import export_set_aside_takes
        from pitchcoach.ui.export import default_folder, file_filters, resolve_choice

        copy = getattr(self, "aside_copy", None)
        if copy is None or self._aside_runner().busy:
            return
        filters = [file_filters()[f] for f in ("csv", "json", "html", "md")]  # PDF needs the page renderer
        suggested = str(default_folder() / f"PitchCoach set-aside takes {copy.name.rsplit('-', 2)[-2]}.csv")
        chosen, chosen_filter = self.ask_path(
            cast(QWidget, self),
            QCoreApplication.translate("HistoryPage", "Export the set-aside takes"),
            suggested,
            ";;".join(filters),
            filters[0],
        )
        if not chosen:
            return
        path, fmt = resolve_choice(chosen, chosen_filter)
        if fmt == "pdf":
            path, fmt = path.with_suffix(".html"), "html"
        self.restore_button.setEnabled(False)
        self.export_aside_button.setEnabled(False)
        paths = self.store.paths
        self._aside_runner().start(
            lambda: export_set_aside_takes(paths, copy, path, fmt),
            on_result=self._exported,
            on_error=self._aside_failed,
            name="export-set-aside",
        )

    @staticmethod
    def ask_path(parent: QWidget, caption: str, suggested: str, filters: str, selected: str) -> tuple[str, str]:
        """The save dialog (tests replace it: the file dialog is the edge)."""
        from pitchcoach.ui.export import _ask_path

        return _ask_path(parent, caption, suggested, filters, selected)

    def _exported(self, result: Any) -> None:
        written, salvage = result
        self.restore_button.setEnabled(True)
        self.export_aside_button.setEnabled(True)
        n = len(salvage.takes)
        exported = (
            QCoreApplication.translate("HistoryPage", "Exported 1 take of the set-aside copy to {file}.")
            if n == 1
            else QCoreApplication.translate("HistoryPage", "Exported {n} takes of the set-aside copy to {file}.")
        )
        self.aside_message = exported.format(n=n, file=written) + (
            QCoreApplication.translate("HistoryPage", " {n} could not be read.").format(n=salvage.unreadable)
            if salvage.unreadable
            else ""
        )
        self.show_notice(self.aside_message)

    def _aside_failed(self, message: str) -> None:
        self.restore_button.setEnabled(True)
        self.export_aside_button.setEnabled(True)
        self.aside_message = message
        self._update_aside_bar()
        self.show_error(message)
