"""What every use case is given: who acts where, the library's policy, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from desk_app.core.clock import Clock, local_date, utc_now
from desk_app.core.entities import Actor
from desk_app.core.policy import Profile


@dataclass(frozen=True)
class DeskContext:
    actor: Actor
    profile: Profile
    clock: Clock = field(default=utc_now)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return local_date(self.clock(), self.profile.timezone)
