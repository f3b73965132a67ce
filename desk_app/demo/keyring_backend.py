"""A keyring for the demo and the tests on a machine with no desktop keyring: keyrings.alt's encrypted file,
keyed without a prompt (never a plaintext file). Real desks use the system's keyring (docs/installer.md)."""

from __future__ import annotations

import os

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
