"""Unauthenticated test hooks under /__emulator/ (kept out of the OpenAPI document on purpose)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Body, Depends
from fastapi.responses import JSONResponse, Response

from .context import Emulator, Fault, get_emu
from .errors import bad_request
from .resources import NO_CONTENT
from .wire import HOOK_PREFIX

router = APIRouter(prefix=HOOK_PREFIX, include_in_schema=False)
ACTIONS = ("drop_after_commit", "delay")


@router.get("/health")
def health():
    return {"status": "ok"}


@router.get("/requests")
def get_requests(emu: Emulator = Depends(get_emu)):
    with emu.lock:
        return {"requests": [dict(entry) for entry in emu.requests]}


@router.delete("/requests")
def clear_requests(emu: Emulator = Depends(get_emu)):
    with emu.lock:
        emu.requests.clear()
    return Response(status_code=NO_CONTENT)


def _parse_fault(spec: Any) -> Fault:
    if not isinstance(spec, dict):
        raise bad_request("A fault is a JSON object")
    path_regex = spec.get("path_regex")
    if not isinstance(path_regex, str) or not path_regex:
        raise bad_request("path_regex (a regular expression string) is required")
    try:
        re.compile(path_regex)
    except re.error as exc:
        raise bad_request(f"Invalid path_regex: {exc}")
    method = spec.get("method")
    if method is not None and not isinstance(method, str):
        raise bad_request("method must be a string")
    times = spec.get("times", 1)
    if not isinstance(times, int) or isinstance(times, bool) or times < 1:
        raise bad_request("times must be a positive integer")
    action = spec.get("action")
    filters = {}
    for name in ("query_regex", "body_regex"):
        value = spec.get(name)
        if value is None:
            continue
        if not isinstance(value, str) or not value:
            raise bad_request(f"{name} must be a non-empty regular expression string")
        try:
            re.compile(value)
        except re.error as exc:
            raise bad_request(f"Invalid {name}: {exc}")
        filters[name] = value
    fault = Fault(path_regex=path_regex, method=method.upper() if method else None, times=times, action=action,
                  **filters)
    if action is None:
        status = spec.get("status")
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            raise bad_request("status (100-599) is required unless action is given")
        retry_after = spec.get("retry_after")
        if retry_after is not None and (not isinstance(retry_after, int) or retry_after < 0):
            raise bad_request("retry_after must be a non-negative integer")
        fault.status, fault.retry_after = status, retry_after
    elif action == "delay":
        seconds = spec.get("seconds")
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 <= seconds <= 600:
            raise bad_request("delay needs seconds between 0 and 600")
        commit = spec.get("commit", False)
        if not isinstance(commit, bool):
            raise bad_request("commit must be a boolean")
        fault.seconds, fault.commit = float(seconds), commit
    elif action != "drop_after_commit":
        raise bad_request(f"action must be one of {', '.join(ACTIONS)}")
    if "commit" in spec and action != "delay":
        raise bad_request("commit is only valid with action delay")
    return fault


@router.post("/faults")
def add_faults(spec: Any = Body(...), emu: Emulator = Depends(get_emu)):
    """Accepts one fault object or a list of them; they apply in the order added."""
    faults = [_parse_fault(item) for item in (spec if isinstance(spec, list) else [spec])]
    with emu.lock:
        emu.faults.extend(faults)
        count = len(emu.faults)
    return JSONResponse({"faults": count}, status_code=201)


@router.get("/faults")
def list_faults(emu: Emulator = Depends(get_emu)):
    with emu.lock:
        return {"faults": [vars(f).copy() for f in emu.faults]}


@router.delete("/faults")
def clear_faults(emu: Emulator = Depends(get_emu)):
    with emu.lock:
        emu.faults.clear()
    return Response(status_code=NO_CONTENT)


@router.get("/errors")
def get_errors(emu: Emulator = Depends(get_emu)):
    """Internal errors (emulator bugs answered with 500) since the start or the last DELETE; kept by reset."""
    with emu.lock:
        return {"errors": [dict(entry) for entry in emu.errors]}


@router.delete("/errors")
def clear_errors(emu: Emulator = Depends(get_emu)):
    with emu.lock:
        emu.errors.clear()
    return Response(status_code=NO_CONTENT)


@router.get("/secrets")
def get_secrets(emu: Emulator = Depends(get_emu)):
    """Every secret stored or issued since the start or the last DELETE; kept by reset (secrets audits)."""
    with emu.secrets_lock:
        return {"secrets": [{"kind": name, "value": value} for value, name in emu.seen_secrets.items()]}


@router.delete("/secrets")
def clear_secrets(emu: Emulator = Depends(get_emu)):
    with emu.secrets_lock:
        emu.seen_secrets.clear()
    return Response(status_code=NO_CONTENT)


@router.post("/reset")
def reset(emu: Emulator = Depends(get_emu)):
    """Empty all tenants (keeping the seeded apps); also clears the request log and faults (not errors, secrets)."""
    emu.reset()
    with emu.lock:
        emu.requests.clear()
        emu.faults.clear()
    return Response(status_code=NO_CONTENT)
