"""The desk and the central database: connecting with the keyring's password, syncing, online or offline,
and the conflicts staff resolve."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from sqlalchemy import create_engine, select, text

from db.models import OutboxRow, SyncConflictRow
from db.sync import SyncEngine, SyncResult, pending_changes
from desk_app.bootstrap import OpenDesk
from desk_app.core.clock import utc_now
from desk_app.core.errors import DeskError
from desk_app.core.services.context import DeskContext
from desk_app.core.services.sync_conflicts import cancel_refused_card
from desk_app.secrets import central_password
from desk_app.setup_checks import central_url
from desk_app.union_desk import ConflictView

log = logging.getLogger(__name__)


class CentralLink:
    """This desk's connection to the central database, if it has one; online means it answered lately."""

    def __init__(self, desk: OpenDesk, settings: dict[str, Any], check_every: float = 10.0) -> None:
        self.desk = desk
        self.url = str(settings.get("central_url") or "")
        self.user = str(settings.get("central_user") or "")
        self.ca_file = str(settings.get("central_ca_file") or "")
        self._engine: Any = None
        self._checked: tuple[float, bool] | None = None
        self.check_every = check_every

    @property
    def configured(self) -> bool:
        return bool(self.url and self.user)

    def engine(self) -> Any:
        if self._engine is None:
            target = central_url(self.url, self.user, self.ca_file).set(password=central_password(self.url, self.user))
            self._engine = create_engine(target, connect_args={"connect_timeout": 5}, pool_pre_ping=True)
        return self._engine

    def online(self) -> bool:
        if not self.configured:
            return False
        now = time.monotonic()
        if self._checked and now - self._checked[0] < self.check_every:
            return self._checked[1]
        try:
            with self.engine().connect() as connection:
                connection.execute(text("SELECT 1"))
            state = True
        except Exception:  # any failure to reach it is "offline"; the reason goes to the log
            log.info("central database not reachable", exc_info=True)
            state = False
        self._checked = (now, state)
        return state

    def require_online(self) -> None:
        """Refunds and other union-wide rules need the central database's answer, never a guess."""
        if not self.online():
            raise DeskError("sync.offline_refused")

    def union_card_of(self, person_keys: list[str]) -> tuple[str, str, str] | None:
        """The live card the union knows for any of these person keys: (number, status, branch name)."""
        from db.central.schema import central, person_cards

        cards, branches = central.tables["cards"], central.tables["branches"]
        query = (
            select(cards.c.number, cards.c.status, branches.c.name)
            .join(person_cards, person_cards.c.card_id == cards.c.id)
            .join(branches, branches.c.code == cards.c.home_branch_code)
            .where(person_cards.c.person_key.in_(person_keys))
            .limit(1)
        )
        with self.engine().connect() as connection:
            row = connection.execute(query).first()
        return (str(row[0]), str(row[1]), str(row[2])) if row else None

    def sync_engine(self) -> SyncEngine:
        return SyncEngine(self.desk.session_factory, self.engine(), self.user)

    def sync(self) -> SyncResult:
        if not self.configured:
            raise DeskError("sync.not_configured")
        try:
            result = self.sync_engine().sync()
        except DeskError:
            raise
        except Exception as err:
            self._checked = (time.monotonic(), False)
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise DeskError("sync.failed", reason=reason) from err
        self._checked = (time.monotonic(), True)
        return result

    def pending(self) -> int:
        return pending_changes(self.desk.session_factory)

    def conflicts(self) -> list[ConflictView]:
        with self.desk.session_factory() as session:
            # A change refused only because what it refers to was refused is shown with that one, not apart.
            rows = session.scalars(
                select(SyncConflictRow)
                .where(SyncConflictRow.resolved_at.is_(None), SyncConflictRow.reason != "depends_on_conflict")
                .order_by(SyncConflictRow.detected_at)
            ).all()
            return [
                ConflictView(str(r.change_id), r.entity, r.entity_id, r.reason, r.detail, r.detected_at.isoformat())
                for r in rows
            ]

    def resolve(self, ctx: DeskContext, change_id: str, resolution: str) -> str:
        """cancel-local: cancel this desk's refused card (the person keeps the union's one);
        dismiss: staff dealt with it another way (the refused change stays on record centrally)."""
        key = uuid.UUID(change_id)
        with self.desk.session_factory() as session:
            conflict = session.get(SyncConflictRow, key)
            if conflict is None or conflict.resolved_at is not None:
                raise DeskError("sync.no_conflict", change_id=change_id)
            entity, entity_id, reason = conflict.entity, conflict.entity_id, conflict.reason
        if resolution not in ("cancel-local", "dismiss"):
            raise DeskError("sync.unknown_resolution", resolution=resolution)
        outcome = ""
        if resolution == "cancel-local":
            if entity != "cards":
                raise DeskError("sync.not_a_card", entity=entity)
            with self.desk.uow() as uow:
                outcome = cancel_refused_card(uow, ctx, uuid.UUID(entity_id), reason)
        dependents = self._dependents(entity_id)
        if resolution == "cancel-local":
            # The card now goes to the central database as cancelled; what waited for it (its issue event)
            # follows, so the union keeps the whole history of the registration.
            with self.desk.session_factory.begin() as session:
                for row in dependents:
                    session.add(
                        OutboxRow(
                            change_id=uuid.uuid4(),
                            entity=row.entity,
                            entity_id=row.entity_id,
                            op="upsert",
                            payload=row.payload,
                            created_at=utc_now(),
                        )
                    )
        engine = self.sync_engine()
        engine.mark_resolved(key, resolution)
        for row in dependents:
            engine.mark_resolved(row.change_id, "with-its-card")
        return outcome

    def _dependents(self, entity_id: str) -> list[SyncConflictRow]:
        with self.desk.session_factory() as session:
            rows = session.scalars(
                select(SyncConflictRow).where(
                    SyncConflictRow.resolved_at.is_(None), SyncConflictRow.reason == "depends_on_conflict"
                )
            ).all()
            found = [r for r in rows if entity_id.replace("-", "") in r.detail.replace("-", "")]
            for row in found:
                session.expunge(row)
            return found


