"""A real keyring backend for subprocesses in tests: keyrings.alt's encrypted file, keyed from the
environment (never a plaintext file)."""

from __future__ import annotations

import os

from keyrings.alt.file import EncryptedKeyring


class TestKeyring(EncryptedKeyring):
    __test__ = False  # not a pytest test class

    @property
    def file_path(self) -> str:  # type: ignore[override]
        return os.environ["CARDDESK_TEST_KEYRING"]

    def _get_new_password(self) -> str:
        return "carddesk-test-keyring"

    def _unlock(self) -> None:
        self.keyring_key = "carddesk-test-keyring"


def test_the_backend_keeps_secrets_encrypted(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CARDDESK_TEST_KEYRING", str(tmp_path / "k.cfg"))
    backend = TestKeyring()
    backend.set_password("CardDesk", "central:desk@x", "s3cret-value")
    assert backend.get_password("CardDesk", "central:desk@x") == "s3cret-value"
    assert "s3cret-value" not in (tmp_path / "k.cfg").read_text()
