"""The group desk: every school or unit batch with its progress, each row's outcome and reasons, approval
of chosen rows or the whole batch, and the results exported for the unit (names shown, documents masked)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.clock import local_minute
from desk_app.core.errors import DeskError
from desk_app.ui.operations import Operations, describe_error
from desk_app.ui.retranslate import Retranslating
from desk_app.ui.sign_in import SignInDialog


def with_suffix_of(path: Path, chosen_filter: str) -> Path:
    """The file the clerk asked for: a name typed without its suffix takes the chosen filter's (a workbook
    named without .xlsx was written as CSV, which Excel would not open)."""
    if path.suffix.lower() in (".xlsx", ".csv"):
        return path
    return path.with_name(path.name + (".csv" if "*.csv" in chosen_filter else ".xlsx"))


class GroupDeskDialog(Retranslating, QDialog):
    finished_step = pyqtSignal(str, object)

    def __init__(self, batches, lang: str = "zh", parent=None, authorise=None) -> None:
        """`authorise(username, password)` gives a supervisor's context for one step (None: not offered)."""
        super().__init__(parent)
        self._batches = batches
        self._lang = lang
        self._authorise = authorise
        self.supervisor_dialog: SignInDialog | None = None
        self.operations = Operations(self)
        self.batch_ids: list[str] = []
        self.setWindowTitle(self.tr("集体办证批次"))
        self.resize(1000, 620)

        self.batch_table = QTableWidget(0, 4)
        self.batch_table.setHorizontalHeaderLabels(
            [self.tr("导入时间"), self.tr("批次"), self.tr("状态"), self.tr("进度")]
        )
        self.batch_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.batch_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.batch_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.batch_table.itemSelectionChanged.connect(self.load_rows)
        self.row_table = QTableWidget(0, 6)
        self.row_table.setHorizontalHeaderLabels(
            [self.tr("行号"), self.tr("证件号"), self.tr("姓名"), self.tr("班级"), self.tr("结果"), self.tr("原因")]
        )
        # The reasons take the width left; the full text is also the cell's tooltip.
        self.row_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.row_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.row_table.setWordWrap(True)
        self.row_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.row_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        self.approve_rows_button = QPushButton(self.tr("开通选中的行(&S)"))
        self.approve_all_button = QPushButton(self.tr("开通整批可办理的行(&A)"))
        self.export_button = QPushButton(self.tr("导出结果(&E)…"))
        self.refresh_button = QPushButton(self.tr("刷新(&F)"))
        self.approve_rows_button.clicked.connect(lambda: self.approve(selected_only=True))
        self.approve_all_button.clicked.connect(lambda: self.approve(selected_only=False))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.refresh_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        for button in (self.approve_rows_button, self.approve_all_button, self.export_button, self.refresh_button):
            buttons.addWidget(button)
        self.status = QLabel()
        self.status.setWordWrap(True)

        split = QSplitter()
        split.addWidget(self.batch_table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.row_table, 1)
        right_layout.addLayout(buttons)
        split.addWidget(right)
        split.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    def _run(self, step: str, work, shown, changes: str | None = None) -> None:
        self.status.setText(self.tr("正在办理……"))

        def succeeded(result) -> None:
            self.status.setText("")
            shown(result)
            self.finished_step.emit(step, result)

        def failed(err: Exception) -> None:
            text = describe_error(err, self._lang)
            self.status.setText(text)
            self.finished_step.emit(step, err)

        if changes is None:
            self.operations.run(work, succeeded, failed)
        else:
            self.operations.mutate(work, succeeded, failed, changes)

    def current_batch(self) -> str | None:
        rows = self.batch_table.selectionModel().selectedRows()
        return self.batch_ids[rows[0].row()] if rows else None

    def load(self) -> None:
        batches = self._batches
        self._run("batches", batches.progress, self._show_batches)

    def _outcomes(self) -> dict[str, str]:
        return {"accepted": self.tr("可办理"), "rejected": self.tr("未通过"), "review": self.tr("待核实"),
                "exists": self.tr("已有证"), "approved": self.tr("已开通")}  # fmt: skip

    def _show_batches(self, found) -> None:
        names = {"imported": self.tr("待审核"), "approved": self.tr("已开通")}
        outcome = self._outcomes()
        self.batch_ids = [b.id for b in found]
        self.batch_table.setRowCount(len(found))
        for row, batch in enumerate(found):
            counts = "，".join(f"{outcome.get(k, k)} {v}" for k, v in sorted(batch.counts.items()))
            when = local_minute(batch.created_at, self._batches.ctx.profile.timezone)
            cells = [when, batch.name, names.get(batch.status, batch.status), counts]
            for column, value in enumerate(cells):
                self.batch_table.setItem(row, column, QTableWidgetItem(value))
        if found and not self.batch_table.selectionModel().selectedRows():
            self.batch_table.selectRow(0)

    def load_rows(self) -> None:
        batch = self.current_batch()
        if batch is None:
            return
        batches = self._batches
        self._run("rows", lambda: batches.rows(batch), self._show_rows)

    def _show_rows(self, rows) -> None:
        self.row_table.setRowCount(len(rows))
        for index, view in enumerate(rows):
            status = self._outcomes().get(view.status, view.status_name)
            cells = [str(view.row), view.masked_document, view.name, view.class_name, status, view.reasons]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.row_table.setItem(index, column, item)
        self.row_table.resizeRowsToContents()

    def approve(self, selected_only: bool) -> None:
        batch = self.current_batch()
        if batch is None:
            self.status.setText(self.tr("请先选择一个批次"))
            return
        chosen = None
        if selected_only:
            chosen = sorted({int(self.row_table.item(i.row(), 0).text()) for i in self.row_table.selectedIndexes()})
            if not chosen:
                self.status.setText(self.tr("请先选择要开通的行"))
                return
        self._approve(self._batches, batch, chosen)

    def _approve(self, batches, batch: str, chosen: list[int] | None) -> None:
        def decide(step: str, result) -> None:
            self.finished_step.disconnect(decide)
            if isinstance(result, DeskError) and result.code == "staff.not_permitted" and self._authorise:
                self.ask_supervisor(lambda ctx: self._approve(replace(batches, ctx=ctx), batch, chosen))

        self.finished_step.connect(decide)
        self._run("approve", lambda: batches.approve(batch, chosen), self._show_approved, "batch")

    def ask_supervisor(self, then) -> SignInDialog:
        """A supervisor authorises this one step here, with their own password; it is recorded as theirs and
        the clerk stays signed in."""
        dialog = SignInDialog(
            self._authorise,
            self.tr("开通批次须主管授权：请主管输入自己的账号和密码（本次开通记为主管办理）"),
            lang=self._lang,
            parent=self,
            window_title=self.tr("主管授权"),
        )
        dialog.signed_in.connect(then)
        self.supervisor_dialog = dialog
        dialog.open()
        return dialog

    def _show_approved(self, counts) -> None:
        self.load()
        self.load_rows()
        self.status.setText(self.tr("已开通：{0}").format("，".join(f"{k} {v}" for k, v in counts.items())))

    def _on_export_clicked(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("导出结果"), "", "Excel (*.xlsx);;CSV (*.csv)")
        if path:
            self.export(with_suffix_of(Path(path), chosen))

    def export(self, out: Path) -> None:
        batch = self.current_batch()
        if batch is None:
            self.status.setText(self.tr("请先选择一个批次"))
            return
        batches = self._batches
        self._run("export", lambda: batches.export(batch, out),
                  lambda path: self.status.setText(self.tr("已导出：{0}").format(path)))  # fmt: skip
