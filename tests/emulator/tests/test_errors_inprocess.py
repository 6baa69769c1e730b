"""500 for emulator bugs, driven in-process (no server): a route that raises, and a failure before answering."""

from __future__ import annotations

import json

from conftest import asgi_request

from scorm_cloud_emulator.app import create_app
from scorm_cloud_emulator.context import Emulator, Settings
from scorm_cloud_emulator.middleware import EmulatorMiddleware
from scorm_cloud_emulator.store import Store


def call(app, method: str, path: str, body: bytes = b"", auth: bool = False) -> tuple[int, dict]:
    status, _headers, data = asgi_request(app, method, path, body, auth=auth)
    return status, json.loads(data)


def test_an_exception_in_a_route_answers_500_with_the_usual_body():
    app = create_app(None, Settings())

    @app.fastapi.get("/api/v2/boom")
    def boom():
        raise KeyError("s3cret value from the request")

    status, body = call(app, "GET", "/api/v2/boom")
    assert status == 500 and body["message"] == body["error"] and "KeyError" in body["message"]
    assert "s3cret" not in json.dumps(body)
    emu = app.fastapi.state.emu
    assert emu.errors == [{"method": "GET", "path": "/api/v2/boom", "status": 500, "error": "KeyError"}]
    assert [entry["status"] for entry in emu.requests] == [500]


def test_a_failure_before_any_answer_is_a_500_too():
    emu = Emulator(Store(None), Settings())

    async def broken(scope, receive, send):
        raise RuntimeError("no answer")

    status, body = call(EmulatorMiddleware(broken, emu), "PUT", "/api/v2/dispatch/destinations/x", b"{}")
    assert status == 500 and "RuntimeError" in body["message"] and body["message"] == body["error"]
    assert emu.errors == [{"method": "PUT", "path": "/api/v2/dispatch/destinations/x", "status": 500,
                           "error": "RuntimeError"}]
    assert emu.requests[0]["status"] == 500


def test_client_errors_are_not_recorded_as_internal_errors():
    app = create_app(None, Settings())
    status, body = call(app, "GET", "/api/v2/nonexistent")
    assert status == 404 and body["message"]
    assert call(app, "GET", "/api/v2/dispatch/destinations")[0] == 401
    assert call(app, "POST", "/api/v2/dispatch/destinations", b"{not json", auth=True)[0] == 400
    assert call(app, "GET", "/api/v2/dispatch/dispatches/missing/zip", auth=True)[0] == 404
    assert app.fastapi.state.emu.errors == []
