"""The desk's side of the union service: HTTPS with the library's CA, the desk's token from the keyring.

Plain HTTP is refused unless the service is on this machine's loopback (tests, a one-branch library that runs
the service on the same PC); a missing CA file means the system's trusted CAs, never "no verification".
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

from desk_app.core.errors import DeskError
from desk_app.core.messages import Text
from desk_app.secrets import secret, store_secret

TIMEOUT = 30.0
# A branch's first snapshot is built while the desk waits (later desks of the branch share it).
SNAPSHOT_TIMEOUT = 30.0 * 20


def _entry(database: Path) -> str:
    return f"union-desk-token@{database.resolve()}"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and _loopback(parts.hostname or "")):
        return url.rstrip("/")
    raise DeskError("union.https_required", url=url)


def store_token(database: Path, token: str) -> None:
    store_secret(_entry(database), token)


def stored_token(database: Path) -> str | None:
    return secret(_entry(database))


@dataclass
class UnionClient:
    url: str
    token: str = ""
    ca_file: str | None = None
    # Within `with client:` the requests share one connection (one TLS handshake for a whole push or pull).
    _open: Any = field(default=None, init=False, repr=False, compare=False)

    def __enter__(self) -> Self:
        self._open = self._client()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._open.close()
        self._open = None

    def _client(self) -> Any:
        import ssl

        import httpx

        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        # The library's CA when it has its own, else the system's trusted ones: verification is never off.
        verify = ssl.create_default_context(cafile=self.ca_file) if self.ca_file else ssl.create_default_context()
        return httpx.Client(base_url=check_url(self.url), verify=verify, timeout=TIMEOUT, headers=headers)

    def _send(self, method: str, path: str, session: str = "", **request: Any) -> Any:
        """One request; a failure to reach the union (refused, cut, timed out) says so with its reason."""
        import httpx

        try:
            if self._open is not None:
                return self._open.request(method, path, headers=_as_staff(session), **request)
            with self._client() as client:
                return client.request(method, path, headers=_as_staff(session), **request)
        except httpx.HTTPError as err:
            raise DeskError("union.unreachable", url=self.url, reason=network_reason(err)) from err

    def _post(self, path: str, body: dict[str, Any], session: str = "") -> dict[str, Any]:
        answer = self._send("POST", path, session, json=body)
        if answer.status_code >= 400:
            detail = (
                answer.json().get("detail")
                if answer.headers.get("content-type", "").startswith("application/json")
                else None
            )
            code = detail.get("code") if isinstance(detail, dict) else None
            if code in _KNOWN:
                raise DeskError(str(code))
            if isinstance(detail, dict) and "zh" in detail:
                # A rule of the union refused it: its own words, in both languages, and its code.
                raise DeskError("union.said", zh=detail["zh"], en=detail.get("en", detail["zh"]), code=code)
            raise DeskError("union.refused", status=answer.status_code, detail=str(detail))
        result: dict[str, Any] = answer.json()
        return result

    def health(self) -> dict[str, Any]:
        result: dict[str, Any] = self._send("GET", "/v1/health").json()
        return result

    def _get(self, path: str, params: dict[str, Any] | None = None, session: str = "") -> dict[str, Any]:
        return self._read(self._send("GET", path, session, params=params))

    @staticmethod
    def _read(answer: Any) -> dict[str, Any]:
        """An answer's JSON, or the refusal it carries."""
        if answer.status_code == 403 and "union.sign_in_needed" in answer.text:
            raise DeskError("union.sign_in_needed")
        if answer.status_code >= 400:
            raise DeskError("union.refused", status=answer.status_code, detail=answer.text[:200])
        result: dict[str, Any] = answer.json()
        return result

    def audit_heads(self) -> list[tuple[int, str]]:
        return [(int(seq), str(digest)) for seq, digest in self._get("/v1/audit-heads")["heads"]]

    def snapshot(self, target: Path) -> tuple[int, bytes] | None:
        """The desk's branch as the union's encrypted file, into `target`: (its change log cursor, its key);
        None from a union that gives none (the change log from its start, then)."""
        import httpx

        try:
            with self._client() as client, client.stream("GET", "/v1/snapshot", timeout=SNAPSHOT_TIMEOUT) as answer:
                if answer.status_code == 404:
                    return None
                if answer.status_code >= 400:
                    raise DeskError("union.refused", status=answer.status_code, detail="")
                with target.open("wb") as out:
                    for chunk in answer.iter_bytes(1 << 20):
                        out.write(chunk)
                return int(answer.headers["X-Carddesk-Cursor"]), bytes.fromhex(answer.headers["X-Carddesk-Key"])
        except httpx.HTTPError as err:
            raise DeskError("union.unreachable", url=self.url, reason=network_reason(err)) from err

    def served(self, served_days: int) -> list[str] | None:
        """The readers of other branches this desk served in the last days (it may keep holding them); None
        from a union too old to say."""
        answer = self._send("GET", "/v1/served", params={"served_days": served_days})
        if answer.status_code == 404:
            return None
        readers: list[str] = self._read(answer)["readers"]
        return readers

    def changes(self, after: int, served_days: int) -> dict[str, Any]:
        return self._get("/v1/changes", {"after": after, "served_days": served_days})

    def search_readers(self, text: str, session: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._get("/v1/readers", {"q": text}, session)["readers"]
        return found

    def reader_details(self, reader_id: str, reason: str, session: str) -> dict[str, Any]:
        return self._post(f"/v1/readers/{reader_id}/details", {"reason": reason}, session)

    def serve_reader(self, reader_id: str, session: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._post(f"/v1/readers/{reader_id}/serve", {}, session)["rows"]
        return rows

    def change_staff(self, change: dict[str, str], session: str) -> dict[str, Any]:
        return self._post("/v1/staff", change, session)

    def person_index(self, session: str) -> tuple[bytes, bytes]:
        """(the index key, the sorted 32-bit entries): see desk_app/union/person_index.py."""
        answer = self._send("GET", "/v1/person-index", session)
        if answer.status_code >= 400:
            raise DeskError("union.refused", status=answer.status_code, detail=answer.text[:200])
        return bytes.fromhex(answer.headers["X-CardDesk-Index-Key"]), answer.content

    def enrol(self, code: str) -> dict[str, Any]:
        return self._post("/v1/enrol", {"code": code})

    def sign_in(self, username: str, password: str) -> dict[str, Any]:
        return self._post("/v1/sign-in", {"username": username, "password": password})

    def rows(self, wanted: list[list[str]]) -> list[dict[str, Any]]:
        """[table, id] rows as the union has them now ({"entity", "id", "row"}, row None: not at the union)."""
        found: list[dict[str, Any]] = self._post("/v1/rows", {"rows": wanted})["rows"]
        return found

    def resolve(self, command_id: str, resolution: str, session: str) -> dict[str, Any]:
        return self._post("/v1/resolutions", {"command_id": command_id, "resolution": resolution, "session": session})

    def push(
        self,
        commands: list[dict[str, Any]],
        sessions: dict[str, str],
        outbox_depth: int = 0,
        audit_head: tuple[int, str] | None = None,
    ) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"commands": commands, "sessions": sessions, "outbox_depth": outbox_depth}
        if audit_head is not None:
            body |= {"audit_seq": audit_head[0], "audit_hash": audit_head[1]}
        outcomes: list[dict[str, Any]] = self._post("/v1/commands", body)["outcomes"]
        return outcomes


def _as_staff(session: str) -> dict[str, str]:
    """A look at readers names the staff member looking, by their session at this desk."""
    return {"X-CardDesk-Session": session} if session else {}


# Refusals the service names that the desk has words for; anything else is "the union refused".
_KNOWN = {
    "union.code_invalid", "union.desk_unknown", "staff.bad_credentials", "staff.no_password",
    "union.sign_in_needed",
}  # fmt: skip


def redeem_code(url: str, code: str, ca_file: str | None) -> tuple[dict[str, Any], str]:
    """IT's one-time code for this desk's own token (network; the caller keeps the token)."""
    joined = UnionClient(url, ca_file=ca_file).enrol(code)
    token = str(joined.pop("token"))
    return joined, token


def joined_settings(settings: dict[str, Any], database: Path, url: str, ca_file: str | None,
                    joined: dict[str, Any], token: str) -> dict[str, Any]:  # fmt: skip
    """The token into the keyring (under the desk's file), and the settings of a desk in the union. A desk
    registered with the old central database moves over: its database password is deleted, never used again."""
    store_token(database, token)
    if settings.get("central_url") and settings.get("central_user"):
        from desk_app.secrets import forget_central_password

        forget_central_password(str(settings["central_url"]), str(settings["central_user"]))
        joined["moved_from"] = str(settings["central_user"])
    union = {"url": url, "ca_file": ca_file, "database": str(database.resolve()), "name": joined.get("union", "")}
    return {**settings, "union": union, "branch": joined["branch"], "desk": joined["desk"], "central_url": "",
            "central_user": "", "central_ca_file": ""}  # fmt: skip


# What went wrong on the way, in words for the clerk and the set-up (the technical detail goes to the log).
_REASONS = (
    (("name or service not known", "temporary failure in name resolution", "nodename nor servname", "getaddrinfo"),
     Text("找不到这个主机名，请检查地址", "the host name is not known: check the address")),
    (("connection refused",),
     Text("这个地址上没有联盟服务在运行（服务未启动，或端口不对）",
          "nothing answers at this address (the service is not running, or the port is wrong)")),
    (("certificate_verify_failed", "certificate verify failed", "self-signed", "hostname mismatch"),
     Text("服务的证书没有通过校验：请使用信息部门给的 CA 证书文件",
          "the service's certificate failed its check: use the CA file library IT gave")),
    (("wrong version number", "record layer failure", "unexpected eof"),
     Text("对方没有用 HTTPS 应答（地址或端口可能不是联盟服务）",
          "the other side did not answer with HTTPS (the address or port may not be the union service)")),
    (("network is unreachable", "no route to host"),
     Text("网络不通：请检查本机网络连接", "the network is unreachable: check this PC's connection")),
)  # fmt: skip


def network_reason(err: Exception) -> Text:
    """Why the union could not be reached, as a person reads it; the raw error is logged for IT."""
    import logging

    import httpx

    logging.getLogger(__name__).info("union unreachable: %s: %s", type(err).__name__, err)
    said = f"{type(err).__name__} {err}".lower()
    for needles, reason in _REASONS:
        if any(needle in said for needle in needles):
            return reason
    if isinstance(err, httpx.TimeoutException):
        return Text("连接超时（网络不通，或服务太忙）", "timed out (the network is down, or the service is busy)")
    if isinstance(err, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return Text("连接在中途断开了", "the connection was cut on the way")
    return Text("网络出错（详情已记入日志）", "a network error (the details are in the log)")