class UnionDirectory:
    """Reader search: the central database (the whole union) when it answers, else this desk's own."""

    def __init__(self, link: CentralLink, local: Any) -> None:
        self.link = link
        self.local = local

    def search(self, text: str, limit: int = 50) -> list[Any]:
        if self.link.online():
            from sqlalchemy.orm import sessionmaker

            from db.queries import CentralReaderDirectory

            try:
                return CentralReaderDirectory(sessionmaker(self.link.engine())).search(text, limit)
            except Exception:  # dropped mid-search: the local answer, and offline from now on
                log.info("central search failed; searching locally", exc_info=True)
                self.link._checked = (time.monotonic(), False)
        result: list[Any] = self.local.search(text, limit)
        return result


def issue_online_first(desk: OpenDesk, link: CentralLink, ctx: DeskContext, cmd: Any) -> Any:
    """Online, the union is asked first (one person, one card, whichever branch issued it) and the new card
    is sent at once; offline, the card is provisional until the central database confirms it."""
    from dataclasses import replace

    from desk_app.core.clock import local_date
    from desk_app.core.messages import CARD_STATUS_NAMES
    from desk_app.core.services.issue import issue_card

    online = link.online()
    if online:
        today = local_date(ctx.now(), ctx.profile.timezone)
        keys = [d.check(today).person_key for d in cmd.documents]
        found = link.union_card_of(keys)
        if found is not None:
            number, status, branch = found
            raise DeskError(
                "card.already_has_card", branch_name=branch, card_number=number, status=CARD_STATUS_NAMES[status]
            )
    with desk.uow() as uow:
        issued = issue_card(uow, ctx, replace(cmd, provisional=not online))
    if online:
        try:
            link.sync()
        except DeskError:
            log.info("the new card waits in the outbox for the next sync")
    return issued
