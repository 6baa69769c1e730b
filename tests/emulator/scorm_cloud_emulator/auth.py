"""Authentication (Basic app credentials, Bearer OAuth tokens) and per-operation scope checks.

Route modules protect an operation with a dependency:

    from ..auth import Principal, app_auth, mgmt_auth
    @router.get("/widgets")
    def list_widgets(who: Principal = Depends(app_auth("course"))): ...   # tenant = who.app_id

The action part of the scope comes from the HTTP method (GET=read, POST/PUT=write, DELETE=delete), so
`app_auth("course")` demands read:course / write:course / delete:course of OAuth tokens.  Basic
credentials carry every scope.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from fastapi import Depends, Request
from fastapi.security import HTTPBasic, HTTPBearer

from .context import Emulator, get_emu
from .errors import ApiError

APP_NORMAL = "APP_NORMAL"
APP_MANAGEMENT = "APP_MANAGEMENT"
OAUTH = "OAUTH"
NONE = "NONE"

FAMILIES = ("course", "dispatch", "invitation", "registration", "xapicredential", "xapipipe", "appmgmt")
KNOWN_SCOPES = frozenset(
    ["read", "write", "delete", "admin", "read:ping", "read:about", "read:reporting", "read:learner",
     "write:learner"]
    + [f"{action}:{family}" for action in ("read", "write", "delete") for family in FAMILIES])
ACTION_BY_METHOD = {"GET": "read", "HEAD": "read", "POST": "write", "PUT": "write", "PATCH": "write",
                    "DELETE": "delete"}
TOKEN_PREFIX = "sce1"
MAX_TOKEN_SECONDS = 366 * 24 * 3600

# Declared only so the OpenAPI document lists the schemes; the real checks are below.
_basic_doc = HTTPBasic(auto_error=False)
_bearer_doc = HTTPBearer(auto_error=False)


@dataclass
class Principal:
    app_id: str
    scheme: str                  # APP_NORMAL | APP_MANAGEMENT | OAUTH
    is_mgmt_app: bool
    scopes: frozenset[str] | None = None   # None = Basic credentials, i.e. everything

    def allows(self, action: str, family: str) -> bool:
        if self.scopes is None:
            return True
        return bool({"admin", action, f"{action}:{family}"} & self.scopes)


def unauthorized(message: str = "Authorization Required.") -> ApiError:
    return ApiError(401, message, {"WWW-Authenticate": 'Basic realm="SCORM Cloud"'})


def _record(request: Request, scheme: str) -> None:
    """Tell the request-log middleware which scheme authenticated this request."""
    holder = request.scope.get("emulator.auth")
    if holder is not None:
        holder["auth"] = scheme


# -- tokens -----------------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue_token(emu: Emulator, app_id: str, scopes: list[str], seconds: int) -> str:
    payload = {"app": app_id, "scopes": scopes, "exp": time.time() + seconds}
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    sig = _b64(hmac.new(emu.token_key, f"{TOKEN_PREFIX}.{body}".encode(), hashlib.sha256).digest())
    token = f"{TOKEN_PREFIX}.{body}.{sig}"
    emu.note_secret("token", token)
    return token


def _verify_token(emu: Emulator, token: str) -> dict:
    try:
        prefix, body, sig = token.split(".")
        expected = _b64(hmac.new(emu.token_key, f"{prefix}.{body}".encode(), hashlib.sha256).digest())
        if prefix != TOKEN_PREFIX or not hmac.compare_digest(sig, expected):
            raise ValueError
        payload = json.loads(_unb64(body))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise unauthorized("Invalid access token")
    if payload["exp"] < time.time():
        raise unauthorized("Access token expired")
    return payload


def validate_scopes(raw: list[str]) -> list[str]:
    scopes = [s for s in raw if s]
    if not scopes:
        raise ApiError(400, "At least one scope is required")
    unknown = sorted(set(scopes) - KNOWN_SCOPES)
    if unknown:
        raise ApiError(400, f"Unknown scope(s): {', '.join(unknown)}")
    return scopes


# -- authentication ---------------------------------------------------------------------------
def authenticate(request: Request, emu: Emulator, *, allow_bearer: bool = True) -> Principal:
    header = request.headers.get("authorization", "")
    kind, _sep, value = header.partition(" ")
    kind = kind.lower()
    if kind == "basic":
        try:
            user, sep, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise unauthorized("Malformed Basic credentials")
        if not sep or not user:
            raise unauthorized()
        app = emu.store.get_app(user)
        if app is None or not any(hmac.compare_digest(password.encode(), s.encode())
                                  for s in emu.store.active_secrets(user)):
            raise unauthorized("Provided credentials are invalid")
        return Principal(app["id"], APP_MANAGEMENT if app["is_mgmt"] else APP_NORMAL, app["is_mgmt"])
    if kind == "bearer" and value.strip():
        if not allow_bearer:
            raise unauthorized("This endpoint accepts Basic application credentials only")
        payload = _verify_token(emu, value.strip())
        app = emu.store.get_app(payload["app"])
        if app is None:
            raise unauthorized("The token's application no longer exists")
        return Principal(app["id"], OAUTH, app["is_mgmt"], frozenset(payload["scopes"]))
    raise unauthorized()


def _require(family: str, *, mgmt: bool):
    def dependency(request: Request, emu: Emulator = Depends(get_emu),
                   _b=Depends(_basic_doc), _t=Depends(_bearer_doc)) -> Principal:
        who = authenticate(request, emu)
        _record(request, who.scheme)
        if mgmt:
            # App Management endpoints: the App Management app itself, or a token it issued.
            if not who.is_mgmt_app:
                raise ApiError(403, "This operation requires App Management credentials")
        elif who.scheme == APP_MANAGEMENT or (who.scheme == OAUTH and who.is_mgmt_app):
            raise ApiError(403, "App Management credentials are only valid on application management endpoints")
        action = ACTION_BY_METHOD.get(request.method.upper(), "write")
        if not who.allows(action, family):
            raise ApiError(403, f"The access token lacks the scope {action}:{family}")
        return who
    return dependency


def app_auth(family: str):
    """APP_NORMAL | OAUTH endpoints; the principal's app_id is the tenant."""
    return _require(family, mgmt=False)


def mgmt_auth(family: str = "appmgmt"):
    """APP_MANAGEMENT | OAUTH (token issued to an App Management app) endpoints."""
    return _require(family, mgmt=True)


def basic_auth(request: Request, emu: Emulator = Depends(get_emu), _b=Depends(_basic_doc)) -> Principal:
    """Token endpoints: APP_NORMAL | APP_MANAGEMENT Basic credentials only."""
    who = authenticate(request, emu, allow_bearer=False)
    _record(request, who.scheme)
    return who
