"""/__emulator/ hooks (request log, faults, reset), persistence, latency, TLS and clean shutdown."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time

import pytest
import requests
from conftest import APP_ID, APP_SECRET
from rustici_software_cloud_v2 import ApplicationRequestSchema, CredentialRequestSchema, DestinationSchema
from rustici_software_cloud_v2.api.application_management_api import ApplicationManagementApi
from rustici_software_cloud_v2.api.dispatch_api import DispatchApi
from rustici_software_cloud_v2.api.ping_api import PingApi
from rustici_software_cloud_v2.rest import ApiException


def test_health(emu):
    resp = emu.raw("GET", "/__emulator/health", auth=None)
    assert resp.status_code == 200 and resp.json() == {"status": "ok"}


def test_request_log_shape_order_and_clear(emu):
    emu.clear_log()
    api = emu.app_api(DispatchApi)
    api.set_destination("d1", DestinationSchema(name="D"))
    api.get_destinations(filter="d")
    log = emu.requests_log()
    assert log == [
        {"method": "PUT", "path": "/api/v2/dispatch/destinations/d1", "query": "", "status": 204,
         "auth": "APP_NORMAL"},
        {"method": "GET", "path": "/api/v2/dispatch/destinations", "query": "filter=d", "status": 200,
         "auth": "APP_NORMAL"}]
    emu.clear_log()
    assert emu.requests_log() == []


def test_request_log_never_contains_secrets(emu):
    token = emu.token("read")
    emu.api(PingApi, token=token).ping_app_id()
    text = emu.raw("GET", "/__emulator/requests", auth=None).text
    assert token not in text and APP_SECRET not in text
    emu_log = emu.log_path.read_text()
    assert token not in emu_log and APP_SECRET not in emu_log


def test_status_fault_with_retry_after_then_recovers(emu):
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/.*", times=2, status=502, retry_after=7)
    api = emu.app_api(DispatchApi)
    for _attempt in range(2):
        with pytest.raises(ApiException) as err:
            api.set_destination("d1", DestinationSchema(name="D"))
        assert err.value.status == 502 and err.value.headers["Retry-After"] == "7"
    assert api.get_destinations().destinations == []      # GET does not match the fault; nothing was written
    api.set_destination("d1", DestinationSchema(name="D"))  # third attempt passes
    assert [e["status"] for e in emu.requests_log() if e["method"] == "PUT"] == [502, 502, 204]


def test_sdk_transparently_retries_503_with_retry_after(emu):
    # urllib3 (under the SDK) retries 413/429/503 answers that carry Retry-After: one call, three requests.
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/", times=2, status=503, retry_after=0)
    emu.app_api(DispatchApi).set_destination("d1", DestinationSchema(name="D"))
    assert [e["status"] for e in emu.requests_log() if e["method"] == "PUT"] == [503, 503, 204]


def test_drop_after_commit_performs_the_write_then_drops(emu):
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/", action="drop_after_commit")
    resp = None
    with pytest.raises(requests.ConnectionError):
        resp = emu.raw("PUT", "/api/v2/dispatch/destinations/d1", json={"name": "Committed"})
    assert resp is None
    assert emu.app_api(DispatchApi).get_destination("d1").name == "Committed"
    assert emu.raw("GET", "/api/v2/ping").status_code == 200    # the server is still fine


def test_delay_fault_stalls_matching_requests(emu):
    emu.add_fault(path_regex="/ping$", action="delay", seconds=0.6)
    started = time.monotonic()
    emu.app_api(PingApi).ping_app_id()
    assert time.monotonic() - started >= 0.6
    started = time.monotonic()
    emu.app_api(PingApi).ping_app_id()
    assert time.monotonic() - started < 0.5


def test_clear_faults_and_bad_fault_specs(emu):
    emu.add_fault(path_regex=".*", status=500, times=5)
    emu.clear_faults()
    assert emu.raw("GET", "/api/v2/ping").status_code == 200
    for spec in ({}, {"path_regex": "("}, {"path_regex": "x"}, {"path_regex": "x", "status": 99},
                 {"path_regex": "x", "status": 100},
                 {"path_regex": "x", "action": "explode"}, {"path_regex": "x", "action": "delay"},
                 {"path_regex": "x", "status": 503, "times": 0}):
        assert emu.raw("POST", "/__emulator/faults", auth=None, json=spec).status_code == 400, spec


def test_reset_empties_tenants_but_keeps_seeded_apps(emu):
    mgmt = emu.mgmt_api(ApplicationManagementApi)
    extra = mgmt.create_application(ApplicationRequestSchema(name="Gone after reset"))
    emu.app_api(DispatchApi).set_destination("d1", DestinationSchema(name="D"))
    emu.reset()
    assert emu.app_api(DispatchApi).get_destinations().destinations == []
    assert [a.id for a in mgmt.get_applications().applications] == [APP_ID]
    assert extra.id not in [a.id for a in mgmt.get_applications().applications]
    emu.reset()
    assert emu.requests_log() == []   # reset also clears the request log


def test_state_persists_across_restart_and_seeding_is_idempotent(start_emulator, tmp_path):
    db = tmp_path / "persist.db"
    first = start_emulator(db=db)
    mgmt = first.mgmt_api(ApplicationManagementApi)
    app = mgmt.create_application(ApplicationRequestSchema(name="Persistent"))
    secret = mgmt.create_credential(app.id, CredentialRequestSchema(name="k")).credential
    first.app_api(DispatchApi, app.id, secret).set_destination("kept", DestinationSchema(name="Kept"))
    token = first.token("read:dispatch", app.id, secret)
    assert first.stop() == 0     # SIGTERM -> clean exit

    second = start_emulator(db=db)
    assert second.app_api(DispatchApi, app.id, secret).get_destination("kept").name == "Kept"
    assert second.api(DispatchApi, token=token).get_destination("kept").name == "Kept"   # tokens survive
    names = [a.name for a in second.mgmt_api(ApplicationManagementApi).get_applications().applications]
    assert sorted(names) == ["Demo Application", "Persistent"]
    assert len(second.mgmt_api(ApplicationManagementApi).get_credentials(APP_ID).credentials) == 1


def test_sigint_shuts_down_cleanly(start_emulator):
    server = start_emulator()
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0


def test_latency_and_custom_seed_credentials(start_emulator):
    server = start_emulator("--latency-ms", "300", "--app-id", "other-app", "--secret-key", "other-secret")
    started = time.monotonic()
    assert server.app_api(PingApi, "other-app", "other-secret").ping_app_id().api_message
    assert time.monotonic() - started >= 0.3
    with pytest.raises(ApiException) as err:
        server.app_api(PingApi).ping_app_id()      # the default demo app was not seeded
    assert err.value.status == 401


def test_tls(start_emulator, tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed, cannot make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True)
    server = start_emulator(tls=(str(cert), str(key)))
    assert server.base_url.startswith("https://")
    assert server.app_api(PingApi).ping_app_id().api_message


def _put_with_short_timeout(emu, path: str, body: dict) -> None:
    """A client that gives up after 0.3 s (and closes its connection) while the server is stalled."""
    with pytest.raises(requests.Timeout):
        requests.put(emu.base_url + path, json=body, auth=(APP_ID, APP_SECRET), timeout=0.3)


def _wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_delay_with_commit_commits_after_the_client_gave_up(emu):
    api = emu.app_api(DispatchApi)
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/late$", action="delay", seconds=1.0,
                  commit=True)
    _put_with_short_timeout(emu, "/api/v2/dispatch/destinations/late", {"name": "Committed late"})
    assert emu.raw("GET", "/api/v2/dispatch/destinations/late").status_code == 404   # not yet: still stalled
    assert _wait_for(lambda: emu.raw("GET", "/api/v2/dispatch/destinations/late").status_code == 200, 5)
    assert api.get_destination("late").name == "Committed late"
    put = [e for e in emu.requests_log() if e["method"] == "PUT"]
    assert [e["status"] for e in put] == [204]      # the status the request produced, though nobody got it
    assert emu.raw("GET", "/api/v2/ping").status_code == 200


def test_delay_without_commit_drops_the_request_of_a_client_that_gave_up(emu):
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/", action="delay", seconds=0.8)
    _put_with_short_timeout(emu, "/api/v2/dispatch/destinations/never", {"name": "Never"})
    emu.app_api(DispatchApi).set_destination("kept", DestinationSchema(name="Kept"))
    # a bodyless POST is dropped too (commit: false spelled out)
    emu.add_fault(method="POST", path_regex="/dispatches/enabled$", action="delay", seconds=0.8, commit=False)
    with pytest.raises(requests.Timeout):
        requests.post(emu.base_url + "/api/v2/dispatch/destinations/kept/dispatches/enabled",
                      auth=(APP_ID, APP_SECRET), timeout=0.3)
    time.sleep(1.2)
    assert emu.raw("GET", "/api/v2/dispatch/destinations/never").status_code == 404
    assert [e["status"] for e in emu.requests_log() if e["method"] in ("PUT", "POST")] == [None, 204, None]


@pytest.mark.parametrize("commit", [False, True])
def test_delay_answers_a_client_that_waits(emu, commit):
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/", action="delay", seconds=0.3,
                  commit=commit)
    started = time.monotonic()
    assert emu.raw("PUT", "/api/v2/dispatch/destinations/patient", json={"name": "Patient"}).status_code == 204
    assert time.monotonic() - started >= 0.3
    assert emu.app_api(DispatchApi).get_destination("patient").name == "Patient"


@pytest.mark.parametrize("spec", [{"action": "delay", "seconds": 1, "commit": "yes"},
                                  {"action": "delay", "seconds": 1, "commit": 1},
                                  {"action": "delay", "seconds": 1, "commit": None},
                                  {"status": 503, "commit": True},
                                  {"action": "drop_after_commit", "commit": False}])
def test_bad_commit_specs(emu, spec):
    resp = emu.raw("POST", "/__emulator/faults", auth=None, json={"path_regex": "x", **spec})
    assert resp.status_code == 400 and resp.json()["message"]
