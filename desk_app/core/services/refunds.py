"""Deposit refunds at the home branch, as Foshan 6.4 describes them, from application to archive.

apply -> approve -> pay (`settle_refund`: the entries planned, written and the request completed in one step,
which the union service runs for the desk while the desk waits, online only) -> receipt in duplicate -> archive.
Each deposit is closed by one entry naming it, once, union-wide: of two desks paying the same deposit the
union accepts one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desk_app.core.clock import age_on
from desk_app.core.entities import LedgerEntry, LedgerKind, RefundRequest
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.loan_rules import open_loans
from desk_app.core.messages import format_fen
from desk_app.core.money import OpenDeposit, open_deposits
from desk_app.core.passwords import verify_password
from desk_app.core.permissions import OVERSIGHT, Role, require
from desk_app.core.presence import is_present
from desk_app.core.services.context import DeskContext
from desk_app.core.services.fees import next_receipt_no
from desk_app.core.services.fines import FineView, fines_at_desk
from desk_app.core.services.inputs import DocumentInput, clean_name, clean_text
from desk_app.core.services.lookup import find_card, get_reader, verify_identity
from desk_app.core.services.recording import audit, snapshot
from desk_app.core.uow import UnitOfWork

LEGACY_NAMESPACE = uuid.UUID("6f1c1b8e-1d7a-4c55-9a57-6b1f4f0c2d10")
# What goes to the archive (Foshan 6.4.5, 6.4.7, 6.4.8): each as a scan or photo, or all on paper.
ARCHIVE_ITEMS = ("document_copy", "application", "receipt")
PROXY_ITEMS = ("agent_document_copy", "power_of_attorney")
LEGACY_ITEMS = ("old_card", "old_receipt")


@dataclass(frozen=True)
class AgentInput:
    name: str
    document: DocumentInput


@dataclass(frozen=True)
class LegacyInput:
    """Foshan 6.4.8: a first-generation card whose deposit the system has no record of."""

    old_card_number: str
    old_receipt_no: str
    amount_fen: int
    original_card_seen: bool
    reader_signed: bool


@dataclass(frozen=True)
class RefundApplication:
    reader_ref: str  # a card number, barcode, chip UID or the reader's id
    shown: DocumentInput  # the reader's own document (for a proxy: the one the agent brings)
    agent: AgentInput | None = None
    power_of_attorney: str = ""  # an attachment id or the paper's archive number
    guardian: AgentInput | None = None  # a reader under 16 comes with a guardian
    legacy: LegacyInput | None = None
    settle_fines: bool = False
    reason: str = "refund"  # refund | swap
    # The reader's card was handed over (Foshan 附录C "本人一卡通借阅证", Chongqing 五（五） "原借阅卡").
    card_presented: bool = False


@dataclass(frozen=True)
class PlannedEntry:
    id: str
    kind: str
    amount_fen: int
    receipt_no: str | None
    note: str
    refund_of: str | None = None
    loan_id: str | None = None
    for_branch_code: str | None = None


@dataclass(frozen=True)
class RefundView:
    """What the deposit desk shows and the CLI prints (its fields are a JSON contract)."""

    id: str
    status: str
    reader_id: str
    reader_name: str
    card_number: str
    branch_code: str
    applicant: str  # reader | guardian | agent
    legacy: bool
    deposit_fen: int
    fines_fen: int
    refund_fen: int
    receipts: list[str] = field(default_factory=list)
    missing_archive: list[str] = field(default_factory=list)
    fines: list[dict[str, Any]] = field(default_factory=list)
    reason: str = "refund"


def legacy_deposit_id(profile_code: str, old_card_number: str) -> uuid.UUID:
    """The same old card always gives the same ledger id, so two desks cannot record its deposit twice."""
    return uuid.uuid5(LEGACY_NAMESPACE, f"{profile_code}:{old_card_number.strip().upper()}")


def _request(uow: UnitOfWork, request_id: uuid.UUID) -> RefundRequest:
    found = uow.refunds.get(request_id)
    if found is None:
        raise DeskError("refund.not_found", request=str(request_id))
    return found


def _open_deposits(uow: UnitOfWork, request: RefundRequest) -> list[OpenDeposit]:
    return open_deposits(uow.ledger.where(reader_id=request.reader_id))


def _legacy_deposit(ctx: DeskContext, request: RefundRequest) -> OpenDeposit | None:
    if not request.legacy:
        return None
    entry_id = legacy_deposit_id(ctx.profile.code, request.legacy["old_card_number"])
    return OpenDeposit(entry_id, int(request.legacy["amount_fen"]), request.branch_code, None)


def _deposits(uow: UnitOfWork, ctx: DeskContext, request: RefundRequest) -> list[OpenDeposit]:
    deposits = _open_deposits(uow, request)
    legacy = _legacy_deposit(ctx, request)
    if legacy is not None and all(d.entry_id != legacy.entry_id for d in deposits):
        deposits.append(legacy)
    return deposits


def _fines_to_settle(uow: UnitOfWork, ctx: DeskContext, request: RefundRequest) -> list[FineView]:
    """Foshan 6.3.4: loans returned and fines paid first; the reader may settle the fines from the deposit."""
    loans = uow.loans.where(reader_id=request.reader_id)
    out = open_loans(loans)
    if out:
        raise DeskError("card.loans_out", count=len(out))
    fines = fines_at_desk(uow, ctx, request.reader_id)
    elsewhere = [f for f in fines if not f.collectable_here]
    if elsewhere:
        raise DeskError("fine.elsewhere", branch=elsewhere[0].branch_name)
    if fines and not request.settle_fines:
        raise DeskError("refund.fines_due", amount=format_fen(sum(f.unpaid_fen for f in fines)))
    return fines


def _view(uow: UnitOfWork, ctx: DeskContext, request: RefundRequest) -> RefundView:
    reader = get_reader(uow, request.reader_id)
    card = uow.cards.get(request.card_id) if request.card_id else None
    plan = request.plan.get("entries", [])
    if plan:
        deposit = int(request.plan["deposit_fen"])
        fines_fen = int(request.plan["applied_fen"])
        fines = list(request.plan.get("fines", []))
    else:
        deposit = sum(d.amount_fen for d in _deposits(uow, ctx, request))
        found = fines_at_desk(uow, ctx, request.reader_id) if request.settle_fines else []
        fines_fen = sum(f.unpaid_fen for f in found)
        fines = [{"loan_id": f.loan_id, "title": f.title, "fen": f.unpaid_fen} for f in found]
    return RefundView(
        id=str(request.id),
        status=request.status,
        reader_id=str(reader.id),
        reader_name=reader.name,
        card_number=card.number if card else (request.legacy or {}).get("old_card_number", ""),
        branch_code=request.branch_code,
        applicant=str(request.applicant.get("kind", "reader")),
        legacy=request.legacy is not None,
        deposit_fen=deposit,
        fines_fen=fines_fen,
        refund_fen=deposit - fines_fen,
        receipts=[str(p["receipt_no"]) for p in plan if p.get("receipt_no")],
        missing_archive=missing_archive(uow, request),
        fines=fines,
        reason=request.reason,
    )


def _require_refund_desk(uow: UnitOfWork, ctx: DeskContext) -> None:
    require(uow, ctx, "refund_deposit")


def _person(raw: AgentInput, ctx: DeskContext) -> dict[str, str]:
    checked = raw.document.check(ctx.today())
    return {"name": clean_name(raw.name), "doc_type": checked.doc_type.value, "doc_number": checked.number}


def apply_for_refund(uow: UnitOfWork, ctx: DeskContext, app: RefundApplication) -> RefundView:
    """Foshan 6.4.2-6.4.3 and 6.4.7-6.4.8: the deposit record checked at the home branch, the applicant's
    documents checked, the application recorded (then printed and signed)."""
    _require_refund_desk(uow, ctx)
    try:
        reader = get_reader(uow, uuid.UUID(app.reader_ref))
        cards = sorted(uow.cards.where(reader_id=reader.id), key=lambda c: c.issued_at, reverse=True)
        card = cards[0] if cards else None
    except ValueError:
        card = find_card(uow, app.reader_ref)
        reader = get_reader(uow, card.reader_id)
    if card is not None and card.home_branch_code != ctx.actor.branch_code:
        branch = uow.branches.get(card.home_branch_code)
        raise DeskError("refund.home_branch_only", branch_name=branch.name if branch else card.home_branch_code)
    # The reader's own document, shown by them or brought by the agent (Foshan 6.4.7, Chongqing 五（五）).
    verify_identity(uow, ctx, reader.id, app.shown)
    applicant: dict[str, Any] = {"kind": "reader"}
    evidence: dict[str, Any] = {"principal_document": app.shown.check(ctx.today()).doc_type.value}
    if ctx.profile.service.refund_needs_card and not (
        app.card_presented or (app.legacy is not None and app.legacy.original_card_seen)
    ):
        raise DeskError("refund.card_needed")
    evidence["card_presented"] = True
    age = age_on(reader.birth_date, ctx.today())
    guardian_under = ctx.profile.service.refund_guardian_under_age
    if app.agent is not None:
        agent = _person(app.agent, ctx)
        if agent["doc_number"] == app.shown.check(ctx.today()).number:
            raise DeskError("refund.agent_is_reader")
        if ctx.profile.refund_proxy_power_of_attorney and not app.power_of_attorney.strip():
            raise DeskError("refund.power_of_attorney")
        applicant = {"kind": "agent", **agent}
        evidence["power_of_attorney"] = clean_text(app.power_of_attorney, 80, "委托书")
    elif app.guardian is not None or (guardian_under is not None and age < guardian_under):
        if app.guardian is None:
            raise DeskError("refund.guardian_needed", age=guardian_under)
        applicant = {"kind": "guardian", **_person(app.guardian, ctx)}
    legacy = None
    if app.legacy is not None:
        old = app.legacy
        if not (old.original_card_seen and old.old_receipt_no.strip() and old.reader_signed):
            raise DeskError("refund.legacy_evidence")
        if old.amount_fen <= 0:
            raise DeskError("refund.legacy_amount")
        number = clean_text(old.old_card_number, 40, "原读者证号").upper()
        if not number:
            raise DeskError("refund.legacy_evidence")
        if uow.ledger.get(legacy_deposit_id(ctx.profile.code, number)) is not None or uow.cards.where(number=number):
            raise DeskError("refund.legacy_known", card=number)
        legacy = {
            "old_card_number": number,
            "old_receipt_no": clean_text(old.old_receipt_no, 40, "原收据号"),
            "amount_fen": old.amount_fen,
            "reader_signed": True,
        }
    request = RefundRequest(
        id=new_id(),
        reader_id=reader.id,
        card_id=card.id if card else None,
        branch_code=ctx.actor.branch_code,
        desk_code=ctx.actor.desk_code,
        staff_id=ctx.actor.staff_id,
        created_at=ctx.now(),
        status="applied",
        applicant=applicant,
        evidence=evidence,
        legacy=legacy,
        settle_fines=app.settle_fines,
        reason=app.reason if app.reason in ("refund", "swap") else "refund",
    )
    if not _deposits(uow, ctx, request):
        raise DeskError("paper.no_deposit")
    if any(r.status in ("applied", "approved", "paying") for r in uow.refunds.where(reader_id=reader.id)):
        raise DeskError("refund.already_open")
    fines = _fines_to_settle(uow, ctx, request)
    if sum(f.unpaid_fen for f in fines) > sum(d.amount_fen for d in _deposits(uow, ctx, request)):
        raise DeskError("refund.fines_exceed_deposit")
    uow.refunds.add(request)
    audit(uow, ctx, "refund_applied", "refund", request.id, None, snapshot(request))
    uow.commit()
    return _view(uow, ctx, request)


def approve_refund(
    uow: UnitOfWork,
    ctx: DeskContext,
    request_id: uuid.UUID,
    supervisor: tuple[str, str] | None = None,
    supervisor_present: str = "",
) -> RefundView:
    """Foshan 6.4.3 "予以审核": the desk reviews the signed application; a legacy card (6.4.8, "经办证馆审核
    通过") also needs a supervisor of this branch, who confirms with their own password at the desk
    (`supervisor`), or who is known to be present there (`supervisor_present`: their name, with a sign-in of
    theirs at this desk that the union service checked)."""
    staff = require(uow, ctx, "refund_deposit")
    request = _request(uow, request_id)
    if request.status != "applied":
        raise DeskError("refund.bad_status", status=request.status)
    approver = staff
    if request.legacy is not None:
        if supervisor is None and not supervisor_present:
            raise DeskError("refund.supervisor_needed")
        name = supervisor[0] if supervisor is not None else supervisor_present
        found = uow.staff.where(username=name.strip())
        boss = found[0] if found else None
        if boss is not None and supervisor is None and not is_present(boss.id):
            raise DeskError("union.sign_in_needed")
        if (
            boss is None
            or not boss.active
            or (
                supervisor is not None
                and not (boss.password_hash and verify_password(boss.password_hash, supervisor[1]))
            )
        ):
            raise DeskError("staff.bad_credentials")
        if Role(boss.role) not in OVERSIGHT or boss.branch_code != ctx.actor.branch_code or boss.id == staff.id:
            raise DeskError("refund.supervisor_needed")
        approver = boss
    before = snapshot(request)
    request.status, request.approved_by, request.approved_at = "approved", approver.id, ctx.now()
    uow.refunds.save(request)
    audit(uow, ctx, "refund_approved", "refund", request.id, before, snapshot(request))
    uow.commit()
    return _view(uow, ctx, request)


def _plan(uow: UnitOfWork, ctx: DeskContext, request: RefundRequest) -> dict[str, Any]:
    """The ledger entries of this refund: fines settled from the deposits first, then each deposit closed
    by exactly one entry naming it (the refund, or the last deduction when nothing is left to pay back)."""
    deposits = _deposits(uow, ctx, request)
    if not deposits:
        raise DeskError("paper.no_deposit")
    fines = _fines_to_settle(uow, ctx, request)
    owed = {f.loan_id: f.unpaid_fen for f in fines}
    entries: list[PlannedEntry] = []
    reference = request.legacy["old_card_number"] if request.legacy else ""
    for deposit in deposits:
        left = deposit.amount_fen
        applied: list[PlannedEntry] = []
        for fine in fines:
            take = min(owed[fine.loan_id], left)
            if take <= 0:
                continue
            owed[fine.loan_id] -= take
            left -= take
            applied.append(
                PlannedEntry(
                    str(new_id()),
                    LedgerKind.DEPOSIT_APPLIED.value,
                    take,
                    None,
                    f"押金抵扣《{fine.title}》滞纳金",
                    loan_id=fine.loan_id,
                    for_branch_code=fine.incurred_at_branch,
                )
            )
        if left > 0:
            note = f"退还押金 {format_fen(deposit.amount_fen)}"
            if left != deposit.amount_fen:
                note += f"，抵扣滞纳金 {format_fen(deposit.amount_fen - left)}，实退 {format_fen(left)}"
            if reference:
                note += f"（第一代读者证 {reference}）"
            refund = PlannedEntry(
                str(new_id()),
                LedgerKind.DEPOSIT_REFUNDED.value,
                left,
                next_receipt_no(uow, ctx),
                note,
                refund_of=str(deposit.entry_id),
            )
            entries += [*applied, refund]
        else:
            last = applied[-1]
            entries += [*applied[:-1], PlannedEntry(**{**last.__dict__, "refund_of": str(deposit.entry_id)})]
    if any(owed.values()):
        raise DeskError("refund.fines_exceed_deposit")
    applied_fen = sum(e.amount_fen for e in entries if e.kind == LedgerKind.DEPOSIT_APPLIED.value)
    return {
        "at": ctx.now().isoformat(),
        "staff_id": str(ctx.actor.staff_id),
        "desk_code": ctx.actor.desk_code,
        "deposit_fen": sum(d.amount_fen for d in deposits),
        "applied_fen": applied_fen,
        "fines": [{"loan_id": f.loan_id, "title": f.title, "fen": f.unpaid_fen} for f in fines],
        "legacy_deposit": str(legacy_deposit_id(ctx.profile.code, request.legacy["old_card_number"]))
        if request.legacy
        else None,
        "entries": [e.__dict__ for e in entries],
    }


def begin_payment(uow: UnitOfWork, ctx: DeskContext, request_id: uuid.UUID) -> RefundRequest:
    """Plans the payment and records the plan before anything is sent; a request already being paid keeps
    its plan (a retried click, a restart after a crash), so it is always the same payment."""
    _require_refund_desk(uow, ctx)
    request = _request(uow, request_id)
    if request.status == "paying":
        return request
    if request.status in ("paid", "archived"):
        receipts = ", ".join(str(p["receipt_no"]) for p in request.plan["entries"] if p.get("receipt_no"))
        raise DeskError("refund.already_paid", receipts=receipts)
    if request.status != "approved":
        raise DeskError("refund.bad_status", status=request.status)
    before = snapshot(request)
    request.plan = _plan(uow, ctx, request)
    request.status = "paying"
    uow.refunds.save(request)
    audit(uow, ctx, "refund_paying", "refund", request.id, before, snapshot(request))
    uow.commit()
    return request


def settle_refund(uow: UnitOfWork, ctx: DeskContext, request_id: uuid.UUID) -> RefundView:
    """Plan, record and complete a payment in one step, where one authority decides it: the union service
    runs this for the desk while the desk waits (each deposit is closed by one entry, once, union-wide)."""
    request = begin_payment(uow, ctx, request_id)
    for entry in planned_entries(request):
        if uow.ledger.get(entry.id) is None:
            uow.ledger.add(entry)
    return complete_payment(uow, ctx, request_id)


def planned_entries(request: RefundRequest) -> list[LedgerEntry]:
    """The plan as ledger entries: what the central database is asked to accept, in order."""
    plan = request.plan
    at = datetime.fromisoformat(plan["at"])
    staff = uuid.UUID(plan["staff_id"])
    found: list[LedgerEntry] = []
    legacy = plan.get("legacy_deposit")
    if legacy and request.legacy:
        found.append(
            LedgerEntry(
                id=uuid.UUID(legacy),
                reader_id=request.reader_id,
                card_id=request.card_id,
                kind=LedgerKind.DEPOSIT_RECORDED,
                amount_fen=int(request.legacy["amount_fen"]),
                at=at,
                staff_id=staff,
                branch_code=request.branch_code,
                desk_code=plan["desk_code"],
                note="第一代读者证 {old_card_number} 押金，原收据 {old_receipt_no}".format(**request.legacy),
                authorised_by=f"refund:{request.id}",
            )
        )
    for item in plan["entries"]:
        found.append(
            LedgerEntry(
                id=uuid.UUID(item["id"]),
                reader_id=request.reader_id,
                card_id=request.card_id,
                kind=LedgerKind(item["kind"]),
                amount_fen=int(item["amount_fen"]),
                at=at,
                staff_id=staff,
                branch_code=request.branch_code,
                desk_code=plan["desk_code"],
                receipt_no=item["receipt_no"],
                note=item["note"],
                for_branch_code=item["for_branch_code"],
                refund_of=uuid.UUID(item["refund_of"]) if item["refund_of"] else None,
                authorised_by=f"refund:{request.id}",
            )
        )
    return found


def complete_payment(uow: UnitOfWork, ctx: DeskContext, request_id: uuid.UUID) -> RefundView:
    """Once the central database holds the entries and this desk has them back: the fines settled from the
    deposit are marked paid on their loans, and the request is paid. Runs once (paying -> paid)."""
    _require_refund_desk(uow, ctx)
    request = _request(uow, request_id)
    if request.status in ("paid", "archived"):
        return _view(uow, ctx, request)
    if request.status != "paying":
        raise DeskError("refund.bad_status", status=request.status)
    missing = [e for e in planned_entries(request) if uow.ledger.get(e.id) is None]
    if missing:
        raise DeskError("refund.not_confirmed")
    before = snapshot(request)
    for item in request.plan["entries"]:
        if item["kind"] == LedgerKind.DEPOSIT_APPLIED.value and item["loan_id"]:
            loan = uow.loans.get(uuid.UUID(item["loan_id"]))
            if loan is not None:
                paid_before = loan.fine_paid_fen
                loan.fine_paid_fen += int(item["amount_fen"])
                uow.loans.save(loan)
                audit(
                    uow,
                    ctx,
                    "fine_settled_from_deposit",
                    "loan",
                    loan.id,
                    {"fine_paid_fen": paid_before},
                    {"fine_paid_fen": loan.fine_paid_fen, "refund": str(request.id)},
                )
    request.status, request.paid_at = "paid", ctx.now()
    uow.refunds.save(request)
    audit(uow, ctx, "refund_paid", "refund", request.id, before, snapshot(request))
    uow.commit()
    return _view(uow, ctx, request)


def missing_archive(uow: UnitOfWork, request: RefundRequest) -> list[str]:
    """What the archive still lacks: nothing once a paper archive number is recorded."""
    if request.archive.get("paper_archive_no"):
        return []
    needed = list(ARCHIVE_ITEMS)
    if request.applicant.get("kind") == "agent":
        needed += PROXY_ITEMS if request.evidence.get("power_of_attorney") else PROXY_ITEMS[:1]
    if request.legacy is not None:
        needed += LEGACY_ITEMS
    kept = {a.kind for a in uow.attachments.where(owner="refund", owner_id=str(request.id))}
    return [item for item in needed if item not in kept]


def archive_refund(uow: UnitOfWork, ctx: DeskContext, request_id: uuid.UUID, paper_archive_no: str = "") -> RefundView:
    """Foshan 6.4.5: the document copy, the application and the receipt, kept as scans attached to the
    refund or on paper under an archive number."""
    _require_refund_desk(uow, ctx)
    request = _request(uow, request_id)
    if request.status != "paid":
        raise DeskError("refund.bad_status", status=request.status)
    before = snapshot(request)
    if paper_archive_no.strip():
        request.archive = {**request.archive, "paper_archive_no": clean_text(paper_archive_no, 40, "档案号")}
    missing = missing_archive(uow, request)
    if missing:
        raise DeskError("refund.archive_missing", items="、".join(ARCHIVE_NAMES[m] for m in missing))
    request.archive = {**request.archive, "archived_at": ctx.now().isoformat()}
    request.status = "archived"
    uow.refunds.save(request)
    audit(uow, ctx, "refund_archived", "refund", request.id, before, snapshot(request))
    uow.commit()
    return _view(uow, ctx, request)


def withdraw_refund(uow: UnitOfWork, ctx: DeskContext, request_id: uuid.UUID, reason: str) -> RefundView:
    """A request not yet being paid can be withdrawn (the reader changed their mind, a document was wrong)."""
    _require_refund_desk(uow, ctx)
    request = _request(uow, request_id)
    if request.status not in ("applied", "approved"):
        raise DeskError("refund.bad_status", status=request.status)
    before = snapshot(request)
    request.status = "withdrawn"
    request.archive = {**request.archive, "withdrawn_because": clean_text(reason, 200, "原因")}
    uow.refunds.save(request)
    audit(uow, ctx, "refund_withdrawn", "refund", request.id, before, snapshot(request))
    uow.commit()
    return _view(uow, ctx, request)


def refund_view(uow: UnitOfWork, ctx: DeskContext, request_id: uuid.UUID) -> RefundView:
    return _view(uow, ctx, _request(uow, request_id))


def refunds_of(uow: UnitOfWork, ctx: DeskContext, status: str | None = None) -> list[RefundView]:
    """This branch's requests, newest first; `status` "open" means not yet archived or withdrawn."""
    found = uow.refunds.where(branch_code=ctx.actor.branch_code)
    if status == "open":
        found = [r for r in found if r.status not in ("archived", "withdrawn", "refused")]
    elif status:
        found = [r for r in found if r.status == status]
    return [_view(uow, ctx, r) for r in sorted(found, key=lambda r: r.created_at, reverse=True)]


def standing_request(uow: UnitOfWork, ctx: DeskContext, reader_id: uuid.UUID) -> RefundView | None:
    """The reader's request still in progress at this branch (applied, approved, paying or paid, not yet
    archived): what the deposit desk shows when their card is queried again, e.g. approved and still unpaid."""
    found = [
        r for r in uow.refunds.where(reader_id=reader_id)
        if r.branch_code == ctx.actor.branch_code and r.status in ("applied", "approved", "paying", "paid")
    ]  # fmt: skip
    newest = max(found, key=lambda r: r.created_at, default=None)
    return _view(uow, ctx, newest) if newest is not None else None


ARCHIVE_NAMES = {
    "document_copy": "读者有效证件复印件",
    "application": "押金退还申请表",
    "receipt": "财经票据原件",
    "agent_document_copy": "受托人有效证件复印件",
    "power_of_attorney": "委托书",
    "old_card": "第一代读者证原件",
    "old_receipt": "原押金收据",
}
