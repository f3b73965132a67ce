"""Secrets of the desk, through keyring only, failing closed (never written to the database or a file)."""

from __future__ import annotations

import secrets

import keyring
from keyring.errors import KeyringError

from desk_app.core.errors import DeskError

SERVICE = "CardDesk"
CARD_KEY = "external-card-key"


def card_key() -> bytes:
    """The key that turns a bank card number into its lookup hash; made on first use, kept in the keyring."""
    try:
        stored = keyring.get_password(SERVICE, CARD_KEY)
        if stored is None:
            stored = secrets.token_hex(32)
            keyring.set_password(SERVICE, CARD_KEY, stored)
    except (KeyringError, RuntimeError) as err:
        raise DeskError("external.no_key") from err
    return bytes.fromhex(stored)
