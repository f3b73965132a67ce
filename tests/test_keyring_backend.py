"""A real keyring backend for subprocesses in tests: keyrings.alt's encrypted file, keyed from the
environment (never a plaintext file)."""

from __future__ import annotations

from desk_app.demo.keyring_backend import FileKeyring


class TestKeyring(FileKeyring):
    __test__ = False  # not a pytest test class
    path_variable = "CARDDESK_TEST_KEYRING"
    key = "carddesk-test-keyring"


def test_the_backend_keeps_secrets_encrypted(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CARDDESK_TEST_KEYRING", str(tmp_path / "k.cfg"))
    backend = TestKeyring()
    backend.set_password("CardDesk", "central:desk@x", "s3cret-value")
    assert backend.get_password("CardDesk", "central:desk@x") == "s3cret-value"
    assert "s3cret-value" not in (tmp_path / "k.cfg").read_text()
