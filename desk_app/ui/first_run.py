"""First-run set-up: library, branch and desk; the union service; printers; device ports.

Each page's values are checked (off the UI thread) before the page may be left; the result shows under
the fields. The union page's check joins the union with IT's one-time code (the code is used then); the
desk's token stays in memory until Finish, when settings go to the settings file and the token to the
keyring. Nothing else is stored before Finish.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QT_TRANSLATE_NOOP, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWizard,
    QWizardPage,
)

from desk_app import setup_checks
from desk_app.core.errors import DeskError
from desk_app.core.policy import PROFILE_NAMES, load_profile
from desk_app.documents import print_server
from desk_app.ui.main_window import PRINT_ACTIONS
from desk_app.ui.operations import Operations
from desk_app.ui.retranslate import Retranslating, translate
from desk_app.union_client import joined_settings, redeem_code
from devices.scanner import SUFFIXES


class CheckedPage(Retranslating, QWizardPage):
    """A page that runs its check in the background when Next is pressed, and moves on once it passed."""

    checked = pyqtSignal(bool)

    def __init__(self, title: str, operations: Operations, lang: str) -> None:
        super().__init__()
        self.setTitle(title)
        self._operations = operations
        self._lang = lang
        self._passed_for: object = None
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.form = QFormLayout(self)

    def values(self) -> object:
        raise NotImplementedError

    def check(self) -> Callable[[], str]:
        raise NotImplementedError

    def add_result_row(self) -> None:
        self.form.addRow(self.result)

    def validatePage(self) -> bool:
        if self._passed_for == self.values():
            return True
        self.result.setStyleSheet("")
        self.result.setText(self.tr("正在检查…"))
        self._operations.run(self.check(), self._on_check_passed, self._on_check_failed)
        return False

    def _on_check_passed(self, found: str) -> None:
        self._passed_for = self.values()
        self.result.setStyleSheet("color: #276;")
        self.result.setText(self.tr("✓ 检查通过") + (f"：{found}" if found else ""))
        self.checked.emit(True)
        if self.nextId() == -1:
            self.wizard().accept()
        else:
            self.wizard().next()

    def _on_check_failed(self, err: Exception) -> None:
        self._passed_for = None
        self.result.setStyleSheet("color: #a33;")
        self.result.setText(err.message(self._lang) if isinstance(err, DeskError) else str(err))
        self.checked.emit(False)


class PlacePage(CheckedPage):
    def __init__(self, settings: dict[str, Any], operations: Operations, lang: str) -> None:
        super().__init__(self.tr("图书馆与服务台"), operations, lang)
        self.profile = QComboBox()
        self.profile.addItems(PROFILE_NAMES)
        self.profile.setCurrentText(str(settings.get("profile") or "foshan"))
        self.branch = QComboBox()
        self.branch.setEditable(True)
        self.desk = QLineEdit(str(settings.get("desk") or "D1"))
        self.form.addRow(self.tr("政策配置："), self.profile)
        self.form.addRow(self.tr("本馆（分馆代码）："), self.branch)
        self.form.addRow(self.tr("服务台编号："), self.desk)
        self.add_result_row()
        self.profile.currentTextChanged.connect(self._on_profile_current_text_changed)
        self._on_profile_current_text_changed(self.profile.currentText())
        if settings.get("branch"):
            self.choose_branch(str(settings["branch"]))

    def _on_profile_current_text_changed(self, name: str) -> None:
        self.branch.clear()
        for branch in load_profile(name).branches:
            self.branch.addItem(f"{branch.name}（{branch.code}）", branch.code)  # staff know their library by name

    def choose_branch(self, code: str) -> None:
        index = self.branch.findData(code.strip().upper())
        if index >= 0:
            self.branch.setCurrentIndex(index)
        else:
            self.branch.setCurrentText(code)

    def values(self) -> tuple[str, str, str]:
        index = self.branch.findText(self.branch.currentText())
        branch = str(self.branch.itemData(index)) if index >= 0 else self.branch.currentText().strip().upper()
        return self.profile.currentText(), branch, self.desk.text().strip().upper()

    def check(self) -> Callable[[], str]:
        profile, branch, desk = self.values()
        return lambda: setup_checks.check_place(profile, branch, desk)


class UnionPage(CheckedPage):
    def __init__(self, settings: dict[str, Any], operations: Operations, lang: str) -> None:
        super().__init__(self.tr("联盟服务"), operations, lang)
        union = dict(settings.get("union") or {})
        self.url = QLineEdit(str(union.get("url") or ""))
        self.url.setPlaceholderText("https://union.library.example:8443")
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("信息部门给本服务台的一次性入网码"))
        self.ca_file = QLineEdit(str(union.get("ca_file") or ""))
        self.form.addRow(QLabel(self.tr("留空地址则本服务台不加入联盟，只使用本机数据库。入网码只能使用一次。")))
        self.form.addRow(self.tr("地址："), self.url)
        self.form.addRow(self.tr("入网码："), self.code)
        self.form.addRow(self.tr("CA 证书文件："), self.ca_file)
        self.add_result_row()
        # What the union answered when the code was redeemed, and the token, until Finish keeps it.
        self.joined: tuple[dict[str, Any], str] | None = None

    def values(self) -> tuple[str, str, str]:
        return self.url.text().strip(), self.code.text().strip(), self.ca_file.text().strip()

    def check(self) -> Callable[[], str]:
        url, code, ca_file = self.values()

        def join() -> str:
            name = setup_checks.check_union(url, ca_file)
            if not url:
                self.joined = None
                return ""
            self.joined = redeem_code(url, code, ca_file or None)
            return f"{name} · {self.joined[0]['branch']} {self.joined[0]['desk']}"

        return join


# Every kind of document the desk prints: the Print menu's, and those printed as a step happens.
SETUP_PRINTED = (
    *((kind, title) for kind, title, _shortcut in PRINT_ACTIONS),
    ("receipt", QT_TRANSLATE_NOOP("PrintActions", "打印收据（押金、工本费、滞纳金）")),
    ("proxy-authorisation", QT_TRANSLATE_NOOP("PrintActions", "打印代办申请表及委托书")),
)


class PrintersPage(CheckedPage):
    def __init__(self, settings: dict[str, Any], printers: list[str], operations: Operations, lang: str) -> None:
        super().__init__(self.tr("打印机"), operations, lang)
        self._server = print_server(settings)
        chosen = dict(settings.get("printers") or {})
        self.choices: dict[str, QComboBox] = {}
        for kind, title in SETUP_PRINTED:
            box = QComboBox()
            box.addItem(self.tr("（只生成 PDF）"), "")
            for name in printers:
                box.addItem(name, name)
            box.setEditable(True)
            if chosen.get(kind):
                box.setCurrentText(chosen[kind])
            self.choices[kind] = box
            self.form.addRow(translate("PrintActions", title) + "：", box)
        self.add_result_row()

    def values(self) -> dict[str, str]:
        out = {}
        for kind, box in self.choices.items():
            data = box.currentData() if box.currentText() == box.itemText(box.currentIndex()) else None
            out[kind] = data if data is not None else box.currentText().strip()
        return out

    def check(self) -> Callable[[], str]:
        chosen, server = self.values(), self._server
        return lambda: ", ".join(sorted({setup_checks.check_printer(p, server) for p in chosen.values()} - {""}))


class DevicesPage(CheckedPage):
    def __init__(
        self, settings: dict[str, Any], ports: list[str], operations: Operations, lang: str,
        chip_readers: list[str] | None = None, sdk_libraries: dict[str, list[str]] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(self.tr("设备"), operations, lang)
        stored = dict(settings.get("devices") or {})
        # The ID reader's kind: serial (GA 467 on a port), or a USB reader behind its vendor's SDK found here.
        self.id_backend = QComboBox()
        self.id_backend.addItem(self.tr("串口身份证阅读器（GA 467）"), "serial\n")
        libraries = sdk_libraries or {}
        for family in ("sdtapi", "termb"):
            for path in libraries.get(family, []):
                self.id_backend.addItem(
                    self.tr("USB 阅读器（{0} 驱动）：{1}").format(family, path), f"{family}\n{path}"
                )
        # Each item's data: the family and the library's path, one line each.
        stored_backend = f"{stored.get('id_reader_backend') or 'serial'}\n{stored.get('id_reader_library') or ''}"
        if not stored_backend.startswith("serial") and self.id_backend.findData(stored_backend) < 0:
            self.id_backend.addItem(stored_backend.replace("\n", "："), stored_backend)
        self.id_backend.setCurrentIndex(max(0, self.id_backend.findData(stored_backend)))
        self.wlt = QComboBox()
        self.wlt.addItem(self.tr("（无：证件照片用摄像头拍摄）"), "")
        for path in [*libraries.get("wlt", []), *([stored["wlt_library"]] if stored.get("wlt_library") else [])]:
            if self.wlt.findData(path) < 0:
                self.wlt.addItem(path, path)
        self.wlt.setCurrentIndex(max(0, self.wlt.findData(str(stored.get("wlt_library") or ""))))
        self.chip_reader = QComboBox()
        self.chip_reader.addItem(self.tr("（第一个插上的读卡器）"), "")
        for name in chip_readers or []:
            self.chip_reader.addItem(name, name)
        if stored.get("chip_reader"):
            found = self.chip_reader.findData(str(stored["chip_reader"]))
            if found < 0:
                self.chip_reader.addItem(str(stored["chip_reader"]), str(stored["chip_reader"]))
                found = self.chip_reader.count() - 1
            self.chip_reader.setCurrentIndex(found)
        self.id_reader = self._port_box(ports, str(stored.get("id_reader_port") or ""))
        self.scanner = self._port_box(ports, str(stored.get("scanner_port") or ""))
        self.suffix = QComboBox()
        self.suffix.addItems(sorted(SUFFIXES))
        self.suffix.setCurrentText(str(stored.get("scanner_suffix") or "CR"))
        self.mrz = self._port_box(ports, str(stored.get("mrz_port") or ""))
        self.form.addRow(QLabel(self.tr("未选择的设备将以模拟设备代替，键盘式扫码枪无需设置。")))
        self.form.addRow(self.tr("身份证阅读器："), self.id_backend)
        self.form.addRow(self.tr("身份证阅读器端口（USB 阅读器填 1001）："), self.id_reader)
        self.form.addRow(self.tr("证件照片解码库："), self.wlt)
        self.form.addRow(self.tr("串口扫码枪端口："), self.scanner)
        self.form.addRow(self.tr("扫码枪结尾符："), self.suffix)
        self.form.addRow(self.tr("护照阅读器端口："), self.mrz)
        self.form.addRow(self.tr("IC卡读卡器（PC/SC）："), self.chip_reader)
        self.add_result_row()

    def _port_box(self, ports: list[str], current: str) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.addItem("")
        box.addItems(ports)
        box.setCurrentText(current)
        return box

    def values(self) -> tuple[str, str, str, str]:
        return (
            self.id_reader.currentText().strip(),
            self.scanner.currentText().strip(),
            self.suffix.currentText(),
            self.mrz.currentText().strip(),
        )

    def reader_settings(self) -> dict[str, str]:
        family, library = str(self.id_backend.currentData() or "serial\n").split("\n", 1)
        return {"id_reader_backend": family, "id_reader_library": library, "wlt_library": self.wlt.currentData()}

    def check(self) -> Callable[[], str]:
        id_port, scanner, _suffix, mrz = self.values()
        chosen = self.reader_settings()
        family, library = chosen["id_reader_backend"], chosen["id_reader_library"]

        def run() -> str:
            reader = (
                setup_checks.check_id_reader(id_port)
                if family == "serial"
                else setup_checks.check_sdk_reader(family, library, id_port)
            )
            found = [reader, setup_checks.check_serial_port(scanner)]
            found.append(setup_checks.check_serial_port(mrz))
            return ", ".join(filter(None, found))

        return run


class FirstRunWizard(Retranslating, QWizard):
    def __init__(
        self,
        settings: dict[str, Any],
        save: Callable[[dict[str, Any]], None],
        printers: list[str],
        ports: list[str],
        lang: str = "zh",
        parent=None,
        database: Path | None = None,
        chip_readers: list[str] | None = None,
        sdk_libraries: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("CardDesk 首次设置"))
        self._settings = dict(settings)
        self._save = save
        self._database = database
        self.operations = Operations(self)
        self.place = PlacePage(settings, self.operations, lang)
        self.union = UnionPage(settings, self.operations, lang)
        self.printers = PrintersPage(settings, printers, self.operations, lang)
        self.devices = DevicesPage(settings, ports, self.operations, lang, chip_readers, sdk_libraries)
        for page in (self.place, self.union, self.printers, self.devices):
            self.addPage(page)
        self.resize(640, 420)

    def accept(self) -> None:
        # Qt calls this once the last page's check passed (Finish, then CheckedPage._on_check_passed).
        try:
            self.store()
        except DeskError as err:
            self.devices.result.setText(err.message(self.devices._lang))
            return
        super().accept()

    def store(self) -> dict[str, Any]:
        profile, branch, desk = self.place.values()
        id_port, scanner, suffix, mrz = self.devices.values()
        devices = dict(self._settings.get("devices") or {})
        devices |= {"id_reader_port": id_port, "scanner_port": scanner, "scanner_suffix": suffix, "mrz_port": mrz,
                    "chip_reader": str(self.devices.chip_reader.currentData() or ""),
                    **self.devices.reader_settings()}  # fmt: skip
        self._settings |= {
            "profile": profile,
            "branch": branch,
            "desk": desk,
            "printers": {k: v for k, v in self.printers.values().items() if v},
            "devices": devices,
        }
        if self.union.joined is not None:
            # The union's record of this desk (its branch and code) wins over what was typed on the first page.
            url, _code, ca_file = self.union.values()
            joined, token = self.union.joined
            database = self._database or Path(str(self._settings.get("database") or ""))
            self._settings = joined_settings(self._settings, database, url, ca_file or None, joined, token)
        self._save(self._settings)
        return self._settings
