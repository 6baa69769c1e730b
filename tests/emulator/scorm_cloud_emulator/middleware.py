"""Outermost ASGI layer: SDK wire normalisation, request log, injected faults, latency, access log.

It wraps the whole FastAPI app (outside Starlette's own error middleware) so that it also sees the
exceptions Starlette re-raises after answering, and can swallow them instead of letting the server
print a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from urllib.parse import parse_qsl, unquote, urlencode

from .answers import answer_headers, framed, rewritten
from .context import Emulator, Fault
from .errors import internal_error_message, record_internal_error
from .wire import API_PREFIX, SLASH_PLACEHOLDER

log = logging.getLogger("scorm_cloud_emulator")
_SLASHES = re.compile(r"/{2,}")


def normalise_path(raw_path: bytes) -> tuple[str, str]:
    """Return (wire path with '//' collapsed, still percent-encoded; routing path).

    The routing path decodes each segment on its own and hides a decoded '/' behind a placeholder,
    so an id sent as 'a%2Fb' stays one path parameter (routes turn it back with wire.path_id).
    """
    wire = _SLASHES.sub("/", raw_path.decode("latin-1"))
    segments = [unquote(seg, errors="replace").replace("/", SLASH_PLACEHOLDER) for seg in wire.split("/")]
    return wire, "/".join(segments)


def normalise_query(query: bytes) -> bytes:
    """Drop parameters whose value is the literal 'None' (the SDK's rendering of an unset argument)."""
    if b"None" not in query:
        return query
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if v != "None"]).encode("latin-1")


async def _read_request(receive) -> list:
    """Every http.request message of the request (the whole body); stops early if the client leaves."""
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replaying(messages: list, receive):
    """A receive() that gives ``messages`` first, then the real ones."""
    pending = list(messages)

    async def replay():
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


