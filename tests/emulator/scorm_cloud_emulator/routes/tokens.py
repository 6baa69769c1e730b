"""OAuth token endpoints: POST /oauth/authenticate/application/token and POST /appManagement/token."""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Depends, Form, Query
from pydantic import BaseModel

from ..auth import MAX_TOKEN_SECONDS, Principal, basic_auth, issue_token, validate_scopes
from ..context import Emulator, get_emu
from ..errors import bad_request
from ..wire import parse_dt

router = APIRouter(tags=["authentication"])
DEFAULT_TOKEN_SECONDS = 300


def _seconds(raw: str | None) -> int:
    if raw is None or raw.strip() == "":
        return DEFAULT_TOKEN_SECONDS
    try:
        seconds = int(raw.strip())
    except ValueError:
        raise bad_request("expiration must be an integer number of seconds")
    if not 1 <= seconds <= MAX_TOKEN_SECONDS:
        raise bad_request(f"expiration must be between 1 and {MAX_TOKEN_SECONDS} seconds")
    return seconds


@router.post("/oauth/authenticate/application/token")
def get_app_token(
    scope: str | None = Form(None, max_length=10000, description="space-separated scopes"),
    expiration: str | None = Form(None, max_length=40, description="lifetime in seconds"),
    scope_query: str | None = Query(None, alias="scope", max_length=10000),
    expiration_query: str | None = Query(None, alias="expiration", max_length=40),
    who: Principal = Depends(basic_auth),
    emu: Emulator = Depends(get_emu),
):
    # The SDK sends a form body; the query string is accepted too (curl habits).
    scopes = validate_scopes((scope if scope is not None else scope_query or "").split())
    seconds = _seconds(expiration if expiration is not None else expiration_query)
    return {"access_token": issue_token(emu, who.app_id, scopes, seconds), "expires_in": seconds,
            "token_type": "Bearer"}


class PermissionsSchema(BaseModel):
    scopes: list[str] | None = None
    applicationName: str | None = None


class TokenRequestSchema(BaseModel):
    permissions: PermissionsSchema
    expiry: str


@router.post("/appManagement/token")
def create_token(body: TokenRequestSchema, who: Principal = Depends(basic_auth),
                 emu: Emulator = Depends(get_emu)):
    scopes = validate_scopes(body.permissions.scopes or [])
    expiry = parse_dt(body.expiry, "expiry")
    if expiry is None:
        raise bad_request("expiry is required")
    seconds = int((expiry - datetime.now(timezone.utc)).total_seconds())
    if seconds < 1:
        raise bad_request("expiry must be in the future")
    return {"result": issue_token(emu, who.app_id, scopes, min(seconds, MAX_TOKEN_SECONDS))}
