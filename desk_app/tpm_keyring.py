"""A password store for a counter PC that nobody unlocks: each secret sealed to this PC's TPM 2.0.

A Linux counter PC often has no desktop password store (no Secret Service), or one that waits for a password
at login that nobody types (an auto-login kiosk). The desk's secrets (its union token, its file key) are then
sealed by the PC's own TPM through tpm2-tools: the sealed blobs live in the desk's data folder (mode 0600), and
only this TPM opens them. A copied folder, a pulled disk, or a restored backup on another PC opens nothing;
someone holding the running PC and this user's account can, as with any unattended store (see docs/union.md,
"The desk's file at rest"). Windows keeps using its Credential Manager, and a desktop its Secret Service: this
store is chosen only where neither exists, or when IT names it (PYTHON_KEYRING_BACKEND).

The TPM is reached as tpm2-tools reach it: the kernel's resource manager (/dev/tpmrm0, the user in group
`tss`), or $TPM2TOOLS_TCTI (the tests' software TPM).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringError, PasswordDeleteError

DEVICE = Path("/dev/tpmrm0")
MAX_SECRET = 128  # what a TPM 2.0 seals at most in one object
TOOLS = ("tpm2_createprimary", "tpm2_create", "tpm2_load", "tpm2_unseal", "tpm2_flushcontext")


class TpmUnavailableError(KeyringError):
    """No TPM 2.0 can be reached here, or tpm2-tools are not installed."""


class TpmRefusedError(KeyringError):
    """The TPM would not unseal: the blobs were sealed by another PC's TPM (a copied folder), or were damaged."""


def available() -> bool:
    if any(shutil.which(tool) is None for tool in TOOLS):
        return False
    return bool(os.environ.get("TPM2TOOLS_TCTI")) or os.access(DEVICE, os.R_OK | os.W_OK)


def default_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path("CardDesk", appauthor=False) / "tpm-sealed"


class TpmKeyring(KeyringBackend):
    """Each secret is its own sealed object under the TPM's storage primary key, made again on every use
    from the owner hierarchy (the same key on the same TPM, so nothing of it is kept on disk)."""

    @properties.classproperty
    def priority(cls) -> float:
        if not available():
            raise TpmUnavailableError("no TPM 2.0 or tpm2-tools")
        # Below the Secret Service and Windows' Credential Manager (5): chosen only where they are missing.
        return 0.5

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.folder = folder or default_folder()
        self._known: dict[tuple[str, str], str] = {}  # unsealed once per process

    def _entry(self, service: str, username: str) -> Path:
        return self.folder / hashlib.sha256(f"{service}\0{username}".encode()).hexdigest()[:32]

    def get_password(self, service: str, username: str) -> str | None:
        if (service, username) in self._known:
            return self._known[(service, username)]
        entry = self._entry(service, username)
        if not (entry.with_suffix(".pub").exists() and entry.with_suffix(".priv").exists()):
            return None
        with tempfile.TemporaryDirectory(prefix="carddesk-tpm-") as work:
            primary, sealed = Path(work) / "primary.ctx", Path(work) / "sealed.ctx"
            self._primary(primary)
            self._run("tpm2_load", "-Q", "-C", str(primary), "-u", str(entry.with_suffix(".pub")),
                      "-r", str(entry.with_suffix(".priv")), "-c", str(sealed), refused=True)  # fmt: skip
            value = self._run("tpm2_unseal", "-c", str(sealed), refused=True).decode()
        self._known[(service, username)] = value
        return value

    def set_password(self, service: str, username: str, password: str) -> None:
        data = password.encode()
        if len(data) > MAX_SECRET:
            raise KeyringError(f"a TPM seals at most {MAX_SECRET} bytes")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o700)
        entry = self._entry(service, username)
        with tempfile.TemporaryDirectory(prefix="carddesk-tpm-", dir=self.folder) as work:
            primary, public, private = Path(work) / "primary.ctx", Path(work) / "s.pub", Path(work) / "s.priv"
            self._primary(primary)
            self._run("tpm2_create", "-Q", "-C", str(primary), "-i", "-", "-u", str(public), "-r", str(private),
                      stdin=data)  # fmt: skip
            for made, suffix in ((public, ".pub"), (private, ".priv")):
                made.chmod(0o600)
                made.replace(entry.with_suffix(suffix))  # each blob whole at its name, or the old one
        self._known[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        entry = self._entry(service, username)
        found = [p for p in (entry.with_suffix(".pub"), entry.with_suffix(".priv")) if p.exists()]
        if not found:
            raise PasswordDeleteError("no such secret")
        for path in found:
            path.unlink()
        self._known.pop((service, username), None)

    def _primary(self, context: Path) -> None:
        self._run("tpm2_createprimary", "-Q", "-C", "o", "-g", "sha256", "-G", "ecc", "-c", str(context))

    def _run(self, tool: str, *args: str, stdin: bytes | None = None, refused: bool = False) -> bytes:
        if not available():
            raise TpmUnavailableError("no TPM 2.0 or tpm2-tools")
        done = subprocess.run([tool, *args], input=stdin, capture_output=True, timeout=60, check=False)
        # Without the kernel's resource manager (a software TPM) objects stay loaded: free them each time.
        subprocess.run(["tpm2_flushcontext", "-t"], capture_output=True, timeout=60, check=False)
        if done.returncode:
            error = TpmRefusedError if refused else KeyringError
            raise error(f"{tool}: {done.stderr.decode(errors='replace').strip()[-300:]}")
        return done.stdout
