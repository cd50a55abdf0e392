"""Guard against the PySide6 refcount bug that made us pin 6.11.3.

PySide6-Essentials 6.12.0 on CPython 3.11 hands back None (and some bools) from
void Qt calls without a new reference; the count drains until CPython aborts
with "deallocating None". This runs the calls the app makes most (label updates,
event processing, table model resets with sorting, widget grabs) in a fresh
interpreter and checks both that it exits cleanly and that no count drains.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import os, sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QSortFilterProxyModel
from PySide6.QtWidgets import QApplication, QLabel, QTableView

app = QApplication([])

class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 200
    def columnCount(self, parent=QModelIndex()):
        return 6
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return f"{index.row()}:{index.column()}" if role == Qt.ItemDataRole.DisplayRole else None

model = Model(); proxy = QSortFilterProxyModel(); proxy.setSourceModel(model)
view = QTableView(); view.setModel(proxy); view.resize(600, 400); view.show()
label = QLabel()
before = {k: sys.getrefcount(v) for k, v in (("None", None), ("True", True), ("False", False))}
for i in range(3000):
    label.setText(str(i)); label.setVisible(i % 2 == 0); label.update()
    if i % 100 == 0:
        model.beginResetModel(); model.endResetModel(); proxy.sort(i % 6); view.grab()
    app.processEvents()
after = {k: sys.getrefcount(v) for k, v in (("None", None), ("True", True), ("False", False))}
drained = {k: before[k] - after[k] for k in before if before[k] - after[k] > 50}
print("drained", drained)
sys.exit(1 if drained else 0)
"""


def test_void_qt_calls_do_not_drain_none_true_or_false():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "drained {}" in p.stdout
