"""Unauthenticated test hooks under /__emulator/ (kept out of the OpenAPI document on purpose)."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Body, Depends
from fastapi.responses import JSONResponse, Response

from .answers import BODILESS, parse_pointer
from .context import Emulator, Fault, get_emu
from .errors import bad_request
from .resources import NO_CONTENT
from .wire import HOOK_PREFIX

router = APIRouter(prefix=HOOK_PREFIX, include_in_schema=False)
ACTIONS = ("drop_after_commit", "delay", "answer", "rewrite")
ANSWER_KEYS = ("body", "content_type", "headers", "patch")
PATCH_OPS = ("add", "remove", "replace")
# Headers the emulator computes itself (Content-Type has its own key).
COMPUTED_HEADERS = ("content-length", "transfer-encoding", "content-type")
_TOKEN = re.compile(r"[-!#$%&'*+.^_`|~0-9a-zA-Z]+")
_HEADER_VALUE = re.compile(r"(?:[\x21-\x7e\x80-\xff]+(?:[ \t]+[\x21-\x7e\x80-\xff]+)*)?")


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
        # A 1xx cannot be a final answer (the client would wait for another): refused, as for answer faults.
        if not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599:
            raise bad_request("status (200-599) is required unless action is given")
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
    elif action in ("answer", "rewrite"):
        _parse_answer(spec, fault)
    elif action != "drop_after_commit":
        raise bad_request(f"action must be one of {', '.join(ACTIONS)}")
    if "commit" in spec and action != "delay":
        raise bad_request("commit is only valid with action delay")
    for key in ANSWER_KEYS:
        if key in spec and action not in ("answer", "rewrite"):
            raise bad_request(f"{key} is only valid with action answer or rewrite")
    return fault


def _parse_answer(spec: dict, fault: Fault) -> None:
    """The keys of an "answer" (a made-up answer) or a "rewrite" (the real answer altered) fault."""
    rewrite = fault.action == "rewrite"
    if "retry_after" in spec:
        raise bad_request(f"retry_after is not valid with action {fault.action}; send headers {{\"Retry-After\": ...}}")
    status = spec.get("status")
    if status is not None and (not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599):
        raise bad_request("status must be an integer from 200 to 599 (a 1xx is never a final answer)")
    body = spec.get("body")
    if body is not None and not isinstance(body, str):
        raise bad_request("body must be a string (the raw text to send)")
    try:
        (body or "").encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request("body must be encodable as UTF-8 (no lone surrogates)")
    content_type = spec.get("content_type")
    if content_type is not None and not _header_value(content_type):
        raise bad_request("content_type must be a header value: printable latin-1, no leading or trailing space")
    patch = spec.get("patch")
    if patch is not None and not rewrite:
        raise bad_request("patch is only valid with action rewrite")
    if patch is not None and body is not None:
        raise bad_request("body and patch are mutually exclusive: body replaces the whole answer")
    if rewrite and all(spec.get(key) is None for key in ("status", *ANSWER_KEYS)):
        raise bad_request("rewrite needs at least one of status, body, patch, content_type, headers")
    fault.status = status if status is not None or rewrite else 200
    if fault.status in BODILESS and (body or patch is not None):
        raise bad_request(f"status {fault.status} carries no body, so neither body nor patch can go with it")
    fault.body = body if body is not None or rewrite else ""
    fault.content_type = content_type if content_type is not None or rewrite else "application/json"
    fault.headers = _parse_headers(spec.get("headers"))
    fault.patch = None if patch is None else _parse_patch(patch)


def _header_value(value: Any) -> bool:
    if not isinstance(value, str) or not _HEADER_VALUE.fullmatch(value):
        return False
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _parse_headers(headers: Any) -> dict[str, str] | None:
    if headers is None:
        return None
    if not isinstance(headers, dict):
        raise bad_request("headers must be an object of header name -> string value")
    seen = set()
    for name, value in headers.items():
        if not _TOKEN.fullmatch(name):
            raise bad_request(f"headers: {name!r} is not a valid header name")
        if name.lower() in COMPUTED_HEADERS:
            raise bad_request(f"headers: {name} is set by the emulator (use content_type for Content-Type)")
        if name.lower() in seen:
            raise bad_request(f"headers: {name} is given twice")
        seen.add(name.lower())
        if not _header_value(value):
            raise bad_request(f"headers: the value of {name} must be a string of printable latin-1, "
                              "no leading or trailing space")
    return dict(headers)


def _parse_patch(patch: Any) -> list[dict]:
    """RFC 6902 add/remove/replace operations with RFC 6901 pointers; a missing target is skipped when applied."""
    if not isinstance(patch, list) or not patch:
        raise bad_request("patch must be a non-empty list of JSON Patch operations")
    for index, operation in enumerate(patch):
        where = f"patch[{index}]"
        if not isinstance(operation, dict):
            raise bad_request(f"{where} must be an object")
        if operation.get("op") not in PATCH_OPS:
            raise bad_request(f"{where}: op must be one of {', '.join(PATCH_OPS)}")
        extra = set(operation) - {"op", "path", "value"}
        if extra:
            raise bad_request(f"{where}: unknown member {sorted(extra)[0]}")
        path = operation.get("path")
        if not isinstance(path, str):
            raise bad_request(f"{where}: path (a JSON pointer string) is required")
        try:
            parse_pointer(path)
        except ValueError as exc:
            raise bad_request(f"{where}: invalid path: {exc}")
        if operation["op"] == "remove":
            if "value" in operation:
                raise bad_request(f"{where}: remove takes no value")
            if path == "":
                raise bad_request(f"{where}: remove cannot remove the whole document (use body)")
            continue
        if "value" not in operation:
            raise bad_request(f"{where}: {operation['op']} needs a value")
        try:
            json.dumps(operation["value"], ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (ValueError, UnicodeEncodeError):
            raise bad_request(f"{where}: value must be plain JSON (no NaN, Infinity or lone surrogates)")
    return patch


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
