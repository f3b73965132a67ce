"""Importing a school or unit list: choose the file, watch the progress, cancel, read every row's outcome."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desk_app.core.errors import DeskError
from desk_app.core.privacy import mask_text
from desk_app.ui.devices_bridge import typed_text_only
from desk_app.ui.operations import Operations
from desk_app.ui.retranslate import Retranslating

STATUS_TEXT = {"accepted": "可办理", "rejected": "未通过", "review": "待核实", "exists": "已有借阅证"}


class _ProgressRelay(QObject):
    moved = pyqtSignal(int, int)


class BatchImportDialog(Retranslating, QDialog):
    finished_import = pyqtSignal(object)

    def __init__(self, batches, lang: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self._batches = batches
        self._lang = lang
        self.operations = Operations(self)
        self._relay = _ProgressRelay(self)
        self._relay.moved.connect(self._on_relay_moved)
        self.setWindowTitle(self.tr("导入集体办证名单"))
        self.resize(900, 640)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("选择 .xlsx、.xls 或 .csv 文件"))
        browse = QPushButton(self.tr("选择文件(&F)…"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("批次名称（默认用文件名）"))
        self.dry_run = QCheckBox(self.tr("仅检查，不保存(&K)"))
        self.dry_run.setChecked(True)
        # Shown only once the file is recognised as imported before: a second batch is a choice, never a slip.
        self.again = QCheckBox(self.tr("再次导入（另建一个批次）"))
        self.again.setVisible(False)
        self.existing_batch_id: str | None = None
        self.start_button = QPushButton(self.tr("开始导入(&S)"))
        self.cancel_button = QPushButton(self.tr("取消导入(&C)"))
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.summary = QLabel()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("行号"), self.tr("姓名"), self.tr("结果"), self.tr("原因")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        options = QHBoxLayout()
        options.addWidget(self.name_edit, 1)
        options.addWidget(self.dry_run)
        options.addWidget(self.again)
        options.addWidget(self.start_button)
        options.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

        typed_text_only(self.path_edit, self.name_edit)  # a fast-typed path stays where it was typed
        browse.clicked.connect(self._on_browse_clicked)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择名单文件"), "", "名单 (*.xlsx *.xls *.csv)")
        if path:
            self.path_edit.setText(path)

    def start(self) -> None:
        path = Path(self.path_edit.text())
        name, dry_run, again = self.name_edit.text(), self.dry_run.isChecked(), self.again.isChecked()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.summary.setText(self.tr("正在读取……"))
        self.operations.mutate(
            lambda: self._batches.import_file(path, name, dry_run, self._relay.moved.emit, again),
            self._on_import_succeeded,
            self._on_import_failed,
        )

    def _on_start_button_clicked(self) -> None:
        self.start()

    def _on_cancel_button_clicked(self) -> None:
        self._batches.cancel()
        self.summary.setText(self.tr("正在取消……"))

    def _on_relay_moved(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_import_succeeded(self, result) -> None:
        self.again.setChecked(False)
        self.again.setVisible(False)
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        counts = result.summary
        text = "，".join(f"{STATUS_TEXT[k]} {v}" for k, v in counts.items())
        self.summary.setText((self.tr("检查完成（未保存）：") if result.dry_run else self.tr("已导入：")) + text)
        self.table.setRowCount(len(result.rows))
        for index, row in enumerate(result.rows):
            for column, value in enumerate(
                (str(row.row), row.name, STATUS_TEXT[row.status], mask_text("；".join(row.reasons)))
            ):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.finished_import.emit(result)

    def _on_import_failed(self, err: Exception) -> None:
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.summary.setText(err.message(self._lang) if isinstance(err, DeskError) else str(err))
        if isinstance(err, DeskError) and err.code == "batch.already_imported":
            self.existing_batch_id = str(err.params["id"])
            self.again.setVisible(True)
        self.finished_import.emit(err)
