"""Service-style errors: every non-2xx body is {"message": ..., "error": ...} (the reference shows both keys).

Client errors are 4xx (validation problems 400, never FastAPI's 422).  An exception that no route foresaw is a
bug in the emulator: it is answered with 500, logged in one line and recorded for GET /__emulator/errors, so
that test suites can fail on it instead of mistaking it for a client error.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("scorm_cloud_emulator")


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"message": message, "error": message}, status_code=status, headers=headers)


def _describe_validation(exc: RequestValidationError) -> str:
    # Only locations and messages: echoing the rejected input could leak secrets sent in bodies.
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "Invalid request: " + "; ".join(parts)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError):
        return error_response(400, _describe_validation(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # An exception no route foresaw is a bug in the emulator, not a client error: 500, logged and recorded.
        path = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
        return internal_error(request.app.state.emu, request.method, path, exc)


def internal_error(emu, method: str, path: str, exc: BaseException) -> JSONResponse:
    """Log and record (GET /__emulator/errors) an emulator bug, and answer it with a 500."""
    record_internal_error(emu, method, path, exc)
    return error_response(500, internal_error_message(exc))


def internal_error_message(exc: BaseException) -> str:
    # The exception's type only: its text could echo request data (secrets included).
    return f"Internal emulator error ({type(exc).__name__}): a bug in the emulator, not in the request"


def record_internal_error(emu, method: str, path: str, exc: BaseException) -> None:
    log.warning("internal error %s on %s %s: %s", type(exc).__name__, method, path, exc)
    with emu.lock:
        emu.errors.append({"method": method, "path": path, "status": 500, "error": type(exc).__name__})
