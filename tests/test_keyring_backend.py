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


def test_a_missing_or_prompting_password_store_is_said_with_what_to_install():  # type: ignore[no-untyped-def]
    """#27.10: no store at all, or one that waits for a password nobody sees, is said in words naming what to
    install; never keyring's English or "EOFError"."""
    import keyring
    import pytest
    from keyring.backend import KeyringBackend
    from keyring.backends import fail

    from desk_app.core.errors import DeskError
    from desk_app.secrets import secret, store_secret

    class Prompting(KeyringBackend):  # as keyrings.alt's encrypted file asks on a terminal
        priority = 1  # type: ignore[assignment]

        def get_password(self, service, username):  # type: ignore[no-untyped-def]
            raise EOFError

        def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
            raise EOFError

        def delete_password(self, service, username):  # type: ignore[no-untyped-def]
            raise EOFError

    previous = keyring.get_keyring()
    try:
        keyring.set_keyring(fail.Keyring())
        with pytest.raises(DeskError) as missing:
            secret("desk-file-key")
        assert "gnome-keyring" in missing.value.message() and "凭据管理器" in missing.value.message()
        assert "Credential Manager" in missing.value.message("en")
        keyring.set_keyring(Prompting())
        with pytest.raises(DeskError) as prompting:
            store_secret("union-token", "x")
        said = prompting.value.message()
        assert "没有人能看到" in said and "EOFError" not in said
    finally:
        keyring.set_keyring(previous)
