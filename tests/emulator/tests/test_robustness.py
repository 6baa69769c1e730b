"""Fuzz every route of the emulator's own OpenAPI document (in-process ASGI) and require: no 5xx.

An exception no route foresaw answers 500 (errors.py), so any emulator bug the fuzzer reaches fails here.

The operations come from the live schema, so route modules added later are covered automatically.
Requests carry valid credentials (App Management ones for /appManagement/* endpoints, the demo app's
elsewhere) so that generated input reaches the handlers rather than stopping at a 401.
"""

from __future__ import annotations

import base64

import schemathesis
from conftest import APP_ID, APP_SECRET, MGMT_ID, MGMT_SECRET
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from scorm_cloud_emulator.app import create_app
from scorm_cloud_emulator.context import Settings

APP = create_app(None, Settings(page_size=3))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
MAX_EXAMPLES = 25
# Endpoints that authenticate as the calling app even though they live under /appManagement.
APP_LEVEL_MGMT_PATHS = ("/api/v2/appManagement/configuration", "/api/v2/appManagement/token")


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def auth_header(path: str) -> dict[str, str]:
    is_mgmt = path.startswith("/api/v2/appManagement/") and not path.startswith(APP_LEVEL_MGMT_PATHS)
    return {"Authorization": _basic(MGMT_ID, MGMT_SECRET) if is_mgmt else _basic(APP_ID, APP_SECRET)}


def test_schema_lists_every_api_route():
    paths = set(APP.fastapi.openapi()["paths"])
    for expected in ("/api/v2/ping", "/api/v2/oauth/authenticate/application/token",
                     "/api/v2/appManagement/applicationList", "/api/v2/dispatch/destinations/{destination_id}",
                     "/api/v2/dispatch/dispatches/{dispatch_id}/enabled",
                     "/api/v2/dispatch/dispatches/{dispatch_id}/zip",
                     "/api/v2/dispatch/destinations/{destination_id}/dispatches/zip",
                     "/api/v2/invitations/public/{invitation_id}", "/api/v2/invitations/{invitation_id}/tags"):
        assert expected in paths
    assert not any(p.startswith("/__emulator") for p in paths)   # hooks are not fuzzed


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_server_errors(case):
    headers = {**(case.headers or {}), **auth_header(case.path)}
    response = case.call(headers=headers)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}"
    assert APP.fastapi.state.emu.errors == []
    case.validate_response(response, checks=[not_a_server_error], headers=headers)
