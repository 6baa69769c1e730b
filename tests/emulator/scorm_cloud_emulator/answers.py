"""The answers of the "answer" and "rewrite" faults: JSON Patch on an answer's body, headers and framing.

Nothing here may raise on a fault's content (the hooks validated it) or on an answer's body: a hostile server that
the tests ask for must never turn into an emulator failure.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from .context import Fault

BODILESS = (204, 304)                   # statuses that carry no body (1xx are refused by the hooks)
_INDEX = re.compile(r"0|[1-9][0-9]*")
_MISSING = object()
Headers = list[tuple[bytes, bytes]]


def parse_pointer(pointer: str) -> list[str]:
    """The reference tokens of an RFC 6901 JSON pointer ('' is the whole document); ValueError if malformed."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError("a JSON pointer is empty or starts with '/'")
    if re.search(r"~(?![01])", pointer):
        raise ValueError("'~' in a JSON pointer must be followed by 0 or 1")
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def _child(container: Any, token: str) -> Any:
    if isinstance(container, dict):
        return container.get(token, _MISSING)
    if isinstance(container, list) and _INDEX.fullmatch(token) and int(token) < len(container):
        return container[int(token)]
    return _MISSING


def _apply(doc: Any, operation: dict) -> Any:
    """``doc`` after one operation; unchanged when its target (or the target's parent) does not exist."""
    tokens = parse_pointer(operation["path"])
    name = operation["op"]
    if not tokens:
        return copy.deepcopy(operation["value"]) if name in ("add", "replace") else doc
    parent = doc
    for token in tokens[:-1]:
        parent = _child(parent, token)
    last = tokens[-1]
    exists = _child(parent, last) is not _MISSING
    if name == "remove" and exists:
        del parent[int(last) if isinstance(parent, list) else last]
    elif name == "replace" and exists:
        parent[int(last) if isinstance(parent, list) else last] = copy.deepcopy(operation["value"])
    elif name == "add" and isinstance(parent, dict):
        parent[last] = copy.deepcopy(operation["value"])
    elif name == "add" and isinstance(parent, list):
        if last == "-":
            parent.append(copy.deepcopy(operation["value"]))
        elif _INDEX.fullmatch(last) and int(last) <= len(parent):
            parent.insert(int(last), copy.deepcopy(operation["value"]))
    return doc


def _is_json(headers: Headers) -> bool:
    for name, value in headers:
        if name.lower() == b"content-type":
            media = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


def patched(body: bytes, headers: Headers, operations: list[dict]) -> bytes:
    """``body`` with the operations applied in turn, or unchanged if it is not a JSON answer (a zip, an empty 204)."""
    if not body or not _is_json(headers):
        return body
    try:
        doc = json.loads(body)
    except ValueError:
        return body
    for operation in operations:
        doc = _apply(doc, operation)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _replace(headers: Headers, name: str, value: str | None) -> Headers:
    kept = [(key, val) for key, val in headers if key.lower() != name.lower().encode("latin-1")]
    return kept if value is None else kept + [(name.lower().encode("latin-1"), value.encode("latin-1"))]


def answer_headers(fault: Fault, headers: Headers) -> Headers:
    """``headers`` with the fault's Content-Type ('' removes it) and extra headers, each replacing its namesakes."""
    if fault.content_type is not None:
        headers = _replace(headers, "content-type", fault.content_type or None)
    for name, value in (fault.headers or {}).items():
        headers = _replace(headers, name, value)
    return headers


def framed(status: int, headers: Headers, body: bytes) -> tuple[Headers, bytes]:
    """Headers with the Content-Length of ``body``; a bodiless status sends neither (RFC 9110 forbids both)."""
    headers = [(key, val) for key, val in headers if key.lower() not in (b"content-length", b"transfer-encoding")]
    if status in BODILESS:
        return headers, b""
    return headers + [(b"content-length", str(len(body)).encode())], body


def rewritten(fault: Fault, status: int, headers: Headers, body: bytes) -> tuple[int, Headers, bytes]:
    """The answer a "rewrite" fault makes of the one the request produced.

    A new non-empty body on a bodiless answer (a 204) without a new status turns the status into 200: a 204 with a
    body is not valid HTTP.  A new bodiless status drops the body.  A new body on an answer without a Content-Type
    gets application/json unless the fault says otherwise, as an "answer" fault does.
    """
    if fault.body is not None:
        body = fault.body.encode("utf-8")
        if body and fault.content_type is None and all(key.lower() != b"content-type" for key, _value in headers):
            headers = headers + [(b"content-type", b"application/json")]
    elif fault.patch:
        body = patched(body, headers, fault.patch)
    if fault.status is not None:
        status = fault.status
    elif status in BODILESS and body:
        status = 200
    headers, body = framed(status, answer_headers(fault, headers), body)
    return status, headers, body
