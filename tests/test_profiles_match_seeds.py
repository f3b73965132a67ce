"""Each profile says what its seed says, point by point; the rules table in docs/ is generated from them."""

from __future__ import annotations

from pathlib import Path

from desk_app.core.policy import CHOICE, PROFILE_NAMES, SERVICE_RULES, load_profile
from desk_app.core.rules_table import render_rules_table
from forms.identity_documents import DocumentType as D

ROOT = Path(__file__).resolve().parent.parent


def test_shenzhen_seed():
    ct = load_profile("shenzhen").card_type("library_city")
    assert ct.deposit_fen == 0  # "apply for free"
    assert ct.children_desk_under_age == 14 and ct.accompany_ages == (3, 8)
    assert ct.virtual_for == {D.RESIDENT_ID}
    assert {D.RESIDENT_ID, D.HOUSEHOLD_REGISTER, D.MILITARY_ID, D.PASSPORT, D.DRIVERS_LICENCE} <= ct.eligibility[
        0
    ].documents


def test_foshan_seed():
    fs = load_profile("foshan")
    id_card, yikatong = fs.card_type("id_card"), fs.card_type("yikatong")
    assert id_card.consent_under_age == yikatong.consent_under_age == 16  # 表A1注
    assert id_card.loan_limit == yikatong.loan_limit == 20  # A.3.2 a)
    assert id_card.deposit_fen == yikatong.deposit_fen == 0  # 表A1 所需费用 无
    assert yikatong.replacement_requires_cancellation and not id_card.replacement_requires_cancellation  # A.4.4
    assert D.RESIDENT_ID in id_card.virtual_for and not yikatong.virtual_for  # A.2.2
    assert len(fs.branches) >= 2


def test_chongqing_seed():
    cq = load_profile("chongqing")
    ct = cq.card_type("student")
    assert (ct.deposit_fen, ct.first_physical_card_free, ct.card_fee_fen) == (0, True, 1000)
    assert (ct.loan_limit, ct.foreign_language_limit) == (8, 3)
    assert (ct.loan_days, ct.renewals, ct.renewal_days) == (30, 1, 30)
    assert (ct.fine_per_day_fen, ct.fine_cap_per_item_fen) == (20, 5000)
    assert ct.fines_paid_where_incurred and ct.consent_always
    assert len(cq.branches) == 11  # 五（四）: the 11 central-city libraries


def test_zhejiang_credit_reading():
    ct = load_profile("zhejiang").card_type("credit_reading")
    # "without deposits": waived on the reader's good record here; the ordinary deposit otherwise.
    assert ct.credit_check_required and ct.deposit_waiver is not None
    assert (ct.deposit_waiver.max_overdue_days, ct.deposit_waiver.months) == (30, 12)
    assert "deposit_waiver" in ct.sources


def test_every_rule_cites_its_source():
    for name in PROFILE_NAMES:
        for ct in load_profile(name).card_types:
            assert {"eligibility", "deposit_fen"} <= set(ct.sources), (name, ct.code)


def test_rules_table_in_docs_is_current():
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert committed == render_rules_table(), "run: carddesk rules-table --out docs/rules.md"


SEEDS = ROOT.parent / "shared" / "seeds"
SEED_OF = {"shenzhen": ("000",), "foshan": ("001",), "chongqing": ("002", "003"), "zhejiang": ("004",)}
# Card-type rules that need a clause whenever they say anything (a value other than "no rule").
STATED = (
    "eligibility", "virtual_for", "deposit_fen", "card_fee_fen", "first_physical_card_free",
    "replacement_requires_cancellation", "loan_limit", "foreign_language_limit", "loan_days", "renewals",
    "renewal_days", "fine_per_day_fen", "fine_cap_per_item_fen", "fines_paid_where_incurred",
    "credit_check_required", "consent_always", "consent_under_age", "accompany_ages", "children_desk_under_age",
    "deposit_waiver", "review_outside_ages",
)  # fmt: skip


def _squash(text: str) -> str:
    import re
    import unicodedata

    return re.sub(r"[\s“”\"'‘’]", "", unicodedata.normalize("NFKC", text))


def _seed_text(name: str) -> str:
    return _squash("".join(p.read_text("utf-8") for code in SEED_OF[name] for p in SEEDS.glob(f"{code}_*.txt")))


def _quoted_from_seed(source: str, seed: str) -> bool:
    """A clause is cited as "CLAUSE: words of the seed"; some run of those words stands in the seed itself."""
    import re

    _clause, _, quote = source.partition(":")
    quote = re.sub(r"\(.*?\)", "", quote)  # a note in brackets is ours
    runs = [r for r in re.split(r"[;；,，。…、]+|\s{2,}", quote) if r.strip()]
    return any(len(_squash(run)) >= 6 and _squash(run) in seed for run in runs)


def _cited(source: str, seed: str) -> bool:
    return source.startswith(CHOICE) or _quoted_from_seed(source, seed)


def test_every_rule_quotes_its_seed_or_is_labelled_a_choice():
    """docs/rules.md gives each rule with its clause quoted, or marks it CardDesk's choice with the reason."""
    assert SEEDS.is_dir(), f"the seeds are read from {SEEDS}"
    problems = []
    for name in PROFILE_NAMES:
        profile, seed = load_profile(name), _seed_text(name)
        for key in SERVICE_RULES:
            source = profile.service.sources.get(key, "")
            if not _cited(source, seed):
                problems.append((name, "service", key, source))
        for ct in profile.card_types:
            for key in STATED:
                value = getattr(ct, key)
                if value in (None, False, frozenset(), ()) and key not in ("eligibility", "deposit_fen"):
                    continue
                source = ct.sources.get(key, "")
                if not _cited(source, seed):
                    problems.append((name, ct.code, key, source))
    assert problems == []


def test_a_clause_not_in_the_seed_is_not_taken_for_a_quote():
    foshan = _seed_text("foshan")
    assert _cited("A.4.3: 读者持本人有效证件到原办证馆办理", foshan)
    assert not _cited("6.3.3: 读者可在任一成员馆注销借阅证，无需回原馆", foshan)
    assert not _cited("", foshan)
    assert _cited("CardDesk's choice: the seed is silent", foshan)
