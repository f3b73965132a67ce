"""Card types and policies as data: each library profile is a TOML file under `profiles/`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from desk_app.core.entities import Branch
from desk_app.core.errors import DeskError
from desk_app.core.messages import Text
from forms.identity_documents import DocumentType

PROFILE_NAMES = ("shenzhen", "foshan", "chongqing", "zhejiang")


@dataclass(frozen=True)
class Eligibility:
    """One way into a card type: these documents, at these ages (inclusive); None leaves a side open."""

    documents: frozenset[DocumentType]
    min_age: int | None = None
    max_age: int | None = None

    def admits(self, doc_type: DocumentType, age: int) -> bool:
        return (
            doc_type in self.documents
            and (self.min_age is None or age >= self.min_age)
            and (self.max_age is None or age <= self.max_age)
        )


@dataclass(frozen=True)
class DepositWaiver:
    """The deposit is waived when, over the last `months` months (and for anything still out), no loan was
    overdue by more than `max_overdue_days` and no fine was left unpaid."""

    max_overdue_days: int
    months: int


@dataclass(frozen=True)
class CardType:
    code: str
    name_zh: str
    name_en: str
    eligibility: tuple[Eligibility, ...]
    # Registrations with these documents get a virtual number: the document itself is the card.
    virtual_for: frozenset[DocumentType]
    deposit_fen: int
    # None where the seed sets no value; the rules then charge nothing and limit nothing.
    card_fee_fen: int | None
    first_physical_card_free: bool
    replacement_requires_cancellation: bool
    loan_limit: int | None
    foreign_language_limit: int | None
    loan_days: int | None
    renewals: int | None
    renewal_days: int | None
    fine_per_day_fen: int | None
    fine_cap_per_item_fen: int | None
    fines_paid_where_incurred: bool
    credit_check_required: bool
    consent_always: bool
    consent_under_age: int | None
    accompany_ages: tuple[int, int] | None
    children_desk_under_age: int | None
    guardian_min_age: int
    sources: dict[str, str] = field(default_factory=dict)
    # Zhejiang's credit reading: the deposit is waived while the reader's own record here is good.
    deposit_waiver: DepositWaiver | None = None
    # A batch row of a reader outside these ages goes to review, not refused (a parent's number typed?).
    review_outside_ages: tuple[int, int] | None = None

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang.startswith("en") else self.name_zh

    @property
    def text(self) -> Text:
        return Text(self.name_zh, self.name_en)


@dataclass(frozen=True)
class ExternalIssuer:
    """Another issuer whose cards a library accepts as reader cards."""

    code: str
    name_zh: str
    kind: str  # "bank" (a co-branded credit card: never stored in clear) or "social_security"
    card_type: str


# The rules of a library's service that are not a card type's. Every profile states each one, with the clause of
# its seed or labelled "CardDesk's choice: ..." (docs/rules.md; a test holds every profile to it).
SERVICE_RULES = (
    "cancel_at_home_branch",
    "replace_at_home_branch",
    "phone_loss",
    "phone_loss_questions",
    "refund_guardian_under_age",
    "refund_needs_card",
    "swap_old_card",
    "refund_proxy_power_of_attorney",
    "default_password",
    "password_rule",
    "guardian_min_age",
    "batch_template",
    "consent_wording",
    "branches",
)
CHOICE = "CardDesk's choice"


@dataclass(frozen=True)
class ConsentWording:
    """The guardian's consent as the seed words it, or empty: the desk then words a neutral one from the rules."""

    title: str = ""
    text: str = ""


@dataclass(frozen=True)
class ServiceRules:
    cancel_at_home_branch: bool
    replace_at_home_branch: bool
    phone_loss: bool
    refund_guardian_under_age: int | None
    refund_needs_card: bool
    # Chongqing 五（五）: an old deposit card is swapped for the free card, its deposit refunded at home.
    swap_old_card: bool
    # "citizen_last_six": the last six characters of a citizen number; other documents get a random one.
    default_password: str
    batch_template: str  # "school" or "unit"
    consent: ConsentWording
    sources: dict[str, str]


@dataclass(frozen=True)
class Profile:
    code: str
    name_zh: str
    name_en: str
    timezone: str
    card_number_prefix: str
    default_card_type: str
    branches: tuple[Branch, ...]
    card_types: tuple[CardType, ...]
    source: str
    # Foshan A.4.1: a loss by telephone, once the caller answers enough of these.
    phone_loss_questions: tuple[str, ...] = ()
    phone_loss_min_correct: int = 2
    external_issuers: tuple[ExternalIssuer, ...] = ()
    # Foshan 6.4.7 asks an agent for a power of attorney; Chongqing 五（五） only for the principal's card
    # and documents and the agent's own.
    refund_proxy_power_of_attorney: bool = True
    service: ServiceRules = field(
        default_factory=lambda: ServiceRules(
            True, True, True, None, True, False, "citizen_last_six", "unit", ConsentWording(), {}
        )
    )

    def issuer(self, code: str) -> ExternalIssuer:
        for issuer in self.external_issuers:
            if issuer.code == code:
                return issuer
        raise DeskError("external.unknown_issuer", issuer=code)

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang.startswith("en") else self.name_zh

    def card_type(self, code: str) -> CardType:
        for card_type in self.card_types:
            if card_type.code == code:
                return card_type
        raise DeskError("card.type_unknown", card_type=code)

    def branch(self, code: str) -> Branch:
        for branch in self.branches:
            if branch.code == code:
                return branch
        raise DeskError("branch.unknown", code=code)


