"""xAPI statement pipes and xAPI (LRS) credentials (XapiApi).

Store kinds (tenant = app id): "xapipipe" and "xapicredential".

Choices where the service is silent or unknown (also listed in the emulator README):
- Pipes are created, updated and deleted synchronously (the service does it in the background) and never
  "process", so a PUT never answers 409. A PUT update restarts forwarding: attempts and the last forwarded
  date are reset, as the service documents.
- Pipe passwords are write-only: GET never returns them. A PUT that sends an endpoint replaces its url and
  userName; a password left out of that endpoint keeps the stored one. An endpoint left out is kept.
- Credential `auth` / `permissionsLevel` are accepted as plain strings ("BASICAUTH", case-insensitive) or in
  the SDK's object form ({"xapiCredentialAuthType": "BASICAUTH"}). The SDK sends {} whenever its wrapper is
  empty, which is always the case for a credential it has read (it cannot parse the plain strings); {} means
  "no value": the default (BASICAUTH / DEFAULT) on create, the current value on update. Responses always
  carry plain strings, the form the service's schema describes.
- GET of a credential (one or the list) includes its secret, as the service does.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from ..auth import Principal, app_auth
from ..context import Emulator, get_emu
from ..errors import bad_request
from ..models import Body, Name, Text
from ..paging import Docs, ListQuery, ListSpec, dt_key, list_query, paginate, resolve, text_key
from ..resources import NO_CONTENT, delete_doc, require_doc
from ..wire import check_id, now_iso

router = APIRouter(tags=["xapi"])
pipe_auth = app_auth("xapipipe")
credential_auth = app_auth("xapicredential")
PIPE, CREDENTIAL = "xapipipe", "xapicredential"

AUTH_TYPES = ("BASICAUTH", "OAUTH")
PERMISSION_LEVELS = ("DEFAULT", "USER", "ROOT", "READONLY", "WRITEONLY")
# SDK object form -> the key inside it that carries the enum value.
ENUM_FIELDS = {"auth": ("xapiCredentialAuthType", AUTH_TYPES, "BASICAUTH"),
               "permissionsLevel": ("xapiCredentialPermissionsLevel", PERMISSION_LEVELS, "DEFAULT")}


# -- request bodies -------------------------------------------------------------------------------
class XapiEndpointSchema(Body):
    url: Text | None = None
    userName: Name | None = None
    password: Name | None = None


class XapiStatementPipeSchema(Body):
    source: XapiEndpointSchema | None = None
    target: XapiEndpointSchema | None = None


class XapiCredentialPostSchema(Body):
    name: Name | None = None
    info: Text | None = None
    secret: Name | None = None
    isEnabled: bool | None = None
    # A plain string or the SDK's object form; validated by _enum_value.
    auth: Name | dict[str, Any] | None = None
    permissionsLevel: Name | dict[str, Any] | None = None


# -- pipes ----------------------------------------------------------------------------------------
def _check_url(url: str | None, field: str) -> str:
    if url is None or not url.strip():
        raise bad_request(f"{field}.url is required")
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise bad_request(f"{field}.url must be an absolute http or https URL")
    return url.strip()


def _endpoint(value: XapiEndpointSchema, current: dict | None, field: str) -> dict:
    """The stored endpoint after applying a sent one (a left-out password keeps the stored password)."""
    return {"url": _check_url(value.url, field), "userName": value.userName,
            "password": value.password if value.password is not None else (current or {}).get("password")}


def _render_endpoint(endpoint: dict | None) -> dict | None:
    if endpoint is None:
        return None
    # Passwords are write-only: never rendered.
    return {key: endpoint[key] for key in ("url", "userName") if endpoint.get(key) is not None}


def _render_pipe(doc: dict) -> dict:
    data = {"id": doc["id"], "attempts": doc["attempts"]}
    for key in ("lastForwardedStatementDate", "visibleAfter", "moreUrl"):
        if doc.get(key) is not None:
            data[key] = doc[key]
    for key in ("source", "target"):
        if doc.get(key) is not None:
            data[key] = _render_endpoint(doc[key])
    return data


def _new_pipe(pipe_id: str, body: XapiStatementPipeSchema) -> dict:
    if body.target is None:
        raise bad_request("target is required")
    ts = now_iso()
    return {"id": pipe_id, "created": ts, "updated": ts, "attempts": 0, "lastForwardedStatementDate": None,
            "source": _endpoint(body.source, None, "source") if body.source is not None else None,
            "target": _endpoint(body.target, None, "target")}


def _update_pipe(doc: dict, body: XapiStatementPipeSchema) -> dict:
    for key in ("source", "target"):
        value = getattr(body, key)
        if value is not None:
            doc[key] = _endpoint(value, doc.get(key), key)
    # The service restarts an updated pipe from the beginning.
    doc.update(updated=now_iso(), attempts=0, lastForwardedStatementDate=None)
    return doc


def _new_id(emu: Emulator, tenant: str, kind: str) -> str:
    while True:
        candidate = secrets.token_hex(10)
        if not emu.store.exists(tenant, kind, candidate):
            return candidate


@router.get("/xapi/statementPipes")
def get_statement_pipes(who: Principal = Depends(pipe_auth), emu: Emulator = Depends(get_emu)):
    # Not paginated: the whole list, and the key is present even when empty (the SDK requires it).
    return {"xapiStatementPipes": [_render_pipe(d) for d in emu.store.list(who.app_id, PIPE)]}


@router.post("/xapi/statementPipes")
def create_statement_pipe(body: XapiStatementPipeSchema, who: Principal = Depends(pipe_auth),
                          emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        pipe_id = _new_id(emu, who.app_id, PIPE)
        emu.store.put(who.app_id, PIPE, pipe_id, _new_pipe(pipe_id, body))
    return {"result": pipe_id}


@router.get("/xapi/statementPipes/{pipe_id:seg}")
def get_statement_pipe(pipe_id: str, who: Principal = Depends(pipe_auth), emu: Emulator = Depends(get_emu)):
    return _render_pipe(require_doc(emu.store, who.app_id, PIPE, pipe_id, "xAPI statement pipe"))


@router.put("/xapi/statementPipes/{pipe_id:seg}")
def set_statement_pipe(pipe_id: str, body: XapiStatementPipeSchema, who: Principal = Depends(pipe_auth),
                       emu: Emulator = Depends(get_emu)):
    check_id(pipe_id, "statementPipeId")
    with emu.store.transaction():
        doc = emu.store.get(who.app_id, PIPE, pipe_id)
        doc = _new_pipe(pipe_id, body) if doc is None else _update_pipe(doc, body)
        emu.store.put(who.app_id, PIPE, pipe_id, doc)
    # StringResultSchema, not 204: the SDK raises when `result` is missing.
    return {"result": pipe_id}


@router.delete("/xapi/statementPipes/{pipe_id:seg}", status_code=NO_CONTENT)
def delete_statement_pipe(pipe_id: str, who: Principal = Depends(pipe_auth), emu: Emulator = Depends(get_emu)):
    delete_doc(emu.store, who.app_id, PIPE, pipe_id, "xAPI statement pipe")
    return Response(status_code=NO_CONTENT)


# -- credentials ----------------------------------------------------------------------------------
CREDENTIAL_SPEC = ListSpec(
    name="xapiCredentials",
    filter_fields={"credential_id": "id", "name": "name"},
    default_filter_by="credential_id",
    order_fields={"updated": dt_key("updated"), "created": dt_key("created"), "name": text_key("name")},
)


def _enum_value(raw: str | dict | None, field: str, current: str | None) -> str:
    """A plain string or the SDK's object form -> the enum value; {} (what the SDK sends) -> current or default."""
    key, allowed, default = ENUM_FIELDS[field]
    if raw is None:
        raise bad_request(f"{field} is required")
    if isinstance(raw, dict):
        unknown = set(raw) - {key}
        if unknown:
            raise bad_request(f"{field} must be a string or an object with the key {key}")
        raw = raw.get(key)
        if raw is None:
            return current or default
    if not isinstance(raw, str) or raw.upper() not in allowed:
        raise bad_request(f"{field} must be one of {', '.join(allowed)}")
    return raw.upper()


