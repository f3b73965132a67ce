"""Who may do what: one table, checked inside every use case against the staff record in the database."""

from __future__ import annotations

from enum import StrEnum

from desk_app.core.entities import Staff
from desk_app.core.errors import DeskError
from desk_app.core.messages import Text
from desk_app.core.services.context import DeskContext
from desk_app.core.uow import UnitOfWork


class Role(StrEnum):
    COUNTER = "counter"
    CHILDREN = "children"
    DEPOSIT = "deposit"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"  # branch administrator


ROLE_NAMES = {
    Role.COUNTER: Text("柜台", "counter"),
    Role.CHILDREN: Text("少儿服务台", "children's desk"),
    Role.DEPOSIT: Text("押金台", "deposit desk"),
    Role.SUPERVISOR: Text("主管", "supervisor"),
    Role.ADMIN: Text("分馆管理员", "branch administrator"),
}

EVERY_DESK = frozenset(Role)
CARD_DESKS = frozenset({Role.COUNTER, Role.CHILDREN, Role.SUPERVISOR, Role.ADMIN})
OVERSIGHT = frozenset({Role.SUPERVISOR, Role.ADMIN})
# Foshan 6.4: refunds are the home branch's deposit desk's work (and its supervisors').
MONEY_DESKS = frozenset({Role.DEPOSIT, Role.SUPERVISOR, Role.ADMIN})

PERMISSIONS: dict[str, tuple[frozenset[Role], Text]] = {
    "issue_card": (CARD_DESKS, Text("办证", "issue a card")),
    "report_loss": (EVERY_DESK, Text("挂失", "report a loss")),
    "restore_card": (EVERY_DESK, Text("恢复借阅证", "restore a card")),
    "cancel_card": (CARD_DESKS, Text("注销借阅证", "cancel a card")),
    "replace_card": (CARD_DESKS, Text("补办借阅证", "replace a card")),
    "bind_physical_card": (CARD_DESKS, Text("绑定实体卡", "bind a physical card")),
    "confirm_provisional": (OVERSIGHT, Text("确认离线办理的借阅证", "confirm an offline card")),
    "merge_readers": (OVERSIGHT, Text("合并同一读者的两条记录", "merge two records of one reader")),
    "change_details": (EVERY_DESK, Text("修改读者信息", "change a reader's details")),
    "reset_password": (EVERY_DESK, Text("重置密码", "reset a password")),
    "change_password": (EVERY_DESK, Text("修改密码", "change a password")),
    "view_reader_details": (EVERY_DESK, Text("查看读者完整信息", "view a reader's full details")),
    "attach": (EVERY_DESK, Text("保存照片或签名", "keep a photo or signature")),
    "produce_document": (EVERY_DESK, Text("打印单据", "print a document")),
    "import_batch": (CARD_DESKS, Text("导入集体办证名单", "import a group list")),
    "approve_batch": (OVERSIGHT, Text("审核集体办证批次", "approve a batch")),
    "edit_batch": (CARD_DESKS, Text("修改集体办证名单", "edit a batch list")),
    "record_consent": (CARD_DESKS, Text("登记监护人授权", "record a guardian's consent")),
    "manage_school_classes": (OVERSIGHT, Text("维护学校年级班级参数", "keep a school's grades and classes")),
    "collect_fine": (
        frozenset({Role.COUNTER, Role.DEPOSIT, Role.SUPERVISOR, Role.ADMIN}),
        Text("收取滞纳金", "collect a fine"),
    ),
    "refund_deposit": (MONEY_DESKS, Text("退还押金", "refund a deposit")),
    "take_money": (
        frozenset({Role.COUNTER, Role.CHILDREN, Role.DEPOSIT, Role.SUPERVISOR, Role.ADMIN}),
        Text("收取押金或预存款", "take a deposit or pre-deposit"),
    ),
    "day_end": (MONEY_DESKS | {Role.COUNTER, Role.CHILDREN}, Text("日结", "close the day")),
    "manage_staff": (frozenset({Role.ADMIN}), Text("管理工作人员", "manage staff")),
    "audit_search": (OVERSIGHT, Text("查询审计日志", "search the audit log")),
    "resolve_conflict": (CARD_DESKS, Text("处理同步冲突", "resolve a sync conflict")),
    "view_statistics": (OVERSIGHT, Text("查看统计报表中的读者名单", "list the cards behind a figure")),
    "privacy_export": (OVERSIGHT, Text("导出读者个人信息", "export a reader's data")),
    "privacy_purge": (frozenset({Role.ADMIN}), Text("清除过期个人信息", "purge expired personal data")),
}

# Shenzhen 2(3): readers under 14 are served at the children's service area.
CHILDREN_DESK_ROLES = frozenset({Role.CHILDREN, Role.SUPERVISOR, Role.ADMIN})


def acting_staff(uow: UnitOfWork, ctx: DeskContext) -> Staff:
    """The staff member behind the context, as the database knows them, at the branch they belong to."""
    staff = uow.staff.get(ctx.actor.staff_id)
    if staff is None or not staff.active:
        raise DeskError("staff.unknown", staff=str(ctx.actor.staff_id))
    if staff.branch_code != ctx.actor.branch_code:
        raise DeskError("staff.wrong_branch", branch=ctx.actor.branch_code)
    return staff


def require(uow: UnitOfWork, ctx: DeskContext, action: str) -> Staff:
    staff = acting_staff(uow, ctx)
    allowed, label = PERMISSIONS[action]
    if Role(staff.role) not in allowed:
        raise DeskError("staff.not_permitted", action=label, role=ROLE_NAMES[Role(staff.role)])
    return staff


def require_children_desk(staff: Staff) -> None:
    if Role(staff.role) not in CHILDREN_DESK_ROLES:
        raise DeskError("staff.children_desk_only")
