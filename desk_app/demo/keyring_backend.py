"""A keyring for the demo and the tests on a machine with no desktop keyring: keyrings.alt's encrypted file,
keyed without a prompt (never a plaintext file). Real desks use the system's keyring (docs/installer.md)."""

from __future__ import annotations

import os
from pathlib import Path

from keyrings.alt.file import EncryptedKeyring


class FileKeyring(EncryptedKeyring):  # type: ignore[misc]  # keyrings.alt has no types
    """The file named by $CARDDESK_FILE_KEYRING; its key is fixed, so it only hides what a demo holds."""

    path_variable = "CARDDESK_FILE_KEYRING"
    key = "carddesk-demo-keyring"

    @property
    def file_path(self) -> str:
        return os.environ[self.path_variable]

    def _get_new_password(self) -> str:
        return self.key

    def _unlock(self) -> None:
        self.keyring_key = self.key


def use_file_keyring(path: Path) -> None:
    """This process and those it starts keep their secrets in the file keyring at `path`, unless a keyring
    was chosen already (the benchmarks and the demo on a machine without a desktop keyring)."""
    import keyring

    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ["PYTHON_KEYRING_BACKEND"] = f"{FileKeyring.__module__}.FileKeyring"
    os.environ["CARDDESK_FILE_KEYRING"] = str(path)
    keyring.set_keyring(FileKeyring())
