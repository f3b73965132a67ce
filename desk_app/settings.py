"""Every setting declared once, with its type, default and label (as Electrum's ConfigVar does).

Settings live in a JSON file in the platform's config folder; secrets never do (they go to keyring).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path

from desk_app.core.errors import DeskError

APP = "CardDesk"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label_zh: str
    label_en: str


SETTINGS = (
    Setting("profile", str, "foshan", "图书馆政策配置", "Library policy profile"),
    Setting("branch", str, "", "本馆（分馆代码）", "This branch (code)"),
    Setting("desk", str, "D1", "服务台编号", "Desk code"),
    Setting("language", str, "zh_CN", "界面语言", "Interface language"),
    Setting("database", str, "", "本地数据库文件", "Local database file"),
    Setting("print_font", str, "", "打印字体文件（TrueType）", "Print font file (TrueType)"),
    Setting("print_font_extension", str, "", "生僻字字体文件", "Font file for rare characters"),
    Setting("printers", dict, {}, "各类单据的打印机", "Printer per document kind"),
    Setting("cups_server", str, "", "CUPS 服务器（留空为本机）", "CUPS server (empty: this machine)"),
    Setting("lock_after_minutes", int, 5, "无操作多少分钟后锁定", "Lock after this many idle minutes"),
    # A desk registered with the old central database had these; `join` reads them once to delete that
    # database's password from the keyring, then empties them. Nothing else reads them.
    Setting("central_url", str, "", "旧中心数据库地址（加入联盟时清除）", "Old central database (cleared by join)"),
    Setting("central_user", str, "", "旧中心数据库的服务台账号", "This desk's old central database role"),
    Setting("central_ca_file", str, "", "旧中心数据库的 CA 证书", "The old central database's CA certificate"),
    Setting(
        "union",
        dict,
        {},
        "联盟服务（地址、CA 证书；本台凭据在密钥环中）",
        "The union service (address, CA certificate; this desk's credential is in the keyring)",
    ),
    Setting(
        "devices", dict, {}, "身份证阅读器、扫码枪、读卡器的端口", "Ports of the ID reader, scanners and card reader"
    ),
)


def config_file() -> Path:
    return user_config_path(APP, appauthor=False) / "settings.json"


def default_database() -> Path:
    return user_data_path(APP, appauthor=False) / "carddesk.sqlite"


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """The settings, or a refusal naming the file: a damaged file never turns a desk into a default desk D1
    (another desk's identity, its receipt numbers, an empty database)."""
    values = {s.key: s.default for s in SETTINGS}
    source = path or config_file()
    if source.exists() or source.is_symlink():
        try:
            stored = json.loads(source.read_text("utf-8"))
        except (ValueError, OSError) as err:
            log.error("settings file unreadable: %s (%s)", source, err)
            raise DeskError("settings.unreadable", path=str(source), backup=str(backup_of(source))) from None
        if not isinstance(stored, dict):
            raise DeskError("settings.unreadable", path=str(source), backup=str(backup_of(source)))
        for setting in SETTINGS:
            if isinstance(stored.get(setting.key), setting.type):
                values[setting.key] = stored[setting.key]
    return values


def save_settings(values: dict[str, Any], path: Path | None = None) -> None:
    """Written whole or not at all: a side file made durable (fsync) and renamed over the old one, whose last
    good copy is kept beside it as settings.json.bak."""
    target = path or config_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    known = {s.key: values[s.key] for s in SETTINGS if s.key in values}
    tmp = target.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(json.dumps(known, ensure_ascii=False, indent=2))
        out.flush()
        os.fsync(out.fileno())
    if target.is_file():
        try:
            json.loads(target.read_text("utf-8"))
        except ValueError:
            pass  # a damaged file is no backup
        else:
            shutil.copy2(target, backup_of(target))
    tmp.replace(target)  # atomic: a power cut leaves the old file or the new one, never half of one
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(target.parent, os.O_DIRECTORY)
        try:
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            os.close(directory)
