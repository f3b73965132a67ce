"""A batch's rows as the unit and the desk see them: outcome in words, document number and reasons masked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desk_app.core.privacy import mask_document, mask_text
from desk_app.core.uow import UnitOfWork

STATUS_NAMES = {
    "accepted": "可办理",
    "rejected": "未通过",
    "review": "待核实",
    "exists": "已有借阅证",
    "approved": "已开通",
}
HEADERS = ["行号", "身份证号", "姓名", "班级", "结果", "原因"]


@dataclass(frozen=True)
class RowView:
    row: int
    masked_document: str
    name: str
    class_name: str
    status: str
    status_name: str
    reasons: str


def row_views(uow: UnitOfWork, batch_id: uuid.UUID) -> list[RowView]:
    rows = sorted(uow.batch_rows.where(batch_id=batch_id), key=lambda r: r.row)
    return [
        RowView(
            r.row,
            mask_document(r.id_number) if r.id_number else "",
            r.name,
            str(r.fields.get("class_name", "")),
            r.status,
            STATUS_NAMES.get(r.status, r.status),
            mask_text("；".join(r.reasons)),
        )
        for r in rows
    ]


def table(views: list[RowView]) -> list[list[object]]:
    return [[v.row, v.masked_document, v.name, v.class_name, v.status_name, v.reasons] for v in views]