def _credential_doc(cred_id: str, body: XapiCredentialPostSchema, current: dict | None) -> dict:
    """Validate a full XapiCredentialPostSchema (create and update alike) into a stored credential."""
    for field in ("name", "secret", "isEnabled"):
        if getattr(body, field) is None:
            raise bad_request(f"{field} is required")
    if not body.name.strip():
        raise bad_request("name must not be empty")
    if not body.secret.strip():
        raise bad_request("secret must not be empty")
    ts = now_iso()
    current = current or {}
    return {"id": cred_id, "name": body.name, "info": body.info, "secret": body.secret,
            "isEnabled": body.isEnabled,
            "auth": _enum_value(body.auth, "auth", current.get("auth")),
            "permissionsLevel": _enum_value(body.permissionsLevel, "permissionsLevel",
                                            current.get("permissionsLevel")),
            "created": current.get("created", ts), "updated": ts}


def _render_credential(doc: dict) -> dict:
    data = {key: doc[key] for key in ("id", "name", "secret", "isEnabled", "auth", "permissionsLevel")}
    if doc.get("info") is not None:
        data["info"] = doc["info"]
    return data


@router.get("/xapi/credentials")
def get_xapi_credentials(request: Request, q: ListQuery = Depends(list_query),
                         who: Principal = Depends(credential_auth), emu: Emulator = Depends(get_emu)):
    q = resolve(CREDENTIAL_SPEC, q, {})
    return paginate(request, CREDENTIAL_SPEC, q, Docs(emu.store, who.app_id, CREDENTIAL), _render_credential)


@router.post("/xapi/credentials")
def create_xapi_credential(body: XapiCredentialPostSchema, who: Principal = Depends(credential_auth),
                           emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        cred_id = _new_id(emu, who.app_id, CREDENTIAL)
        emu.store.put(who.app_id, CREDENTIAL, cred_id, _credential_doc(cred_id, body, None))
    return {"result": cred_id}


@router.get("/xapi/credentials/{credential_id:seg}")
def get_xapi_credential(credential_id: str, who: Principal = Depends(credential_auth),
                        emu: Emulator = Depends(get_emu)):
    return _render_credential(require_doc(emu.store, who.app_id, CREDENTIAL, credential_id, "xAPI credential"))


@router.put("/xapi/credentials/{credential_id:seg}", status_code=NO_CONTENT)
def set_xapi_credential(credential_id: str, body: XapiCredentialPostSchema, who: Principal = Depends(credential_auth),
                        emu: Emulator = Depends(get_emu)):
    check_id(credential_id, "xapiCredentialId")
    with emu.store.transaction():
        current = emu.store.get(who.app_id, CREDENTIAL, credential_id)
        emu.store.put(who.app_id, CREDENTIAL, credential_id, _credential_doc(credential_id, body, current))
    return Response(status_code=NO_CONTENT)


@router.delete("/xapi/credentials/{credential_id:seg}", status_code=NO_CONTENT)
def delete_xapi_credential(credential_id: str, who: Principal = Depends(credential_auth),
                           emu: Emulator = Depends(get_emu)):
    delete_doc(emu.store, who.app_id, CREDENTIAL, credential_id, "xAPI credential")
    return Response(status_code=NO_CONTENT)
