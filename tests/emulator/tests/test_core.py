"""Ping/about, authentication schemes, tokens and scopes, SDK wire quirks."""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timedelta, timezone

import pytest
from conftest import APP_ID, MGMT_ID, MGMT_SECRET
from rustici_software_cloud_v2 import PermissionsSchema, TokenRequestSchema
from rustici_software_cloud_v2.api.about_api import AboutApi
from rustici_software_cloud_v2.api.application_management_api import ApplicationManagementApi
from rustici_software_cloud_v2.api.authentication_api import AuthenticationApi
from rustici_software_cloud_v2.api.dispatch_api import DispatchApi
from rustici_software_cloud_v2.api.ping_api import PingApi
from rustici_software_cloud_v2.models import DestinationSchema
from rustici_software_cloud_v2.rest import ApiException


def test_ping_and_about_with_app_credentials(emu):
    pong = emu.app_api(PingApi).ping_app_id()
    assert pong.api_message
    assert datetime.fromisoformat(pong.current_time.replace("Z", "+00:00")).tzinfo is not None
    about = emu.app_api(AboutApi).get_about()
    assert about.version and about.distribution


@pytest.mark.parametrize("auth", [None, ("", ""), (APP_ID, "wrong"), ("nobody", "x")])
def test_missing_or_bad_credentials_are_401_with_message(emu, auth):
    resp = emu.raw("GET", "/api/v2/ping", auth=auth)
    assert resp.status_code == 401
    assert resp.json()["message"]


def test_sdk_without_credentials_sends_basic_empty_and_gets_401(emu):
    with pytest.raises(ApiException) as err:
        emu.api(PingApi).ping_app_id()
    assert err.value.status == 401


def test_garbage_authorization_headers_are_401(emu):
    for header in ("Basic !!!notbase64", "Bearer not-a-token", "Bearer sce1.x.y", "Digest abc", "Basic " +
                   base64.b64encode(b"no-colon").decode()):
        resp = emu.raw("GET", "/api/v2/ping", auth=None, headers={"Authorization": header})
        assert resp.status_code == 401, header


def test_request_log_records_scheme(emu):
    emu.app_api(PingApi).ping_app_id()
    token = emu.token("read:ping")
    emu.clear_log()
    emu.api(PingApi, token=token).ping_app_id()
    emu.raw("GET", "/api/v2/ping", auth=None)
    emu.mgmt_api(ApplicationManagementApi).get_applications()
    log = emu.requests_log()
    assert [(e["path"], e["status"], e["auth"]) for e in log] == [
        ("/api/v2/ping", 200, "OAUTH"), ("/api/v2/ping", 401, "NONE"),
        ("/api/v2/appManagement/applicationList", 200, "APP_MANAGEMENT")]


def test_app_token_scopes_allow_read_refuse_write(emu):
    auth_api = emu.app_api(AuthenticationApi)
    token = auth_api.get_app_token("read:dispatch read:ping", expiration=120)
    assert token.token_type == "Bearer" and token.expires_in == 120
    api = emu.api(DispatchApi, token=token.access_token)
    assert api.get_destinations().destinations == []
    with pytest.raises(ApiException) as err:
        api.set_destination("d1", DestinationSchema(name="D1"))
    assert err.value.status == 403
    assert "write:dispatch" in json.loads(err.value.body)["message"]
    # the refused write had no effect
    assert emu.app_api(DispatchApi).get_destinations().destinations == []
    # and a generic scope grants the whole action
    emu.api(DispatchApi, token=auth_api.get_app_token("write").access_token).set_destination(
        "d1", DestinationSchema(name="D1"))
    assert [d.id for d in api.get_destinations().destinations] == ["d1"]


def test_token_response_keys_are_snake_case(emu):
    resp = emu.raw("POST", "/api/v2/oauth/authenticate/application/token",
                   data={"scope": "read", "expiration": "60"})
    assert resp.status_code == 200
    assert set(resp.json()) == {"access_token", "expires_in", "token_type"}


def test_token_parameters_also_accepted_in_query(emu):
    resp = emu.raw("POST", "/api/v2/oauth/authenticate/application/token?scope=read%3Aping&expiration=30")
    assert resp.status_code == 200 and resp.json()["expires_in"] == 30


@pytest.mark.parametrize("data", [{"scope": ""}, {"scope": "read:nonsense"}, {"scope": "read", "expiration": "x"},
                                  {"scope": "read", "expiration": "0"}])
def test_bad_token_requests_are_400(emu, data):
    resp = emu.raw("POST", "/api/v2/oauth/authenticate/application/token", data=data)
    assert resp.status_code == 400 and resp.json()["message"]


def test_token_endpoint_refuses_bearer(emu):
    token = emu.token("read write")
    resp = emu.raw("POST", "/api/v2/oauth/authenticate/application/token", auth=None,
                   headers={"Authorization": f"Bearer {token}"}, data={"scope": "read"})
    assert resp.status_code == 401


def test_expired_token_is_401(emu):
    token = emu.token("read:ping", expiration=1)
    time.sleep(1.5)
    with pytest.raises(ApiException) as err:
        emu.api(PingApi, token=token).ping_app_id()
    assert err.value.status == 401


def test_tampered_token_is_401(emu):
    token = emu.token("read:ping")
    prefix, body, sig = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["scopes"] = ["admin"]
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    resp = emu.raw("GET", "/api/v2/ping", auth=None, headers={"Authorization": f"Bearer {prefix}.{forged}.{sig}"})
    assert resp.status_code == 401


