"""A batch's rows as the unit and the desk see them: outcome in words, document number and reasons masked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desk_app.core.entities import CardStatus
from desk_app.core.messages import CARD_STATUS_NAMES
from desk_app.core.privacy import mask_document, mask_text
from desk_app.core.uow import UnitOfWork

STATUS_NAMES = {
    "accepted": "可办理",
    "rejected": "未通过",
    "review": "待核实",
    "exists": "已有借阅证",
    "approved": "已开通",
}
# The unit hands out the cards from this list: the last three columns were added for it (kept after the first
# six, which scripts read by position).
HEADERS = ["行号", "身份证号", "姓名", "班级", "结果", "原因", "借阅证号", "借阅证状态", "下一步"]
NEXT_STEPS = {
    "accepted": "待图书馆开通借阅证",
    "rejected": "请按原因更正后重新提交这一行",
    "review": "待图书馆核实",
    "exists": "已有借阅证，继续使用原证，无需再办",
}
NEXT_FOR_CARD = {
    CardStatus.ACTIVE: "借阅证已可使用：请将证号告知学生及家长",
    CardStatus.PENDING_CONSENT: "请监护人签署授权书并交回图书馆，借阅证随即可用",
}


@dataclass(frozen=True)
class RowView:
    row: int
    masked_document: str
    name: str
    class_name: str
    status: str
    status_name: str
    reasons: str
    card_number: str = ""
    card_status: str = ""
    next_step: str = ""


def row_views(uow: UnitOfWork, batch_id: uuid.UUID) -> list[RowView]:
    rows = sorted(uow.batch_rows.where(batch_id=batch_id), key=lambda r: r.row)
    opened = [uuid.UUID(str(r.fields["reader_id"])) for r in rows if r.status == "approved" and "reader_id" in r.fields]
    # The newest card of each reader the batch opened.
    newest = {c.reader_id: c for c in sorted(uow.cards.where_in("reader_id", opened), key=lambda c: c.issued_at)}
    views = []
    for r in rows:
        card = newest.get(uuid.UUID(str(r.fields["reader_id"]))) if "reader_id" in r.fields else None
        if r.status == "approved" and card is not None:
            number, state = card.number, CARD_STATUS_NAMES[card.status.value].zh
            step = NEXT_FOR_CARD.get(card.status, f"借阅证{state}：请到馆咨询")
        else:
            number, state, step = "", "", NEXT_STEPS.get(r.status, "")
        views.append(
            RowView(
                r.row,
                mask_document(r.id_number) if r.id_number else "",
                r.name,
                str(r.fields.get("class_name", "")),
                r.status,
                STATUS_NAMES.get(r.status, r.status),
                mask_text("；".join(r.reasons)),
                number,
                state,
                step,
            )
        )
    return views


def table(views: list[RowView]) -> list[list[object]]:
    return [
        [v.row, v.masked_document, v.name, v.class_name, v.status_name, v.reasons, v.card_number, v.card_status,
         v.next_step]
        for v in views
    ]  # fmt: skip
