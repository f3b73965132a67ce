"""The password store of a counter PC nobody unlocks: secrets sealed to the PC's TPM 2.0, tried against a real
software TPM (swtpm) through tpm2-tools, as a PC's /dev/tpmrm0 would be."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from desk_app.core.errors import DeskError
from desk_app.tpm_keyring import TpmKeyring, TpmRefusedError
from tests.tcp_proxy import free_port


def _start_swtpm(state: Path) -> tuple[subprocess.Popen[bytes], str]:
    while True:
        port = free_port()
        control = port + 1  # where tpm2-tools' swtpm TCTI looks for the control channel
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", control)) != 0:
                break
    tpm = subprocess.Popen(
        ["swtpm", "socket", "--tpm2", "--tpmstate", f"dir={state}", "--server", f"type=tcp,port={port}",
         "--ctrl", f"type=tcp,port={control}", "--flags", "not-need-init,startup-clear",
         # As root swtpm would become user tss, who cannot enter pytest's private folders.
         *(["--runas", "root"] if os.getuid() == 0 else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return tpm, f"swtpm:host=127.0.0.1,port={port}"


def _answers(tpm: subprocess.Popen[bytes], tcti: str) -> bool:
    deadline = time.monotonic() + 10
    while subprocess.run(["tpm2_getrandom", "4"], env={**os.environ, "TPM2TOOLS_TCTI": tcti},
                         capture_output=True, check=False).returncode:  # fmt: skip
        if tpm.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@contextmanager
def software_tpm(state: Path) -> Iterator[str]:
    """A TPM 2.0 of its own (another PC's, when started on another state folder); yields its TCTI."""
    if shutil.which("swtpm") is None or shutil.which("tpm2_unseal") is None:
        pytest.fail("swtpm or tpm2-tools is missing: installer/dev.sh installs swtpm and tpm2-tools")
    state.mkdir(parents=True, exist_ok=True)
    # A free port may be taken again before swtpm binds it, and the control channel's port beside it may never
    # have been free: a TPM that does not answer is started again on other ports.
    for _attempt in range(3):
        tpm, tcti = _start_swtpm(state)
        if _answers(tpm, tcti):
            break
        tpm.kill()
        tpm.wait(10)
    else:
        raise RuntimeError("swtpm did not start")
    try:
        yield tcti
    finally:
        tpm.terminate()
        tpm.wait(10)


@pytest.fixture
def this_pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with software_tpm(tmp_path / "tpm-a") as tcti:
        monkeypatch.setenv("TPM2TOOLS_TCTI", tcti)
        yield tcti


def test_a_secret_sealed_to_this_pcs_tpm_comes_back_and_nothing_readable_is_on_disk(
    this_pc: str, tmp_path: Path
) -> None:
    store = TpmKeyring(tmp_path / "sealed")
    assert TpmKeyring.priority == 0.5  # below the desktop stores: chosen only where they are missing
    token = "d1e5f7a0b2c4" * 5
    store.set_password("CardDesk", "union-token", token)
    assert TpmKeyring(tmp_path / "sealed").get_password("CardDesk", "union-token") == token  # a new process
    assert TpmKeyring(tmp_path / "sealed").get_password("CardDesk", "other") is None
    for path in (tmp_path / "sealed").iterdir():
        assert token.encode() not in path.read_bytes() and path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "sealed").stat().st_mode & 0o777 == 0o700
    store.delete_password("CardDesk", "union-token")
    assert TpmKeyring(tmp_path / "sealed").get_password("CardDesk", "union-token") is None


def test_a_copied_folder_opens_on_no_other_pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with software_tpm(tmp_path / "tpm-a") as tcti:
        monkeypatch.setenv("TPM2TOOLS_TCTI", tcti)
        TpmKeyring(tmp_path / "sealed").set_password("CardDesk", "desk-file-key", "ab" * 32)
    shutil.copytree(tmp_path / "sealed", tmp_path / "stolen")
    with software_tpm(tmp_path / "tpm-b") as other:  # the thief's PC
        monkeypatch.setenv("TPM2TOOLS_TCTI", other)
        with pytest.raises(TpmRefusedError):
            TpmKeyring(tmp_path / "stolen").get_password("CardDesk", "desk-file-key")


def test_a_pc_without_a_password_store_keeps_the_desks_secrets_in_its_tpm(
    this_pc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#27.10: no Secret Service and nobody to unlock one: the desk's file key and token go to the TPM, and
    the desk opens its encrypted file unattended."""
    from desk_app.bootstrap import open_desk
    from desk_app.secrets import desk_file_key, secret, store_secret

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store_secret("union-token:desk", "t0ken")
        assert secret("union-token:desk") == "t0ken"
        key = desk_file_key()
        desk = open_desk(tmp_path / "desk.sqlite", "foshan")
        desk.close()
        assert list((tmp_path / "data" / "CardDesk" / "tpm-sealed").glob("*.priv"))
        assert desk_file_key() == key
    finally:
        keyring.set_keyring(previous)


def test_a_tpm_that_refuses_is_said_in_words(this_pc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desk_app.secrets import secret

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with software_tpm(tmp_path / "tpm-b") as other:
        previous = keyring.get_keyring()
        keyring.set_keyring(fail.Keyring())
        try:
            from desk_app.secrets import store_secret

            store_secret("union-token:desk", "t0ken")
            monkeypatch.setenv("TPM2TOOLS_TCTI", other)  # the folder read on another PC's TPM
            with pytest.raises(DeskError) as refused:
                secret("union-token:desk")
        finally:
            keyring.set_keyring(previous)
    assert "另一台电脑" in refused.value.message() and "another PC" in refused.value.message("en")
