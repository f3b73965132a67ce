"""The children's desk: from a child's document, the path the policy sets (consent, accompaniment, who signs)."""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.core.clock import age_on
from desk_app.core.eligibility import card_type_for
from desk_app.core.errors import DeskError
from desk_app.core.guardian_rules import guardian_requirement
from desk_app.core.messages import Text
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import DocumentInput


@dataclass(frozen=True)
class ChildPath:
    age: int
    card_type_code: str
    card_type_name: Text
    consent_required: bool
    must_accompany: bool
    children_desk: bool
    guardian_min_age: int
    signers: tuple[str, ...]
    steps: list[Text]


def child_path(ctx: DeskContext, document: DocumentInput, card_type_code: str | None = None) -> ChildPath:
    checked = document.check(ctx.today())
    if checked.birth_date is None:
        raise DeskError("reader.birth_date_missing")
    age = age_on(checked.birth_date, ctx.today())
    card_type = card_type_for(ctx.profile, [checked.doc_type], age, card_type_code)
    need = guardian_requirement(card_type, age)
    steps = [Text(f"{age} 周岁，办理「{card_type.name_zh}」", f"Age {age}: {card_type.name_en}")]
    if need.consent_required:
        steps.append(
            Text(
                "须监护人签字同意：读取监护人证件，在签名板或纸质授权书上签字",
                "A guardian consents: read their document, they sign on the pad or on the printed form",
            )
        )
    if need.must_accompany:
        steps.append(Text("须监护人陪同到场", "A guardian must be present"))
    if not (need.consent_required or need.must_accompany):
        steps.append(Text("无须监护人", "No guardian needed"))
    if need.guardian_min_age:
        steps.append(
            Text(f"监护人须年满 {need.guardian_min_age} 周岁", f"The guardian is {need.guardian_min_age} or older")
        )
    return ChildPath(
        age=age,
        card_type_code=card_type.code,
        card_type_name=card_type.text,
        consent_required=need.consent_required,
        must_accompany=need.must_accompany,
        children_desk=need.children_desk,
        guardian_min_age=need.guardian_min_age,
        signers=need.signers,
        steps=steps,
    )
