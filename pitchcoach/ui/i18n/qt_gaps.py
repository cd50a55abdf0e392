"""Qt's own strings that qtbase_zh_CN.qm leaves in English, translated in our .ts (issue 25).

Qt's widget file dialog (used under offscreen/xvfb and on desktops without a portal) labels its folder box
"&Look in:" and its filter box "Files of &type:" and calls a folder "Folder"; Qt's Chinese catalog has no text
for these, so the Chinese dialog showed them in English. QCoreApplication asks
every installed translator in turn, so ours answers for them. Written out here in Qt's own contexts, source
texts and disambiguations, so that lupdate keeps them in the .ts (`make translations` drops entries that no
source names). File sizes and dates in the dialog follow the system's regional format
(QFileSystemModel uses QLocale::system()), not the interface language: "0 bytes" under an English locale.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def qt_gap_texts() -> list[str]:
    """Each of those strings as the installed translators give it now."""
    # Spelled out call by call: lupdate only sees QCoreApplication.translate(...) itself, not an alias.
    return [
        QCoreApplication.translate("QFileDialog", "&Look in:"),
        QCoreApplication.translate("QFileDialog", "Look in:"),
        QCoreApplication.translate("QFileDialog", "Files of &type:"),
        QCoreApplication.translate("QFileDialog", "Files of type:"),
        QCoreApplication.translate("QAbstractFileIconProvider", "Folder", "All other platforms"),
        QCoreApplication.translate("QAbstractFileIconProvider", "Shortcut", "All other platforms"),
        QCoreApplication.translate("QAbstractFileIconProvider", "Drive"),
    ]