class EmulatorMiddleware:
    def __init__(self, app, emu: Emulator):
        self.app = app
        self.emu = emu

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        wire_path, route_path = normalise_path(scope.get("raw_path") or scope["path"].encode("utf-8"))
        query = normalise_query(scope.get("query_string", b""))
        holder = {"auth": "NONE", "status": None}
        scope = dict(scope, path=route_path, raw_path=wire_path.encode("latin-1"), query_string=query)
        scope["emulator.auth"] = holder
        method = scope["method"].upper()
        is_api = wire_path == API_PREFIX or wire_path.startswith(API_PREFIX + "/")

        entry = None
        if is_api:
            entry = {"method": method, "path": wire_path, "query": query.decode("latin-1"), "status": None,
                     "auth": "NONE"}
            with self.emu.lock:
                self.emu.requests.append(entry)

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                holder["status"] = message["status"]
            await send(message)

        fault = None
        if is_api:
            body = None
            if self._body_filter_pending(method, wire_path):
                # A fault that filters on the body: read it whole first, and hand the same messages to whoever
                # handles the request.
                messages = await _read_request(receive)
                body = b"".join(message.get("body", b"") for message in messages)
                receive = _replaying(messages, receive)
            fault = self._take_fault(method, wire_path, query.decode("latin-1"), body)
        try:
            if is_api and self.emu.settings.latency_ms > 0:
                await asyncio.sleep(self.emu.settings.latency_ms / 1000)
            if fault is None:
                await self.app(scope, receive, send_wrapper)
            elif fault.action == "delay":
                await self._delay(fault, scope, receive, send_wrapper)
            elif fault.action == "drop_after_commit":
                await self._drop_after_commit(scope, receive, send, holder)
            elif fault.action == "answer":
                await self._answer(fault, send_wrapper)
            elif fault.action == "rewrite":
                await self.app(scope, receive, self._rewriting(fault, send_wrapper))
            else:
                await self._fault_response(fault, send_wrapper)
        except Exception as exc:  # noqa: BLE001 - the emulator must never answer with a traceback
            if holder["status"] is None:
                # Failed before answering (FastAPI's handlers answer everything they see): an emulator bug.
                record_internal_error(self.emu, method, wire_path, exc)
                message = internal_error_message(exc)
                body = json.dumps({"message": message, "error": message}).encode()
                await send_wrapper({"type": "http.response.start", "status": 500,
                                    "headers": [(b"content-type", b"application/json")]})
                await send({"type": "http.response.body", "body": body})
            else:
                # Starlette re-raises what its 500 handler has answered (and recorded) already.
                log.debug("request failed after answering: %s", type(exc).__name__)
        finally:
            if entry is not None:
                entry["status"] = holder["status"]
                entry["auth"] = holder["auth"]
            # One line per request: no query string, headers or bodies, so no secrets or tokens.
            log.info("%s %s %s %s %.1fms", method, wire_path, holder["status"], holder["auth"],
                     (time.monotonic() - started) * 1000)

    def _body_filter_pending(self, method: str, path: str) -> bool:
        with self.emu.lock:
            return any(fault.body_regex and fault.method in (None, "*", method) and re.search(fault.path_regex, path)
                       for fault in self.emu.faults)

    def _take_fault(self, method: str, path: str, query: str = "", body: bytes | None = None) -> Fault | None:
        with self.emu.lock:
            for fault in self.emu.faults:
                if fault.method not in (None, "*", method):
                    continue
                if not re.search(fault.path_regex, path):
                    continue
                if fault.query_regex and not re.search(fault.query_regex, query):
                    continue
                if fault.body_regex and (body is None or not re.search(fault.body_regex, body.decode("latin-1"))):
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    self.emu.faults.remove(fault)
                return fault
        return None

    @staticmethod
    async def _fault_response(fault: Fault, send) -> None:
        headers = [(b"content-type", b"application/json")]
        if fault.retry_after is not None:
            headers.append((b"retry-after", str(fault.retry_after).encode()))
        message = f"Injected fault: HTTP {fault.status}"
        body = json.dumps({"message": message, "error": message}).encode()
        await send({"type": "http.response.start", "status": fault.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _answer(fault: Fault, send) -> None:
        """Answer with the fault's status, headers and body; the request itself is never handled."""
        headers, body = framed(fault.status, answer_headers(fault, []), fault.body.encode("utf-8"))
        await send({"type": "http.response.start", "status": fault.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _rewriting(fault: Fault, send):
        """A send() that holds the whole answer back, then sends what the fault makes of it (see answers.rewritten).

        The request is handled as usual; only what goes back to the client changes.
        """
        start: dict = {}
        chunks: list[bytes] = []

        async def rewrite(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            status, headers, body = rewritten(fault, start["status"], list(start.get("headers", [])), b"".join(chunks))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        return rewrite

    async def _delay(self, fault: Fault, scope, receive, send) -> None:
        """Read the whole request, stall `fault.seconds`, then handle it.

        A client that gives up (disconnects) during the stall normally gets the request dropped unhandled
        (logged with status null).  With `fault.commit` it is carried out all the same and its answer goes
        nowhere: the server commits after the client has given up.  The body is read before the stall
        because a server cannot read it any more once the client has disconnected.
        """
        messages = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                log.info("delay fault: the client left before sending the whole request; not handled")
                return
            messages.append(message)
            if not message.get("more_body", False):
                break
        gone = asyncio.Event()

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                await asyncio.sleep(0.01)       # uvicorn blocks in receive(); do not spin on another server
            gone.set()

        watcher = asyncio.ensure_future(watch())
        try:
            await asyncio.sleep(fault.seconds)
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        if gone.is_set() and not fault.commit:
            log.info("delay fault: the client left during the delay; request not handled")
            return

        async def replay():
            if messages:
                return messages.pop(0)
            if gone.is_set():
                return {"type": "http.disconnect"}
            return await receive()

        await self.app(scope, replay, send)

    async def _drop_after_commit(self, scope, receive, send, holder) -> None:
        """Run the request to completion, discard the response, then close the connection."""
        async def swallow(message):
            if message["type"] == "http.response.start":
                holder["status"] = message["status"]

        await self.app(scope, receive, swallow)
        cycle = getattr(send, "__self__", None)          # uvicorn's per-request cycle object
        transport = getattr(cycle, "transport", None)
        if transport is None:
            raise ConnectionAbortedError("drop_after_commit needs a socket server")
        transport.close()
        # Mark the cycle disconnected so the server does not try to answer on the closed socket.
        if hasattr(cycle, "disconnected"):
            cycle.disconnected = True
        holder["dropped"] = True
