"""Files kept with records: the reader's photo and the guardian's signature, checked to be real images."""

from __future__ import annotations

import hashlib
import io

from desk_app.core.entities import Attachment
from desk_app.core.errors import DeskError
from desk_app.core.ids import new_id
from desk_app.core.permissions import require
from desk_app.core.services.context import DeskContext
from desk_app.core.services.recording import audit, snapshot
from desk_app.core.uow import UnitOfWork

IMAGE_KINDS = {"photo", "signature"}
MAX_BYTES = 5_000_000
MIMES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def _image_mime(content: bytes) -> str:
    # Pillow is loaded with the first picture, not with every desk's start.
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            fmt = image.format or ""
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise DeskError("attachment.not_an_image") from None
    if fmt not in MIMES:
        raise DeskError("attachment.not_an_image")
    return MIMES[fmt]


def attach(uow: UnitOfWork, ctx: DeskContext, owner: str, owner_id: str, kind: str, content: bytes) -> Attachment:
    """Keep a file with a record; a newer photo or signature replaces the older one for printing."""
    require(uow, ctx, "attach")
    if len(content) > MAX_BYTES:
        raise DeskError("attachment.too_large", limit=MAX_BYTES // 1_000_000)
    mime = _image_mime(content) if kind in IMAGE_KINDS else "application/octet-stream"
    item = Attachment(
        id=new_id(),
        owner=owner,
        owner_id=owner_id,
        kind=kind,
        mime=mime,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        created_at=ctx.now(),
        staff_id=ctx.actor.staff_id,
    )
    uow.attachments.add(item)
    audit(uow, ctx, f"attach_{kind}", owner, item.id, None, snapshot(item))
    uow.commit()
    return item


def latest(uow: UnitOfWork, owner: str, owner_id: str, kind: str) -> bytes | None:
    found = uow.attachments.where(owner=owner, owner_id=owner_id, kind=kind)
    return max(found, key=lambda a: a.created_at).content if found else None
