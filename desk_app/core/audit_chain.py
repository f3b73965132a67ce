"""The audit log's hash chain: each record's hash covers its content and the hash before it.

An edited record no longer matches its hash; a deleted one leaves a gap in the sequence and a broken link;
a record added out of turn breaks the link after it. `carddesk audit verify` walks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desk_app.core.entities import AuditRecord

GENESIS = "0" * 64


def _canonical(record: AuditRecord) -> bytes:
    body: dict[str, Any] = {
        "seq": record.seq,
        "id": str(record.id),
        "at": record.at.isoformat(),
        "staff_id": str(record.staff_id),
        "branch_code": record.branch_code,
        "desk_code": record.desk_code,
        "action": record.action,
        "entity": record.entity,
        "entity_id": record.entity_id,
        "before": record.before,
        "after": record.after,
        "reason": record.reason,
        "prev_hash": record.prev_hash,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_hash(record: AuditRecord) -> str:
    return hashlib.sha256(_canonical(record)).hexdigest()


def seal(record: AuditRecord, previous_seq: int, previous_hash: str) -> AuditRecord:
    """Give a new record its place in the chain."""
    record.seq = previous_seq + 1
    record.prev_hash = previous_hash or GENESIS
    record.hash = chain_hash(record)
    return record


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify(records: Iterable[AuditRecord]) -> ChainReport:
    previous_seq, previous_hash, checked = 0, GENESIS, 0
    for record in sorted(records, key=lambda r: r.seq):
        checked += 1
        if record.seq != previous_seq + 1:
            return ChainReport(False, checked, previous_seq + 1, f"record {previous_seq + 1} is missing")
        if record.prev_hash != previous_hash:
            return ChainReport(False, checked, record.seq, f"record {record.seq} does not follow record {previous_seq}")
        if chain_hash(record) != record.hash:
            return ChainReport(False, checked, record.seq, f"record {record.seq} was changed after it was written")
        previous_seq, previous_hash = record.seq, record.hash
    return ChainReport(True, checked)


def against_anchors(records: Iterable[AuditRecord], anchors: Iterable[tuple[int, str]]) -> ChainReport | None:
    """The chain against the heads the union was shown at each push: a tail cut off (a head beyond the chain's
    end) or a chain hashed anew after an edit (a head whose hash the chain no longer has) is reported."""
    by_seq = {record.seq: record.hash for record in records}
    last = max(by_seq, default=0)
    for seq, digest in sorted(anchors):
        if seq > last:
            return ChainReport(
                False, len(by_seq), last + 1, f"records {last + 1}-{seq} were cut off (the union saw {seq})"
            )
        if by_seq.get(seq) != digest:
            return ChainReport(
                False, len(by_seq), seq, f"record {seq} is not the one the union saw: the chain was rewritten"
            )
    return None
