"""The statistics screen: year and branch filters, a table and a chart per view, drill-down to the cards
behind a figure (masked), and the same workbook as `carddesk stats`."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QPainter, QStandardItem, QStandardItemModel
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.errors import DeskError
from desk_app.core.messages import format_fen
from desk_app.ui.operations import Operations
from desk_app.ui.retranslate import Retranslating

CARD_MEASURE_KEYS = ["issued", "replaced", "cancelled", "lost", "active"]
PAGE = 100  # cards per drill-down page


class DrillDialog(QDialog):
    """The cards behind one figure (masked), a page at a time; each page is read when asked for."""

    wanted = pyqtSignal(int)  # the offset of the page to read

    def __init__(self, title: str, total: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("drill_down")
        self._total = total
        self._offset = 0
        self.model = QStandardItemModel(0, 6, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("证号"), self.tr("姓名"), self.tr("证件号"), self.tr("类型"), self.tr("状态"), self.tr("所属馆")]
        )
        table = QTableView(self)
        table.setModel(self.model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.where = QLabel(self.tr("正在读取…"))
        self.previous = QPushButton(self.tr("上一页(&P)"))
        self.next = QPushButton(self.tr("下一页(&N)"))
        self.previous.clicked.connect(lambda: self._ask(self._offset - PAGE))
        self.next.clicked.connect(lambda: self._ask(self._offset + PAGE))
        paging = QHBoxLayout()
        paging.addWidget(self.where, 1)
        paging.addWidget(self.previous)
        paging.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title))
        layout.addWidget(table)
        layout.addLayout(paging)
        self.resize(760, 460)
        self._buttons(enabled=False)

    def _ask(self, offset: int) -> None:
        self._buttons(enabled=False)
        self.where.setText(self.tr("正在读取…"))
        self.wanted.emit(max(0, offset))

    def _buttons(self, enabled: bool) -> None:
        self.previous.setEnabled(enabled and self._offset > 0)
        self.next.setEnabled(enabled and self._offset + PAGE < self._total)

    def show_page(self, offset: int, rows) -> None:
        self._offset = offset
        self.model.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(
                (row.card_number, row.masked_name, row.masked_document, row.card_type, row.status, row.home_branch)
            ):
                self.model.setItem(r, c, QStandardItem(value))
        self.model.setVerticalHeaderLabels([str(offset + r + 1) for r in range(len(rows))])  # across pages
        first = offset + 1 if rows else 0
        self.where.setText(self.tr("第 {0}–{1} 张，共 {2} 张").format(first, offset + len(rows), self._total))
        self._buttons(enabled=True)


class StatsWindow(Retranslating, QDialog):
    report_shown = pyqtSignal(object)
    drill_shown = pyqtSignal(object)

    def __init__(self, stats, branches: list[tuple[str, str]], year: int, lang: str = "zh", parent=None) -> None:
        super().__init__(parent)
        self._stats = stats
        self._lang = lang
        self.report = None
        self.operations = Operations(self)
        self.setWindowTitle(self.tr("统计报表"))
        self.resize(1300, 720)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.branch = QComboBox()
        self.branch.addItem(self.tr("全部分馆"), None)
        for code, name in branches:
            self.branch.addItem(f"{name}（{code}）", code)
        self.refresh = QPushButton(self.tr("统计(&R)"))
        self.export = QPushButton(self.tr("导出 Excel(&E)…"))
        self.source = QLabel()
        self.message = QLabel()
        self.tabs = QTabWidget()
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("年度：")))
        filters.addWidget(self.year)
        filters.addWidget(QLabel(self.tr("分馆：")))
        filters.addWidget(self.branch)
        filters.addWidget(self.refresh)
        filters.addWidget(self.export)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.source)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.refresh.clicked.connect(self._on_refresh_clicked)
        self.export.clicked.connect(self._on_export_clicked)
        self.export.setEnabled(False)

    def load(self) -> None:
        self._on_refresh_clicked()

    def _on_refresh_clicked(self) -> None:
        year, branch = self.year.value(), self.branch.currentData()
        self.message.setText(self.tr("正在统计…"))
        self.operations.run(lambda: self._stats.report(year, branch, self._lang), self._show, self._failed)

    def _failed(self, err: Exception) -> None:
        self.message.setText(err.message(self._lang) if isinstance(err, DeskError) else str(err))

    def _show(self, report) -> None:
        self.report = report
        self.export.setEnabled(True)
        self.message.setText(self.tr("双击数字可查看其中的读者证（姓名和证件号已遮蔽）"))
        self.source.setText(self.tr("数据来源：{0}").format(report.source.pick(self._lang)))
        self.tabs.clear()
        for view in report.views:
            self.tabs.addTab(self._view_widget(view), view.title.pick(self._lang))
        self.report_shown.emit(report)

    def _view_widget(self, view) -> QWidget:
        model = QStandardItemModel(len(view.rows), len(view.columns) + 1, self)
        model.setHorizontalHeaderLabels([view.dimension.pick(self._lang), *(c.pick(self._lang) for c in view.columns)])
        for r, (key, values) in enumerate(view.rows):
            model.setItem(r, 0, QStandardItem(key if key != "合计" or self._lang == "zh" else "Total"))
            for c, value in enumerate(values):
                if c in view.money_columns:
                    text = format_fen(int(value), self._lang)
                elif c in view.percent_columns:
                    text = f"{value:.1%}"
                else:
                    text = f"{value:,}"
                item = QStandardItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                model.setItem(r, c + 1, item)
        table = QTableView()
        table.setModel(model)
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setObjectName(f"table_{view.key}")
        if view.drill is not None:
            table.doubleClicked.connect(lambda index, v=view: self.drill(v, index.row(), index.column()))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(table)
        if view.drill is not None:
            splitter.addWidget(self._chart(view))
            splitter.setSizes([640, 560])
        return splitter

    def _chart(self, view) -> QChartView:
        rows = [(k, v) for k, v in view.rows if k != "合计"]
        series = QBarSeries()
        for index in (0, 4):  # cards issued, active cards
            bar = QBarSet(view.columns[index].pick(self._lang))
            for _key, values in rows:
                bar.append(float(values[index]))
            series.append(bar)
        chart = QChart()
        chart.addSeries(series)
        chart.setTitle(view.title.pick(self._lang))
        categories = QBarCategoryAxis()
        categories.append([k for k, _ in rows])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setLabelFormat("%d")
        highest = max((float(v[i]) for _k, v in rows for i in (0, 4)), default=1.0)
        values.setRange(0, max(highest, 4.0))
        values.applyNiceNumbers()
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        view_widget = QChartView(chart)
        view_widget.setRenderHint(QPainter.RenderHint.Antialiasing)
        return view_widget

    def drill(self, view, row: int, column: int) -> None:
        if column < 1 or row >= len(view.rows):
            return
        key, values = view.rows[row]
        measure = CARD_MEASURE_KEYS[column - 1]
        title = f"{view.dimension.pick(self._lang)} {key} · {view.columns[column - 1].pick(self._lang)}"
        dialog = DrillDialog(title, int(values[column - 1]), self)
        dialog.wanted.connect(
            lambda offset: self.operations.run(
                lambda: self._stats.page(view.drill, key, measure, offset, PAGE),
                lambda rows: self._show_page(dialog, offset, rows),
                self._failed,
            )
        )
        dialog.show()
        dialog.wanted.emit(0)

    def _show_page(self, dialog: DrillDialog, offset: int, rows) -> None:
        dialog.show_page(offset, rows)
        self.drill_shown.emit(rows)

    def _on_export_clicked(self) -> None:
        if self.report is None:
            return
        default = f"统计-{self.report.year}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出统计"), default, "Excel (*.xlsx)")
        if path:
            report = self.report
            self.operations.run(
                lambda: self._stats.export(report, Path(path), self._lang),
                lambda out: self.message.setText(self.tr("已导出：{0}").format(out)),
                self._failed,
            )
