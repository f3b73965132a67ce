"""Installer: the first-run set-up and its checks, the desktop entry, and the Linux bundle itself."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desk_app import setup_checks
from desk_app.core.errors import DeskError
from devices.emulators.id_reader import IdReaderEmulator, load_cards
from devices.emulators.serial_text import ScannerEmulator
from devices.manager import SAMPLE_CARDS
from tests.test_tpm_keyring import software_tpm

ROOT = Path(__file__).resolve().parent.parent


def test_place_check_accepts_a_real_branch_and_names_it() -> None:
    assert setup_checks.check_place("foshan", "FSLIB", "D1")


@pytest.mark.parametrize(
    ("profile", "branch", "desk", "message"),
    [
        ("nowhere", "FSLIB", "D1", "未知的政策配置"),
        ("foshan", "XXLIB", "D1", "没有分馆代码 XXLIB"),
        ("foshan", "FSLIB", "desk one", "服务台编号"),
    ],
)
def test_place_check_says_what_is_wrong(profile: str, branch: str, desk: str, message: str) -> None:
    with pytest.raises(DeskError, match=message):
        setup_checks.check_place(profile, branch, desk)


@pytest.fixture(scope="module")
def union(postgres: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.test_union_service import running_union

    with running_union(postgres, tmp_path_factory.mktemp("first-run-union"), "union_first_run") as running:
        yield running


def test_union_check_asks_the_service_over_tls_with_the_librarys_ca(union: Any, tmp_path: Path) -> None:
    assert setup_checks.check_union(union["url"], str(union["ca"].ca_file)) == "佛山市联合图书馆"
    assert setup_checks.check_union("") == ""  # no address: this desk works on its own
    with pytest.raises(DeskError, match="CA"):
        setup_checks.check_union(union["url"], str(tmp_path / "none.pem"))
    # Every failure in words, never the network library's English (#27.11).
    with pytest.raises(DeskError, match=r"联系不上联盟服务.*证书没有通过校验"):
        setup_checks.check_union(union["url"])  # a certificate from a CA the system does not trust
    with pytest.raises(DeskError, match="HTTPS"):
        setup_checks.check_union("http://union.library.example:8443")  # plain HTTP only on loopback
    from tests.tcp_proxy import free_port

    with pytest.raises(DeskError) as refused:
        setup_checks.check_union(f"https://127.0.0.1:{free_port()}")
    assert "没有联盟服务在运行" in refused.value.message() and "Errno" not in refused.value.message()
    assert "nothing answers" in refused.value.message("en")
    with pytest.raises(DeskError) as unknown:
        setup_checks.check_union("https://no-such-union.invalid:8443")
    assert "主机名" in unknown.value.message() and "Error" not in unknown.value.message()


def test_id_reader_port_check_talks_to_the_reader(tmp_path: Path) -> None:
    reader = IdReaderEmulator(load_cards(SAMPLE_CARDS), tmp_path / "ttyUSB0")
    scanner = ScannerEmulator(tmp_path / "ttyACM0")
    try:
        assert setup_checks.check_id_reader(reader.path) == reader.path
        with pytest.raises(DeskError, match="不是身份证阅读器"):
            setup_checks.check_id_reader(scanner.path)
        assert setup_checks.check_serial_port(scanner.path) == scanner.path
        with pytest.raises(DeskError, match="无法打开设备端口"):
            setup_checks.check_serial_port(str(tmp_path / "ttyUSB9"))
    finally:
        reader.close()
        scanner.close()


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    import keyring
    from keyrings.alt.file import EncryptedKeyring

    backend = EncryptedKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    backend.keyring_key = "desk-keyring-password"
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_first_run_wizard_checks_each_page_joins_the_union_and_stores_settings_and_keyring(
    qtbot: Any, tmp_path: Path, union: Any, file_keyring: Any
) -> None:
    from PyQt6.QtWidgets import QLabel, QWizard

    from desk_app.settings import load_settings, save_settings
    from desk_app.ui.first_run import FirstRunWizard
    from desk_app.union_client import stored_token
    from tests.test_union_service import _enrol

    settings_file = tmp_path / "settings.json"
    database = tmp_path / "desk.sqlite"
    reader = IdReaderEmulator(load_cards(SAMPLE_CARDS), tmp_path / "ttyUSB0")
    wizard = FirstRunWizard(load_settings(settings_file), lambda v: save_settings(v, settings_file), [],
                            [reader.path], database=database)  # fmt: skip
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        place = wizard.place
        place.profile.setCurrentText("foshan")
        assert "（FSLIB）" in place.branch.itemText(place.branch.findData("FSLIB"))  # by name, with its code
        assert any("打印收据" in label.text() for label in wizard.printers.findChildren(QLabel))
        assert "receipt" in wizard.printers.choices and wizard.devices.chip_reader.count() >= 1
        place.branch.setCurrentText("NOPE")
        wizard.next()
        qtbot.waitUntil(lambda: "没有分馆代码" in place.result.text(), timeout=5000)
        assert wizard.currentPage() is place
        place.choose_branch("FSLIB")
        place.desk.setText("d2")
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.union, timeout=5000)

        page = wizard.union
        page.url.setText(union["url"])
        page.ca_file.setText(str(union["ca"].ca_file))
        page.code.setText("0" * 48)
        wizard.next()
        qtbot.waitUntil(lambda: "入网码无效" in page.result.text(), timeout=10000)
        assert wizard.currentPage() is page
        page.code.setText(_enrol(union, "FSLIB", "D2"))
        wizard.next()
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.printers, timeout=10000)
        assert "佛山市联合图书馆 · FSLIB D2" in page.result.text()
        wizard.next()  # every document: PDF only
        qtbot.waitUntil(lambda: wizard.currentPage() is wizard.devices, timeout=5000)

        wizard.devices.id_reader.setCurrentText(reader.path)
        with qtbot.waitSignal(wizard.accepted, timeout=10000):
            wizard.button(QWizard.WizardButton.FinishButton).click()
    finally:
        wizard.operations.wait()
        reader.close()
    stored = json.loads(settings_file.read_text("utf-8"))
    assert (stored["profile"], stored["branch"], stored["desk"]) == ("foshan", "FSLIB", "D2")
    assert stored["union"]["url"] == union["url"] and stored["union"]["database"] == str(database.resolve())
    token = stored_token(database)
    assert token and token not in settings_file.read_text("utf-8")  # the desk's token only in the keyring
    assert stored["devices"]["id_reader_port"] == reader.path


def test_desktop_entry_is_valid() -> None:
    validate = shutil.which("desktop-file-validate")
    assert validate, "desktop-file-utils is installed by installer/dev.sh"
    done = subprocess.run([validate, str(ROOT / "installer/linux/carddesk.desktop")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_the_linux_bundle_builds_and_passes_its_self_check(tmp_path: Path, postgres: Any) -> None:
    dist, work = tmp_path / "dist", tmp_path / "work"
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "installer/carddesk.spec"), "--noconfirm",
         "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work)],
        capture_output=True, text=True, cwd=ROOT, timeout=900,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    program = dist / "carddesk" / "carddesk"
    with software_tpm(tmp_path / "tpm") as tcti:
        _check_the_bundle(dist, program, tmp_path, tcti)
    # The union's side works from the bundle too: its schema made (and its migrations found) by `union init`.
    from tests.environments import empty_database

    url = empty_database(postgres, "union_from_bundle")
    init = [str(program), "--profile", "foshan", "union", "init", "--db", url]
    made = subprocess.run(init, capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert made.returncode == 0, made.stderr[-2000:]


def _check_the_bundle(dist: Path, program: Path, tmp_path: Path, tcti: str) -> None:
    # A counter PC with no desktop password store: the desk's secrets are sealed to this PC's TPM (a software
    # TPM here), through the bundle's own code — nothing of the tests' keyrings is in the bundle.
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
                        "XDG_DATA_HOME": str(tmp_path / "data"),
                        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "TPM2TOOLS_TCTI": tcti}  # fmt: skip
    env.pop("PYTHONPATH", None)
    check = subprocess.run(
        [str(program), "--db", str(tmp_path / "desk.sqlite"), "--self-check"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    report = json.loads(check.stdout)
    assert report["frozen"] is True
    assert report["database"]["branches"] > 0
    assert all(str(dist) in path for path in report["print_fonts"])  # the bundle's own fonts
    assert str(dist) in report["qt_translations"]
    assert "WenQuanYi Zen Hei" in report["screen_fonts"]
    branches = subprocess.run(
        [str(program), "--db", str(tmp_path / "desk.sqlite"), "branches", "--json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert branches.returncode == 0 and json.loads(branches.stdout)
    # What the self-check covers (#26.4), each found: the password store, both databases' migrations, devices.
    assert report["secret_store"] == "TpmKeyring" and set(report["migrations"]) == {"desk", "union"}
    assert "serial_ports" in report["devices"] and report["union"].startswith("not joined")
    assert (dist / "carddesk" / "LICENSE").is_file() or (dist / "carddesk" / "_internal" / "LICENSE").is_file()
    # Installed under a scratch root by the release's install.sh, found there, and removed by its uninstall.sh.
    scratch = tmp_path / "root"
    installed = subprocess.run(["sh", str(ROOT / "installer/linux/install.sh"), str(dist / "carddesk")],
                               capture_output=True, text=True, env=os.environ | {"DESTDIR": str(scratch)})  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    assert (scratch / "opt/carddesk/carddesk").is_file() and (scratch / "opt/carddesk/uninstall.sh").is_file()
    assert (scratch / "usr/share/applications/carddesk.desktop").is_file()
    assert os.readlink(scratch / "usr/local/bin/carddesk") == "/opt/carddesk/carddesk"
    removed = subprocess.run(["sh", str(scratch / "opt/carddesk/uninstall.sh")], capture_output=True, text=True,
                             env=os.environ | {"DESTDIR": str(scratch)})  # fmt: skip
    assert removed.returncode == 0, removed.stderr
    assert not (scratch / "opt/carddesk").exists() and not (scratch / "usr/local/bin/carddesk").is_symlink()
    # No debug symbols in what is installed.
    qtcore = next((dist / "carddesk").rglob("libQt6Core.so*"))
    described = subprocess.run(["file", "-L", str(qtcore)], capture_output=True, text=True).stdout
    assert "not stripped" not in described and "with debug_info" not in described, described
    # No demo code in what is installed: no demo data, no demo staff with a known password.
    demo = subprocess.run([str(program), "--db", str(tmp_path / "desk.sqlite"), "demo-data"], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120)  # fmt: skip
    assert demo.returncode == 2 and "演示" in demo.stderr, demo.stderr
    # A PC whose password store cannot keep a secret (and has no TPM) fails the self-check, saying so on one line.
    no_store = {k: v for k, v in env.items() if k != "TPM2TOOLS_TCTI"}
    failing = subprocess.run(
        [str(program), "--db", str(tmp_path / "other.sqlite"), "--self-check"],
        capture_output=True, text=True, env=no_store, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert failing.returncode == 1 and "self-check: " in failing.stderr, failing.stderr
    (tmp_path / "broken.sqlite").write_bytes(b"not a database at all" * 100)
    broken = subprocess.run(
        [str(program), "--db", str(tmp_path / "broken.sqlite"), "--self-check"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert broken.returncode == 1
    assert "error" in json.loads(broken.stdout)


def test_an_installed_desk_has_no_crash_points(monkeypatch: pytest.MonkeyPatch) -> None:
    """CARDDESK_CRASH_AT cuts the power only in runs from source (the tests'): a frozen desk ignores it."""
    import importlib

    import desk_app.crashpoints as crashpoints

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("CARDDESK_CRASH_AT", "refund.claimed")
    frozen = importlib.reload(crashpoints)
    try:
        assert frozen.ARMED is False
        frozen.crashpoint("refund.claimed")  # returns: the process goes on
    finally:
        monkeypatch.delattr(sys, "frozen")
        importlib.reload(crashpoints)
    assert crashpoints.ARMED is True


def test_the_self_check_covers_each_part_and_says_each_failure_on_one_line(tmp_path: Path) -> None:
    from tests.environments import cli_environment

    env = cli_environment(tmp_path) | {"QT_QPA_PLATFORM": "offscreen"}
    run = [sys.executable, "-m", "desk_app", "--db", str(tmp_path / "desk.sqlite"), "--self-check"]
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    for part in ("database", "print_fonts", "qt_translations", "keyring", "migrations", "devices", "union"):
        assert part in report, part
    assert report["keyring"] == "TestKeyring" and "error" not in report
    # No password store, and a database that is not one: two failures, one line each, and exit 1.
    (tmp_path / "broken.sqlite").write_bytes(b"not a database at all" * 100)
    broken = [*run[:3], "--db", str(tmp_path / "broken.sqlite"), "--self-check"]
    failing = subprocess.run(broken, capture_output=True, text=True, timeout=120,
                             env=env | {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})  # fmt: skip
    assert failing.returncode == 1
    lines = [line for line in failing.stderr.splitlines() if line.startswith("self-check: ")]
    assert [line.split(":")[1].strip() for line in lines] == ["database", "secrets"], failing.stderr
    assert json.loads(failing.stdout)["error"].startswith("database: ")


def test_the_windows_installer_has_the_projects_version() -> None:
    import re
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    script = (ROOT / "installer/windows/carddesk.iss").read_text("utf-8")
    assert re.search(r'#define AppVersion "([^"]+)"', script).group(1) == version  # type: ignore[union-attr]
