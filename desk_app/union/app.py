"""The union service's HTTP interface (FastAPI): enrolment, staff sign-in, commands, health.

Every request but enrolment and health carries the desk's own token; the desk's branch and code come from
the union's record of that token, never from what the desk says.
"""

# No "from __future__ import annotations": FastAPI reads these annotations, and the dependencies are local.

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import sessionmaker

from db.models import Base
from desk_app.core.entities import Actor
from desk_app.core.errors import DeskError
from desk_app.core.services.context import DeskContext
from desk_app.core.services.staff_accounts import create_staff, set_password, sign_in, unlock
from desk_app.union import person_index, readers
from desk_app.union.apply import ChainedUnitOfWork, PushedCommand, apply_batch
from desk_app.union.changes import MAX_SERVED_DAYS, page_for, rows_for, served_by
from desk_app.union.snapshot import Snapshots
from desk_app.union.store import (
    EnrolledDesk,
    desk_for_token,
    heads_of,
    open_session,
    redeem,
    resolve_refused,
    session_staff,
    union_profile,
)

BATCH_LIMIT = 2000


class Enrolment(BaseModel):
    code: str = Field(min_length=8, max_length=200)


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)


class CommandIn(BaseModel):
    id: uuid.UUID
    name: str = Field(max_length=40)
    staff_id: uuid.UUID
    at: datetime
    inputs: dict[str, Any]
    numbers: dict[str, list[int]] = Field(default_factory=dict)


class StaffChange(BaseModel):
    action: str = Field(pattern="^(add|passwd|unlock)$")
    username: str = Field(min_length=1, max_length=50)
    name: str = Field(default="", max_length=100)
    role: str = Field(default="", max_length=30)
    password: str = Field(default="", max_length=200)


class DetailsAsked(BaseModel):
    reason: str = Field(min_length=1, max_length=200)


class RowsWanted(BaseModel):
    rows: list[tuple[str, str]] = Field(max_length=BATCH_LIMIT)


class Resolution(BaseModel):
    command_id: uuid.UUID
    resolution: str = Field(pattern="^(cancel-local|dismiss)$")
    session: str = Field(min_length=1, max_length=200)


class Batch(BaseModel):
    commands: list[CommandIn] = Field(max_length=BATCH_LIMIT)
    # The staff members behind the commands prove they are present: their session tokens from sign-in.
    sessions: dict[str, str] = Field(default_factory=dict)
    # How many commands the desk still holds after this batch, and the head of its audit chain.
    outbox_depth: int = Field(default=0, ge=0)
    audit_seq: int = Field(default=0, ge=0)
    audit_hash: str = Field(default="", max_length=64)


def refusal(err: DeskError, status: int = 400) -> HTTPException:
    return HTTPException(status, {"code": err.code, "zh": err.message("zh"), "en": err.message("en")})


