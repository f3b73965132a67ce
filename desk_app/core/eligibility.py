"""Which card types a person may have, from their documents and age."""

from __future__ import annotations

from desk_app.core.errors import DeskError
from desk_app.core.messages import Text
from desk_app.core.policy import CardType, Profile
from forms.identity_documents import SPECS, DocumentType


def admitting_document(card_type: CardType, documents: list[DocumentType], age: int) -> DocumentType | None:
    """The first presented document through which this card type admits the person, if any."""
    for doc_type in documents:
        if any(rule.admits(doc_type, age) for rule in card_type.eligibility):
            return doc_type
    return None


def eligible_card_types(profile: Profile, documents: list[DocumentType], age: int) -> list[CardType]:
    return [ct for ct in profile.card_types if admitting_document(ct, documents, age) is not None]


def card_type_for(profile: Profile, documents: list[DocumentType], age: int, code: str | None = None) -> CardType:
    """The one asked for; else the profile's default where it fits, else the first that fits."""
    if code:
        return profile.card_type(code)
    fitting = eligible_card_types(profile, documents, age)
    preferred = [ct for ct in fitting if ct.code == profile.default_card_type]
    return (preferred or fitting or [profile.card_type(profile.default_card_type)])[0]


def card_type_for_document(profile: Profile, doc_type: DocumentType, age: int | None) -> CardType | None:
    """The card type a form offers first for this document (the profile's default where it admits it), at this
    age when it is known yet: a passport read at the counter asks for the "一卡通", not the ID-card type."""
    fitting = [
        ct for ct in profile.card_types
        if any(doc_type in rule.documents and (age is None or rule.admits(doc_type, age)) for rule in ct.eligibility)
    ]  # fmt: skip
    preferred = [ct for ct in fitting if ct.code == profile.default_card_type]
    chosen = preferred or fitting
    return chosen[0] if chosen else None


def require_eligible(card_type: CardType, documents: list[DocumentType], age: int) -> DocumentType:
    found = admitting_document(card_type, documents, age)
    if found is not None:
        return found
    reason = Text(
        f"{age}周岁，证件：{'、'.join(SPECS[d].name_zh for d in documents)}",
        f"age {age}, documents: {', '.join(SPECS[d].name_en for d in documents)}",
    )
    raise DeskError("card.not_eligible", card_type_name=card_type.text, reason=reason)


def require_usual_age_at_the_counter(card_type: CardType, age: int) -> None:
    """Chongqing's student card is for pupils whatever their age; at the counter, an age far from school age is
    refused (a parent's document?), and an older pupil comes through the school's list, where a supervisor
    confirms the row."""
    usual = card_type.review_outside_ages
    if usual is None or usual[0] <= age <= usual[1]:
        return
    reason = Text(
        f"{age}周岁，不在常见在校年龄{usual[0]}–{usual[1]}周岁：在校学生请由学校名单集体开通，经主管确认",
        f"age {age}, outside the usual school ages {usual[0]}-{usual[1]}: a pupil of that age comes through the"
        " school's list, confirmed by a supervisor",
    )
    raise DeskError("card.not_eligible", card_type_name=card_type.text, reason=reason)