def test_app_management_create_token(emu):
    expiry = datetime.now(timezone.utc) + timedelta(minutes=5)
    result = emu.mgmt_api(ApplicationManagementApi).create_token(
        TokenRequestSchema(permissions=PermissionsSchema(scopes=["read:appmgmt"]), expiry=expiry))
    mgmt_by_token = emu.api(ApplicationManagementApi, token=result.result)
    assert any(a.id == APP_ID for a in mgmt_by_token.get_applications().applications)
    with pytest.raises(ApiException) as err:
        mgmt_by_token.create_application({"name": "nope"})
    assert err.value.status == 403


def test_create_token_with_past_expiry_is_400(emu):
    with pytest.raises(ApiException) as err:
        emu.app_api(ApplicationManagementApi).create_token(TokenRequestSchema(
            permissions=PermissionsSchema(scopes=["read"]), expiry=datetime(2000, 1, 1, tzinfo=timezone.utc)))
    assert err.value.status == 400


def test_mgmt_credentials_refused_on_ordinary_endpoints_and_vice_versa(emu):
    with pytest.raises(ApiException) as err:
        emu.mgmt_api(DispatchApi).get_destinations()
    assert err.value.status == 403
    with pytest.raises(ApiException) as err:
        emu.app_api(ApplicationManagementApi).get_applications()
    assert err.value.status == 403
    # a token issued to an ordinary app cannot do app management either
    with pytest.raises(ApiException) as err:
        emu.token_api(ApplicationManagementApi, "admin").get_applications()
    assert err.value.status == 403
    assert emu.raw("GET", "/api/v2/appManagement/applications", auth=(MGMT_ID, MGMT_SECRET)).status_code == 200


def test_wire_quirks_double_slash_none_literal_booleans_and_encoded_ids(emu):
    api = emu.app_api(DispatchApi)
    api.set_destination("a/b c?", DestinationSchema(name="Slash"))
    assert api.get_destination("a/b c?").name == "Slash"
    paths = [e["path"] for e in emu.requests_log()]
    assert "/api/v2/dispatch/destinations/a%2Fb%20c%3F" in paths
    # literal None = absent; True/False in any case; Content-Type json on a GET; {} body on DELETE
    resp = emu.raw("GET", "/api/v2//dispatch/destinations?filter=None&includeTotalCount=TRUE&courseId=None",
                   headers={"Content-Type": "application/json"})
    assert resp.status_code == 200 and resp.headers["X-Total-Count"] == "1"
    resp = emu.raw("DELETE", "/api/v2//dispatch/destinations/a%2Fb%20c%3F", data="{}",
                   headers={"Content-Type": "application/json"})
    assert resp.status_code == 204


def test_errors_are_json_messages_never_500(emu):
    cases = [("GET", "/api/v2/nonexistent", None), ("PATCH", "/api/v2/ping", None),
             ("POST", "/api/v2/dispatch/destinations", "{not json"),
             ("POST", "/api/v2/dispatch/destinations", json.dumps({"destinations": "x"})),
             ("GET", "/api/v2/dispatch/destinations?more=%%%", None),
             ("GET", "/api/v2/dispatch/destinations?orderBy=sideways", None),
             ("GET", "/api/v2/dispatch/destinations?since=yesterday", None)]
    for method, path, body in cases:
        resp = emu.raw(method, path, data=body, headers={"Content-Type": "application/json"})
        assert 400 <= resp.status_code < 500, (method, path, resp.status_code)
        assert resp.json()["message"], (method, path)


def test_known_client_errors_stay_400(emu):
    emu.app_api(DispatchApi).set_destination("d1", DestinationSchema(name="D"))
    cases = [("POST", "/api/v2/dispatch/destinations", "{not json"),
             ("POST", "/api/v2/dispatch/destinations", json.dumps({"destinations": "x"})),
             ("PUT", "/api/v2/dispatch/destinations/d1", json.dumps({"name": 5})),
             ("PUT", "/api/v2/dispatch/destinations/d1", json.dumps({"name": "x" * 1001})),
             ("GET", "/api/v2/dispatch/destinations?more=%%%", None),
             ("GET", "/api/v2/dispatch/destinations?more=bm90LWEtdG9rZW4", None),
             ("GET", "/api/v2/dispatch/destinations?orderBy=sideways", None),
             ("GET", "/api/v2/dispatch/destinations?includeTotalCount=perhaps", None),
             ("GET", "/api/v2/dispatch/destinations/d1/dispatches/zip?type=AICC", None)]
    for method, path, body in cases:
        resp = emu.raw(method, path, data=body, headers={"Content-Type": "application/json"})
        assert resp.status_code == 400, (method, path, resp.status_code, resp.text)
        assert resp.json()["message"] == resp.json()["error"]
    assert emu.internal_errors() == []


def test_an_emulator_bug_is_a_500_and_is_recorded(emu):
    # A stored document the routes never write (no name) makes rendering fail: an emulator bug, not a 400.
    emu.put_doc(APP_ID, "destination", "broken", {"id": "broken"})
    resp = emu.raw("GET", "/api/v2/dispatch/destinations/broken")
    assert resp.status_code == 500
    body = resp.json()
    assert body["message"] == body["error"] and "KeyError" in body["message"] and "Traceback" not in resp.text
    assert emu.internal_errors() == [{"method": "GET", "path": "/api/v2/dispatch/destinations/broken",
                                      "status": 500, "error": "KeyError"}]
    assert [e["status"] for e in emu.requests_log()] == [500]
    emu.reset()
    assert len(emu.internal_errors()) == 1            # reset keeps them; DELETE clears them
    emu.clear_internal_errors()
    assert emu.internal_errors() == []
    assert "internal error KeyError on GET /api/v2/dispatch/destinations/broken" in emu.log_path.read_text()