def create_app(engine: Engine) -> FastAPI:
    snapshots = Snapshots(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        snapshots.close()

    app = FastAPI(title="CardDesk union service", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    profile = union_profile(engine)

    def the_desk(authorization: Annotated[str, Header()] = "") -> EnrolledDesk:
        scheme, _, token = authorization.partition(" ")
        desk = desk_for_token(engine, token) if scheme.lower() == "bearer" and token else None
        if desk is None:
            raise HTTPException(401, {"code": "union.desk_unknown"}, headers={"WWW-Authenticate": "Bearer"})
        return desk

    def the_staff(
        desk: Annotated[EnrolledDesk, Depends(the_desk)], x_carddesk_session: Annotated[str, Header()] = ""
    ) -> tuple[EnrolledDesk, uuid.UUID]:
        """A look at readers is a staff member's, at this desk: their live session, not the desk's token alone."""
        present = (
            session_staff(engine, {"staff": x_carddesk_session}, desk, datetime.now(UTC))
            if x_carddesk_session
            else set()
        )
        if len(present) != 1:
            raise HTTPException(403, {"code": "union.sign_in_needed"})
        return desk, next(iter(present))

    @app.get("/v1/readers")
    def search_readers(
        who: Annotated[tuple[EnrolledDesk, uuid.UUID], Depends(the_staff)],
        q: Annotated[str, Query(min_length=1, max_length=60)],
    ) -> dict[str, Any]:
        found = readers.search(engine, who[0], who[1], q, datetime.now(UTC))
        return {"readers": [summary.__dict__ for summary in found]}

    @app.post("/v1/readers/{reader_id}/details")
    def reader_details(
        reader_id: uuid.UUID, body: DetailsAsked, who: Annotated[tuple[EnrolledDesk, uuid.UUID], Depends(the_staff)]
    ) -> dict[str, Any]:
        try:
            shown = readers.details(engine, profile, who[0], who[1], reader_id, body.reason, datetime.now(UTC))
        except DeskError as err:
            raise refusal(err, 403) from None
        return {**shown.__dict__, "documents": [list(d) for d in shown.documents]}

    @app.post("/v1/readers/{reader_id}/serve")
    def serve_reader(
        reader_id: uuid.UUID, who: Annotated[tuple[EnrolledDesk, uuid.UUID], Depends(the_staff)]
    ) -> dict[str, Any]:
        return {"rows": readers.serve(engine, who[0], who[1], reader_id, datetime.now(UTC))}

    @app.post("/v1/staff")
    def change_staff(
        body: StaffChange, who: Annotated[tuple[EnrolledDesk, uuid.UUID], Depends(the_staff)]
    ) -> dict[str, Any]:
        """Staff accounts live at the union: a branch administrator signed in at a desk of their branch adds,
        re-passwords and unlocks their branch's accounts, under the same rules as ever. Online only."""
        desk, admin = who
        ctx = DeskContext(Actor(admin, desk.branch_code, desk.desk_code), profile, lambda: datetime.now(UTC))
        try:
            with ChainedUnitOfWork(sessionmaker(engine)) as uow:
                if body.action == "add":
                    create_staff(uow, ctx, body.username.strip(), body.name, body.role, body.password)
                elif body.action == "passwd":
                    set_password(uow, ctx, body.username.strip(), body.password)
                else:
                    unlock(uow, ctx, body.username.strip())
        except DeskError as err:
            raise refusal(err, 403) from None
        except ValueError:
            raise HTTPException(422, {"code": "staff.bad_role"}) from None
        return {"ok": body.username.strip()}

    @app.get("/v1/person-index")
    def download_person_index(who: Annotated[tuple[EnrolledDesk, uuid.UUID], Depends(the_staff)]) -> Response:
        """Who holds a live card, as keyed hashes (docs in desk_app/union/person_index.py): for the desk's
        offline check. The key comes with it, for the desk's keyring."""
        key, packed, count = person_index.build(engine)
        return Response(
            packed,
            media_type="application/octet-stream",
            headers={"X-CardDesk-Index-Key": key.hex(), "X-CardDesk-Index-Count": str(count),
                     "X-CardDesk-Index-Bits": str(person_index.BITS)},
        )  # fmt: skip

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ok", "database": "ok", "profile": profile.code, "union": profile.name_zh}

    @app.post("/v1/enrol")
    def enrol(body: Enrolment) -> dict[str, str]:
        try:
            desk, token = redeem(engine, body.code, datetime.now(UTC))
        except DeskError as err:
            raise refusal(err, 403) from None
        return {**desk, "token": token, "union": profile.name_zh, "profile": profile.code}

    @app.post("/v1/sign-in")
    def staff_sign_in(body: Credentials, desk: Annotated[EnrolledDesk, Depends(the_desk)]) -> dict[str, Any]:
        now = datetime.now(UTC)
        try:
            with ChainedUnitOfWork(sessionmaker(engine)) as uow:
                found = uow.staff.where(username=body.username.strip())
                # Only this desk's own branch: another branch's staff get the same answer as a wrong password.
                if found and found[0].branch_code != desk.branch_code:
                    raise DeskError("staff.bad_credentials")
                signed = sign_in(uow, body.username, body.password, desk.desk_code, now)
        except DeskError as err:
            raise refusal(err, 403) from None
        token, expires = open_session(engine, signed.actor.staff_id, desk, now)
        return {
            "staff_id": str(signed.actor.staff_id),
            "display_name": signed.display_name,
            "role": signed.role,
            "branch": signed.actor.branch_code,
            "session": token,
            "expires": expires.isoformat(),
        }

    @app.get("/v1/audit-heads")
    def audit_heads(desk: Annotated[EnrolledDesk, Depends(the_desk)]) -> dict[str, Any]:
        """The heads of this desk's audit chain the union was shown, for `carddesk audit verify`."""
        return {"heads": [[seq, digest] for seq, digest in heads_of(engine, desk)]}

    @app.post("/v1/resolutions")
    def resolve(body: Resolution, desk: Annotated[EnrolledDesk, Depends(the_desk)]) -> dict[str, Any]:
        """Staff at the desk say how they dealt with a command the union refused (the one card kept)."""
        present = session_staff(engine, {"staff": body.session}, desk, datetime.now(UTC))
        if not present:
            raise HTTPException(403, {"code": "union.sign_in_needed"})
        if not resolve_refused(engine, desk, present, body.command_id, body.resolution):
            raise HTTPException(404, {"code": "sync.no_conflict"})
        return {"resolved": str(body.command_id)}

    @app.get("/v1/changes")
    def pull(
        desk: Annotated[EnrolledDesk, Depends(the_desk)],
        after: Annotated[int, Query(ge=0)] = 0,
        served_days: Annotated[int, Query(ge=0, le=MAX_SERVED_DAYS)] = 30,
    ) -> dict[str, Any]:
        """The rows this desk holds that changed after its cursor: its branch's, and its recent readers'."""
        with engine.connect() as connection:
            page = page_for(connection, desk.id, desk.branch_code, after, served_days, datetime.now(UTC))
        return {"rows": page.rows, "cursor": page.cursor, "more": page.more}

    @app.post("/v1/rows")
    def rows(body: RowsWanted, desk: Annotated[EnrolledDesk, Depends(the_desk)]) -> dict[str, Any]:
        """Rows a desk holds, as the union has them (to undo here what the union refused)."""
        wanted = [(entity, entity_id) for entity, entity_id in body.rows]
        with engine.connect() as connection:
            return {"rows": rows_for(connection, desk.id, desk.branch_code, wanted, datetime.now(UTC))}

    @app.get("/v1/served")
    def served(
        desk: Annotated[EnrolledDesk, Depends(the_desk)],
        served_days: Annotated[int, Query(ge=0, le=MAX_SERVED_DAYS)] = 30,
    ) -> dict[str, Any]:
        """The readers of other branches this desk may still hold: those it served in the last days."""
        readers_table = Base.metadata.tables["readers"]
        with engine.connect() as connection:
            found = connection.execute(
                select(readers_table.c.id).where(
                    readers_table.c.id.in_(served_by(desk.id, served_days, datetime.now(UTC))),
                    readers_table.c.home_branch_code != desk.branch_code,
                )
            )
            return {"readers": sorted(str(r) for r in found.scalars())}

    @app.get("/v1/snapshot")
    def snapshot(desk: Annotated[EnrolledDesk, Depends(the_desk)]) -> FileResponse:
        """The desk's branch as one encrypted file, for its first pull; its key and cursor in the headers."""
        made = snapshots.of(desk.branch_code)
        headers = {"X-Carddesk-Cursor": str(made.cursor), "X-Carddesk-Key": made.key.hex()}
        return FileResponse(made.path, media_type="application/vnd.sqlite3", headers=headers)

    @app.post("/v1/commands")
    def push(body: Batch, desk: Annotated[EnrolledDesk, Depends(the_desk)]) -> dict[str, Any]:
        present = session_staff(engine, body.sessions, desk, datetime.now(UTC))
        batch = [PushedCommand(c.id, c.name, c.staff_id, c.at, c.inputs, c.numbers) for c in body.commands]
        head = (body.audit_seq, body.audit_hash) if body.audit_seq else None
        outcomes = apply_batch(engine, profile, desk, present, batch, body.outbox_depth, head)
        return {"outcomes": [o.__dict__ for o in outcomes]}

    return app
