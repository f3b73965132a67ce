"""Who must sign and who must come along, by the reader's age and the card type's policy."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.core.policy import CardType

# PIPL art. 31: a child under 14's personal information needs the guardian's consent, whatever the policy says.
PIPL_CONSENT_UNDER = 14
# Civil Code arts. 19-20: under eight a child has no capacity for civil acts and does not sign.
READER_SIGNS_FROM_AGE = 8


@dataclass(frozen=True)
class GuardianRequirement:
    consent_required: bool
    must_accompany: bool
    children_desk: bool
    guardian_min_age: int
    signers: tuple[str, ...]  # who signs the registration form: "reader", "guardian"


def guardian_requirement(card_type: CardType, age: int) -> GuardianRequirement:
    consent = (
        card_type.consent_always
        or age < PIPL_CONSENT_UNDER
        or (card_type.consent_under_age is not None and age < card_type.consent_under_age)
    )
    # Shenzhen 2(3): 3-8 accompanied; a child younger than the range comes with a guardian all the more
    # (CardDesk's choice: the seed speaks of no younger child).
    accompany = card_type.accompany_ages is not None and age <= card_type.accompany_ages[1]
    children = card_type.children_desk_under_age is not None and age < card_type.children_desk_under_age
    signers = (("reader",) if age >= READER_SIGNS_FROM_AGE else ()) + (("guardian",) if consent else ())
    return GuardianRequirement(consent, accompany, children, card_type.guardian_min_age, signers)
