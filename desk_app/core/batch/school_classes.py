"""A school's grades and classes: kept by the library, checked when the school's list is imported."""

from __future__ import annotations

from desk_app.core.entities import SchoolClass
from desk_app.core.ids import new_id
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.inputs import clean_text
from desk_app.core.services.recording import audit, snapshot
from desk_app.core.uow import UnitOfWork


def add_class(uow: UnitOfWork, ctx: DeskContext, school: str, grade: str, class_name: str) -> SchoolClass:
    require(uow, ctx, "manage_school_classes")
    item = SchoolClass(
        new_id(), clean_text(school, 100, "学校"), clean_text(grade, 40, "年级"), clean_text(class_name, 50, "班级")
    )
    existing = uow.school_classes.where(school=item.school, class_name=item.class_name)
    if existing:
        return existing[0]
    uow.school_classes.add(item)
    audit(uow, ctx, "add_school_class", "school_class", item.id, None, snapshot(item))
    uow.commit()
    return item


def remove_class(uow: UnitOfWork, ctx: DeskContext, school: str, class_name: str) -> bool:
    require(uow, ctx, "manage_school_classes")
    found = uow.school_classes.where(school=school, class_name=class_name, active=True)
    for item in found:
        item.active = False  # kept, so that old batches still read; new lists may not use it
        uow.school_classes.save(item)
        audit(uow, ctx, "retire_school_class", "school_class", item.id, None, {"active": False})
    uow.commit()
    return bool(found)


def classes_of(uow: UnitOfWork, school: str) -> list[SchoolClass]:
    return sorted(uow.school_classes.where(school=school, active=True), key=lambda c: (c.grade, c.class_name))
