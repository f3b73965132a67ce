"""The desk and the union service on screen: online or offline with N commands waiting, a sync in the
background every half minute, and the conflict screen where staff resolve what the union refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, pyqtSignal
from PyQt6.QtGui import QStandardItem, QStandardItemModel
from PyQt6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from desk_app.core.clock import local_minute
from desk_app.core.errors import DeskError
from desk_app.ui.operations import BACKGROUND, Changed, Operations
from desk_app.ui.retranslate import Retranslating, translate

if TYPE_CHECKING:
    from desk_app.core.services.context import DeskContext
    from desk_app.union_desk import ConflictView, UnionLink

# The union's refusal codes staff meet most, in a few words; the union's own message is shown beside them.
REASONS = {
    "card.already_has_card": QT_TRANSLATE_NOOP("SyncReasons", "此人已在联盟内办证"),
    "union.conflict": QT_TRANSLATE_NOOP("SyncReasons", "证号或卡片已被使用"),
    "refund.already_refunded": QT_TRANSLATE_NOOP("SyncReasons", "押金已退过"),
    "staff.not_permitted": QT_TRANSLATE_NOOP("SyncReasons", "无权办理"),
    "card.not_found": QT_TRANSLATE_NOOP("SyncReasons", "联盟没有这张证"),
    "batch.already_imported": QT_TRANSLATE_NOOP("SyncReasons", "本馆已导入过这份名单"),
}
# What a refused command was, by its name.
COMMANDS = {
    "issue_card": QT_TRANSLATE_NOOP("SyncCommands", "办证"),
    "take_money": QT_TRANSLATE_NOOP("SyncCommands", "收款"),
    "report_loss": QT_TRANSLATE_NOOP("SyncCommands", "挂失"),
    "import_batch": QT_TRANSLATE_NOOP("SyncCommands", "导入集体名单"),
}


@dataclass(frozen=True)
class SyncState:
    configured: bool
    online: bool
    pending: int
    conflicts: list[ConflictView]
    error: str = ""
    union: str = ""  # the union service's name, for a desk that joined one
    pulled: int = 0  # changes other desks made that this sync brought here


class SyncController(QObject):
    """Runs sync off the UI thread (the worker's background lane, so a slow network never holds up a counter
    action); after every action at this desk the status bar counts what now waits to be sent."""

    changed = pyqtSignal(object)

    def __init__(
        self, link: UnionLink, ctx: DeskContext, lang: str = "zh", every_ms: int = 30_000, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.link = link
        self.ctx = ctx
        self._lang = lang
        self.operations = Operations(self, BACKGROUND)
        self._counting = Operations(self)
        self.operations.worker.changed.connect(self._on_desk_changed)
        self.state: SyncState | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.sync_now)

    def set_language(self, lang: str) -> None:
        """What it says next (a refusal, a failed sync) in this language: the clerk switched while running."""
        self._lang = lang

    def start(self) -> None:
        self.sync_now()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.operations.wait()

    def sync_now(self) -> None:
        self.operations.run(self._sync, self._on_sync_done, self._on_sync_failed)

    def _sync(self) -> SyncState:
        link = self.link
        union = link.union_name
        if not link.configured:
            return SyncState(False, False, link.pending(), [])
        error, pulled = "", 0
        try:
            pulled = link.sync().pulled
            online = True
        except DeskError as err:
            online, error = False, err.message(self._lang)
        return SyncState(True, online, link.pending(), link.conflicts(), error, union, pulled)

    def _on_sync_done(self, state: SyncState) -> None:
        self.state = state
        self.changed.emit(state)
        if state.pulled:
            self.operations.worker.changed.emit(Changed("sync"))  # other desks' changes: every view reloads

    def _on_desk_changed(self, change: Changed) -> None:
        if change.what == "sync" or self.state is None or not self.link.configured:
            return
        self._counting.run(self.link.pending, self._on_counted, lambda _err: None)

    def _on_counted(self, pending: int) -> None:
        if self.state is not None and pending != self.state.pending:
            self.state = dataclasses.replace(self.state, pending=pending)
            self.changed.emit(self.state)

    def _on_sync_failed(self, err: Exception) -> None:
        self._on_sync_done(SyncState(True, False, -1, [], str(err)))

    def resolve(
        self, change_id: str, how: str, done: Callable[[Any], None], failed: Callable[[Exception], None]
    ) -> None:
        self.operations.mutate(lambda: self.link.resolve(self.ctx, change_id, how), done, failed, "sync")


def describe(state: SyncState, _tr: object = None) -> str:
    """The status bar's words, in the language installed (a context of their own, which lupdate finds)."""
    if not state.configured:
        return translate("SyncStatus", "未加入联盟服务（仅本机工作）")
    waiting = translate("SyncStatus", "，{0} 条变更待同步")
    text: str = (
        translate("SyncStatus", "联盟服务 {0}：在线") if state.online else translate("SyncStatus", "联盟服务 {0}：离线")
    ).format(state.union)
    if state.pending or not state.online:
        text += waiting.format(max(state.pending, 0))
    if state.conflicts:
        text += translate("SyncStatus", "，{0} 个冲突待处理").format(len(state.conflicts))
    return text


class ConflictsDialog(Retranslating, QDialog):
    resolved = pyqtSignal(str)

    def __init__(self, controller: SyncController, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._lang = lang
        self.setWindowTitle(self.tr("同步冲突"))
        self.resize(900, 420)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([self.tr("发现时间"), self.tr("记录"), self.tr("原因"), self.tr("说明")])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        assert header is not None  # a QTableView always has one
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(
            self.tr(
                "联盟未接受本台的这些操作（如两台服务台离线时为同一人办证，联盟只保留一张证）。"
                "“注销本台的临时卡”注销本台办的证；“以联盟记录为准”撤销本台的这项操作，"
                "本台改为联盟的记录（审计记录保留；收付过款项的操作不能撤销）。"
            )
        )
        self.message.setWordWrap(True)
        self.cancel_local = QPushButton(self.tr("注销本台的临时卡(&C)"))
        self.dismiss = QPushButton(self.tr("以联盟记录为准(&D)"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_local)
        buttons.addWidget(self.dismiss)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.cancel_local.clicked.connect(lambda: self._resolve("cancel-local"))
        self.dismiss.clicked.connect(lambda: self._resolve("dismiss"))
        self._rows: list[ConflictView] = []
        controller.changed.connect(self.show_state)
        if controller.state is not None:
            self.show_state(controller.state)

    def show_state(self, state: SyncState) -> None:
        self._rows = list(state.conflicts)
        self.model.setRowCount(len(self._rows))
        for r, conflict in enumerate(self._rows):
            entity = translate("SyncCommands", COMMANDS.get(conflict.entity, conflict.entity))
            values = (
                local_minute(conflict.detected_at, self.controller.ctx.profile.timezone),
                entity,
                translate("SyncReasons", REASONS.get(conflict.reason, conflict.reason)),
                conflict.detail,
            )
            for c, value in enumerate(values):
                self.model.setItem(r, c, QStandardItem(value))
        if self._rows:
            self.table.selectRow(0)

    def _resolve(self, how: str) -> None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        if not rows:
            return
        conflict = self._rows[rows[0].row()]
        self.controller.resolve(conflict.change_id, how, self._on_resolve_done, self._on_resolve_failed)

    def _on_resolve_done(self, _outcome: object) -> None:
        self.resolved.emit("ok")
        self.controller.sync_now()

    def _on_resolve_failed(self, err: Exception) -> None:
        self.message.setText(err.message(self._lang) if isinstance(err, DeskError) else str(err))
