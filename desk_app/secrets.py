"""Secrets of the desk, through keyring only, failing closed (never written to the database or a file)."""

from __future__ import annotations

import secrets

from desk_app.core.errors import DeskError

# keyring is imported by the functions that use it: finding its backends costs start-up time the desk window
# does not need until a secret is asked for.

SERVICE = "CardDesk"
CARD_KEY = "external-card-key"


def card_key() -> bytes:
    """The key that turns a bank card number into its lookup hash; made on first use, kept in the keyring."""
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(SERVICE, CARD_KEY)
        if stored is None:
            stored = secrets.token_hex(32)
            keyring.set_password(SERVICE, CARD_KEY, stored)
    except (KeyringError, RuntimeError) as err:
        raise DeskError("external.no_key") from err
    return bytes.fromhex(stored)


def _central_entry(url: str, user: str) -> str:
    # Where a desk registered with the old central database kept that database's password.
    return f"central:{user}@{url}"


def store_secret(entry: str, value: str) -> None:
    """A secret of this desk into the keyring (never a file); fails closed with what to install."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, entry, value)
    except (KeyringError, RuntimeError) as err:
        raise DeskError("setup.keyring_unavailable", reason=str(err) or type(err).__name__) from err


def secret(entry: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, entry)
    except (KeyringError, RuntimeError) as err:
        raise DeskError("setup.keyring_unavailable", reason=str(err) or type(err).__name__) from err


def forget_central_password(url: str, user: str) -> None:
    """A desk that moved to the union service keeps no database password (its keyring entry is deleted)."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, _central_entry(url, user))
    except PasswordDeleteError:
        pass  # there was none
    except (KeyringError, RuntimeError) as err:
        raise DeskError("setup.keyring_unavailable", reason=str(err) or type(err).__name__) from err
