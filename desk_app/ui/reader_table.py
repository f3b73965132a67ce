"""The list of readers found by a search: masked numbers only, as the privacy rules ask."""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QAbstractTableModel, QModelIndex, Qt

from desk_app.core.messages import CARD_STATUS_NAMES
from desk_app.core.views import ReaderSummary
from desk_app.ui.retranslate import translate


def _columns() -> list[str]:
    return [
        translate("ReaderTable", "证号"),
        translate("ReaderTable", "姓名"),
        translate("ReaderTable", "证件号"),
        translate("ReaderTable", "电话"),
        translate("ReaderTable", "状态"),
        translate("ReaderTable", "办证馆"),
    ]


class ReaderTableModel(QAbstractTableModel):
    def __init__(self, lang: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ReaderSummary] = []
        self._lang = lang
        self._headers = _columns()

    def set_language(self, lang: str) -> None:
        """Headers and card states in the language chosen while the list is on screen."""
        self._lang = lang
        self._headers = _columns()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def set_rows(self, rows: list[ReaderSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, index: int) -> ReaderSummary:
        return self._rows[index]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        r = self._rows[index.row()]
        status = CARD_STATUS_NAMES[r.card_status].pick(self._lang) if r.card_status else ""
        return (r.card_number or "", r.name, r.masked_document, r.masked_phone, status, r.home_branch_name)[
            index.column()
        ]