def _card_type(raw: dict[str, Any]) -> CardType:
    accompany = raw.get("accompany_ages")
    return CardType(
        code=raw["code"],
        name_zh=raw["name_zh"],
        name_en=raw["name_en"],
        eligibility=tuple(
            Eligibility(
                documents=frozenset(DocumentType(d) for d in rule["documents"]),
                min_age=rule.get("min_age"),
                max_age=rule.get("max_age"),
            )
            for rule in raw["eligibility"]
        ),
        virtual_for=frozenset(DocumentType(d) for d in raw.get("virtual_for", [])),
        deposit_fen=raw["deposit_fen"],
        card_fee_fen=raw.get("card_fee_fen"),
        first_physical_card_free=raw.get("first_physical_card_free", False),
        replacement_requires_cancellation=raw.get("replacement_requires_cancellation", False),
        loan_limit=raw.get("loan_limit"),
        foreign_language_limit=raw.get("foreign_language_limit"),
        loan_days=raw.get("loan_days"),
        renewals=raw.get("renewals"),
        renewal_days=raw.get("renewal_days"),
        fine_per_day_fen=raw.get("fine_per_day_fen"),
        fine_cap_per_item_fen=raw.get("fine_cap_per_item_fen"),
        fines_paid_where_incurred=raw.get("fines_paid_where_incurred", False),
        credit_check_required=raw.get("credit_check_required", False),
        consent_always=raw.get("consent_always", False),
        consent_under_age=raw.get("consent_under_age"),
        accompany_ages=(accompany[0], accompany[1]) if accompany else None,
        children_desk_under_age=raw.get("children_desk_under_age"),
        guardian_min_age=raw.get("guardian_min_age", 18),
        sources=dict(raw.get("sources", {})),
        deposit_waiver=DepositWaiver(waiver["max_overdue_days"], waiver["months"])
        if (waiver := raw.get("deposit_waiver"))
        else None,
        review_outside_ages=(ages[0], ages[1]) if (ages := raw.get("review_outside_ages")) else None,
    )


def parse_profile(text: str) -> Profile:
    raw = tomllib.loads(text)
    return Profile(
        code=raw["code"],
        name_zh=raw["name_zh"],
        name_en=raw["name_en"],
        timezone=raw["timezone"],
        card_number_prefix=raw["card_number_prefix"],
        default_card_type=raw["default_card_type"],
        branches=tuple(Branch(code=b["code"], name=b["name"]) for b in raw["branches"]),
        card_types=tuple(_card_type(ct) for ct in raw["card_types"]),
        source=raw["source"],
        phone_loss_questions=tuple(raw["service"].get("phone_loss_questions", ())),
        phone_loss_min_correct=raw["service"].get("phone_loss_min_correct", 2),
        external_issuers=tuple(
            ExternalIssuer(e["code"], e["name_zh"], e["kind"], e["card_type"]) for e in raw.get("external_cards", [])
        ),
        refund_proxy_power_of_attorney=raw["service"]["refund_proxy_power_of_attorney"],
        service=_service(raw["service"]),
    )


def _service(raw: dict[str, Any]) -> ServiceRules:
    consent = raw.get("consent_wording", {})
    return ServiceRules(
        cancel_at_home_branch=raw["cancel_at_home_branch"],
        replace_at_home_branch=raw["replace_at_home_branch"],
        phone_loss=raw["phone_loss"],
        refund_guardian_under_age=raw.get("refund_guardian_under_age"),
        refund_needs_card=raw["refund_needs_card"],
        swap_old_card=raw["swap_old_card"],
        default_password=raw["default_password"],
        batch_template=raw["batch_template"],
        consent=ConsentWording(consent.get("title", ""), consent.get("text", "")),
        sources=dict(raw["sources"]),
    )


@cache
def load_profile(name: str) -> Profile:
    if name not in PROFILE_NAMES:
        raise DeskError("profile.unknown", name=name, choices=", ".join(PROFILE_NAMES))
    text = resources.files("desk_app.core").joinpath("profiles", f"{name}.toml").read_text("utf-8")
    return parse_profile(text)
