"""Secrets of the desk, through keyring only, failing closed (never written to the database or a file)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from desk_app.core.errors import DeskError
from desk_app.core.messages import Text

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring is imported by the functions that use it: finding its backends costs start-up time the desk window
# does not need until a secret is asked for.

SERVICE = "CardDesk"
CARD_KEY = "external-card-key"
# The key of this account's desk files (SQLCipher): one per OS account, so a desk file moved or restored on
# this PC still opens, and a file copied off it opens nowhere else.
DESK_FILE_KEY = "desk-file-key"


def _store() -> KeyringBackend:
    """The OS's password store (Windows' Credential Manager, the Secret Service); where there is none, this PC's
    TPM (desk_app.tpm_keyring), so that a counter PC nobody unlocks still keeps its secrets sealed."""
    import keyring

    chosen = keyring.get_keyring()
    if type(chosen).__module__.endswith(".fail"):
        from desk_app.tpm_keyring import TpmKeyring, available

        if available():
            return TpmKeyring()
    return chosen


def store_name() -> str:
    """Which store keeps this desk's secrets (the self-check says it)."""
    return type(_store()).__name__


def card_key() -> bytes:
    """The key that turns a bank card number into its lookup hash; made on first use, kept in the keyring."""
    from keyring.errors import KeyringError

    try:
        stored = _store().get_password(SERVICE, CARD_KEY)
        if stored is None:
            stored = secrets.token_hex(32)
            _store().set_password(SERVICE, CARD_KEY, stored)
    except (KeyringError, RuntimeError, EOFError) as err:  # EOFError: a backend asked for a password
        raise DeskError("external.no_key") from err
    return bytes.fromhex(stored)


def _central_entry(url: str, user: str) -> str:
    # Where a desk registered with the old central database kept that database's password.
    return f"central:{user}@{url}"


def store_secret(entry: str, value: str) -> None:
    """A secret of this desk into the keyring (never a file); fails closed with what to install."""
    from keyring.errors import KeyringError

    try:
        _store().set_password(SERVICE, entry, value)
    except (KeyringError, RuntimeError, EOFError) as err:  # EOFError: a backend asked for a password
        raise DeskError("setup.keyring_unavailable", reason=keyring_reason(err)) from err


def secret(entry: str) -> str | None:
    from keyring.errors import KeyringError

    try:
        return _store().get_password(SERVICE, entry)
    except (KeyringError, RuntimeError, EOFError) as err:  # EOFError: a backend asked for a password
        raise DeskError("setup.keyring_unavailable", reason=keyring_reason(err)) from err


def delete_secret(entry: str) -> None:
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        _store().delete_password(SERVICE, entry)
    except PasswordDeleteError:
        return  # already gone
    except (KeyringError, RuntimeError, EOFError) as err:
        raise DeskError("setup.keyring_unavailable", reason=keyring_reason(err)) from err


def forget_central_password(url: str, user: str) -> None:
    """A desk that moved to the union service keeps no database password (its keyring entry is deleted)."""
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        _store().delete_password(SERVICE, _central_entry(url, user))
    except PasswordDeleteError:
        pass  # there was none
    except (KeyringError, RuntimeError, EOFError) as err:  # EOFError: a backend asked for a password
        raise DeskError("setup.keyring_unavailable", reason=keyring_reason(err)) from err


def desk_file_key() -> bytes:
    """The 256-bit key of this account's desk files, made the first time it is asked for (under a lock, so
    two desk processes started together on a new PC never make two)."""
    stored = secret(DESK_FILE_KEY)
    if stored is None:
        with _creation_lock():
            stored = secret(DESK_FILE_KEY)
            if stored is None:
                store_secret(DESK_FILE_KEY, secrets.token_hex(32))
                stored = secret(DESK_FILE_KEY)
    if stored is None:
        raise DeskError(
            "setup.keyring_unavailable", reason=Text("密码库没有保存下密钥", "the keyring did not keep the key")
        )
    return bytes.fromhex(stored)


@contextmanager
def _creation_lock(timeout: float = 10.0) -> Iterator[None]:
    """A lock file beside the desk's data (O_EXCL works on every platform); one left by a crash is taken
    over after `timeout` seconds."""
    import time

    from platformdirs import user_data_path

    from db.engine import new_private_file

    folder = user_data_path("CardDesk", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / ".desk-file-key.lock"
    deadline = time.monotonic() + timeout
    while True:
        try:
            new_private_file(lock)
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                lock.unlink(missing_ok=True)
                deadline = time.monotonic() + timeout
            time.sleep(0.05)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def keyring_reason(err: BaseException) -> Text:
    """What is missing, in words the set-up and the start-failure window show (the raw error goes to the log):
    no password store at all, one that waits for a password nobody sees, or one that is locked."""
    import logging

    import keyring

    from desk_app.tpm_keyring import TpmRefusedError

    logging.getLogger(__name__).info("keyring failed: %s: %s", type(err).__name__, err)
    if isinstance(err, TpmRefusedError):
        return Text(
            "本机的 TPM 解不开封存的密钥：这些密钥是在另一台电脑上封存的（文件夹被复制过来？），或已损坏",
            "this PC's TPM cannot unseal the keys: they were sealed on another PC (a copied folder?), or damaged",
        )
    backend = type(keyring.get_keyring()).__module__
    if backend.endswith(".fail") or "no recommended backend" in str(err).lower():
        return Text(
            "本机没有系统密码库。无人值守的 Linux 柜台电脑请安装 tpm2-tools 并让本账号使用 TPM（加入 tss 组）；"
            "有桌面的请安装 gnome-keyring（或 KWallet）并设为登录时自动解锁；Windows 使用系统自带的“凭据管理器”",
            "this PC has no password store. An unattended Linux counter PC: install tpm2-tools and let this account "
            "use the TPM (group tss); with a desktop: gnome-keyring (or KWallet) unlocked at login; Windows uses "
            "its Credential Manager",
        )
    if isinstance(err, EOFError):
        return Text(
            "密码库在等人输入解锁密码，但没有人能看到这个提示：请改用登录时自动解锁的系统密码库",
            "the password store waits for a password on a terminal nobody sees: use the system store that is "
            "unlocked at login",
        )
    if "lock" in str(err).lower() or "dismissed" in str(err).lower():
        return Text(
            "系统密码库已锁定：请登录桌面解锁，或设为登录时自动解锁",
            "the system password store is locked: unlock it by signing in, or have it unlocked at login",
        )
    return Text("系统密码库出错（详情已记入日志）", "the system password store failed (the details are in the log)")
