"""Demo data obeys the rules and has what a demo needs; settings round-trip and survive a bad file."""

from __future__ import annotations

import json

import pytest

from desk_app.core.entities import CardStatus, LedgerKind
from desk_app.core.policy import PROFILE_NAMES, load_profile
from desk_app.demo.demo_data import make_demo_data
from desk_app.settings import load_settings, save_settings
from tests.conftest import NOW
from tests.fakes import FakeUnitOfWork


@pytest.mark.parametrize("profile_name", PROFILE_NAMES)
def test_demo_data_for_every_profile(profile_name):
    fake = FakeUnitOfWork()
    summary = make_demo_data(lambda: fake, load_profile(profile_name), readers=25, clock=lambda: NOW)
    assert summary.readers == 25 and summary.refused == 0
    statuses = [card.status for card in fake.cards.where()]
    assert statuses.count(CardStatus.LOST) == 3 and statuses.count(CardStatus.CANCELLED) == 1
    assert fake.loans.where()
    # Zhejiang's credit card is for adults only; every other profile serves minors with a guardian.
    assert bool(fake.guardians.where()) == (profile_name != "zhejiang")
    deposits = fake.ledger.where(kind=LedgerKind.DEPOSIT_TAKEN)
    assert bool(deposits) == (profile_name == "foshan")
    assert all(entry.amount_fen == 10000 for entry in deposits)


def test_demo_data_is_repeatable():
    def names(seed):
        fake = FakeUnitOfWork()
        make_demo_data(lambda: fake, load_profile("shenzhen"), readers=5, seed=seed, clock=lambda: NOW)
        return sorted(r.name for r in fake.readers.where())

    assert names(1) == names(1) != names(2)


def test_settings_round_trip_and_ignore_wrong_types(tmp_path):
    path = tmp_path / "settings.json"
    assert load_settings(path)["profile"] == "foshan"
    save_settings({**load_settings(path), "profile": "chongqing", "branch": "SPBLIB"}, path)
    assert load_settings(path)["profile"] == "chongqing"
    path.write_text(json.dumps({"profile": 7, "desk": "D3"}), "utf-8")
    values = load_settings(path)
    assert values["profile"] == "foshan" and values["desk"] == "D3"


def test_a_damaged_settings_file_gives_defaults_and_is_kept(tmp_path, caplog):
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"profile": "chongq')
    assert load_settings(path)["profile"] == "foshan"
    assert path.read_bytes() == b'{"profile": "chongq'
    assert "settings file is damaged" in caplog.text
