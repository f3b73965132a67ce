"""`carddesk --self-check`: prove an installed desk can start, without showing a window — the database, print and
screen fonts, translations, the password store (a secret written, read back and removed), the migrations of both
databases, the devices this PC has, and the union service when the desk belongs to one.

Prints one JSON object (what each check found) and exits 0; or 1 with one line per failure on stderr ("self-check:
<check>: <what failed and what to do>"), the first failure also as the report's `error` (installers read it)."""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk_app.bootstrap import open_desk
from desk_app.core.errors import DeskError
from printing.fonts import load_fonts

Check = Callable[[], dict[str, Any]]


def _database(database: Path, profile: str) -> Check:
    def check() -> dict[str, Any]:
        desk = open_desk(database, profile)  # opening upgrades it to the newest schema (a backup first)
        try:
            with desk.uow() as uow:
                return {"database": {"path": str(desk.path), "branches": len(uow.branches.where())}}
        finally:
            desk.close()

    return check


def _print_fonts() -> dict[str, Any]:
    fonts = load_fonts()
    return {"print_fonts": [str(fonts.main_path), str(fonts.extension_path or "")]}


def _screen() -> dict[str, Any]:
    from desk_app.ui.self_check_qt import qt_check

    return qt_check()


def _secrets() -> dict[str, Any]:
    """A probe secret through the same store the desk uses: a PC whose store cannot keep one fails here, not at
    the first sign-in."""
    import keyring

    from desk_app.secrets import delete_secret, secret, store_name, store_secret

    probe, value = "self-check-probe", secrets.token_hex(8)
    store_secret(probe, value)
    try:
        if secret(probe) != value:
            raise DeskError("setup.keyring_unavailable", reason="the secret read back differs")
    finally:
        delete_secret(probe)
    return {"keyring": type(keyring.get_keyring()).__name__, "secret_store": store_name()}


def _migrations() -> dict[str, Any]:
    """Both migration histories are in the installation, each with one head (the desk's was applied above)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from db.migrate import MIGRATIONS as DESK
    from desk_app.union.migrate import MIGRATIONS as UNION

    heads = {}
    for name, location in (("desk", DESK), ("union", UNION)):
        config = Config()
        config.set_main_option("script_location", str(location))
        found = ScriptDirectory.from_config(config).get_heads()
        if len(found) != 1:
            raise RuntimeError(f"the {name} database's migrations in {location} have {len(found)} heads")
        heads[name] = found[0]
    return {"migrations": heads}


def _devices() -> dict[str, Any]:
    from devices.manager import discover

    found = discover(include_pcsc=True)
    return {"devices": {"serial_ports": len(found.serial_ports), "pcsc_readers": found.pcsc_readers,
                        "sdk_libraries": found.sdk_libraries}}  # fmt: skip


def _union(settings: dict[str, Any]) -> Check:
    def check() -> dict[str, Any]:
        union = dict(settings.get("union") or {})
        if not union.get("url"):
            return {"union": "not joined (this desk works on its own)"}
        from desk_app.union_client import UnionClient

        answer = UnionClient(str(union["url"]), ca_file=union.get("ca_file") or None).health()
        return {"union": {"url": union["url"], "answer": answer}}

    return check


def run_self_check(database: Path, profile: str, settings: dict[str, Any] | None = None) -> int:
    report: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False))}
    checks: list[tuple[str, Check]] = [
        ("database", _database(database, profile)),
        ("print_fonts", _print_fonts),
        ("screen", _screen),
        ("secrets", _secrets),
        ("migrations", _migrations),
        ("devices", _devices),
        ("union", _union(settings or {})),
    ]
    failures: list[str] = []
    for name, check in checks:
        try:
            report |= check()
        except Exception as err:  # a self-check reports whatever stops the desk, and goes on to the next check
            said = err.message("en") if isinstance(err, DeskError) else f"{type(err).__name__}: {err}"
            failures.append(f"{name}: {said}")
            print(f"self-check: {name}: {said}", file=sys.stderr)
    if failures:
        report["error"], report["failures"] = failures[0], failures
    print(json.dumps(report, ensure_ascii=False))
    return 1 if failures else 0
