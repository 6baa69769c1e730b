"""GET/DELETE /__emulator/secrets: every secret the emulator stored or issued, kept across reset (secrets audits)."""

from __future__ import annotations

from conftest import APP_ID, APP_SECRET, MGMT_ID, MGMT_SECRET

MGMT = (MGMT_ID, MGMT_SECRET)
SOURCE, TARGET = "https://source.example.com/xapi/", "https://lrs.example.com/xapi/"


def seen(server) -> dict[str, str]:
    """{value: kind} of the hook's answer, after checking that each value is listed once."""
    resp = server.raw("GET", "/__emulator/secrets", auth=None)
    assert resp.status_code == 200
    items = resp.json()["secrets"]
    assert all(set(item) == {"kind", "value"} for item in items)
    values = [item["value"] for item in items]
    assert len(values) == len(set(values))
    return {item["value"]: item["kind"] for item in items}


def clear(server) -> None:
    assert server.raw("DELETE", "/__emulator/secrets", auth=None).status_code == 204


def ok(resp):
    assert resp.status_code < 300, resp.text
    return resp


def test_every_kind_of_secret_is_listed_and_kept_by_reset(emu):
    clear(emu)
    assert seen(emu) == {}
    emu.reset()   # re-seeding records the seeded keys again
    assert seen(emu) == {APP_SECRET: "credential.secret", MGMT_SECRET: "credential.secret"} | {
        value: kind for value, kind in seen(emu).items() if kind == "credential.pensCredential"}
    assert list(seen(emu).values()).count("credential.pensCredential") == 2

    app_id = ok(emu.raw("POST", "/api/v2/appManagement/applications", auth=MGMT, json={"name": "Audit"})).json()["id"]
    default_key = ok(emu.raw("GET", f"/api/v2/appManagement/{app_id}/credentials", auth=MGMT)).json()
    created = ok(emu.raw("POST", f"/api/v2/appManagement/{app_id}/credentials", auth=MGMT,
                         json={"name": "deploy"})).json()
    ok(emu.raw("PUT", "/api/v2/xapi/credentials/x1", json={
        "name": "lrs", "secret": "xapi-secret-value-1", "isEnabled": True, "auth": "BASICAUTH",
        "permissionsLevel": "DEFAULT"}))
    pipe = ok(emu.raw("POST", "/api/v2/xapi/statementPipes", json={
        "source": {"url": SOURCE, "userName": "key", "password": "pipe-source-password"},
        "target": {"url": TARGET, "userName": "lrs", "password": "pipe-target-password-1"}})).json()["result"]
    ok(emu.raw("PUT", f"/api/v2/xapi/statementPipes/{pipe}", json={
        "target": {"url": TARGET, "userName": "lrs", "password": "pipe-target-password-2"}}))
    emu.put_course("c1")
    ok(emu.raw("POST", "/api/v2/dispatch/destinations", json={"destinations": [{"id": "d1", "data": {"name": "D"}}]}))
    ok(emu.raw("POST", "/api/v2/dispatch/dispatches", json={"dispatches": [{"id": "p1", "data": {
        "courseId": "c1", "destinationId": "d1",
        "postBack": {"url": "http://127.0.0.1/pb", "authType": "HTTPBASIC", "userName": "u",
                     "password": "postback-password-1"}}}]}))
    ok(emu.raw("POST", "/api/v2/appManagement/configuration", json={"settings": [
        {"settingId": "ApiRollupRegistrationAuthPassword", "value": "rollup-password-1"}]}))
    app_token = ok(emu.raw("POST", "/api/v2/oauth/authenticate/application/token",
                           data={"scope": "read:ping"})).json()["access_token"]
    mgmt_token = ok(emu.raw("POST", "/api/v2/appManagement/token", auth=MGMT, json={
        "permissions": {"scopes": ["read:appmgmt"]}, "expiry": "2099-01-01T00:00:00Z"})).json()["result"]

    expected = {
        default_key["credentials"][0]["credential"]: "credential.secret",
        default_key["credentials"][0]["pensCredential"]: "credential.pensCredential",
        created["credential"]: "credential.secret",
        created["pensCredential"]: "credential.pensCredential",
        "xapi-secret-value-1": "xapicredential.secret",
        "pipe-source-password": "xapipipe.source.password",
        "pipe-target-password-1": "xapipipe.target.password",
        "pipe-target-password-2": "xapipipe.target.password",   # a changed secret adds; the old one stays
        "postback-password-1": "dispatch.postBack.password",
        "rollup-password-1": "appconfig.values.ApiRollupRegistrationAuthPassword",
        app_token: "token",
        mgmt_token: "token",
    }
    before_reset = seen(emu)
    assert expected.items() <= before_reset.items()
    assert "u" not in before_reset and "lrs" not in before_reset and TARGET not in before_reset   # no non-secrets

    emu.reset()
    assert before_reset.items() <= seen(emu).items()     # a whole run is covered, across resets
    clear(emu)
    assert seen(emu) == {}


def test_a_restart_on_the_same_database_lists_what_it_stored(start_emulator, tmp_path):
    db = tmp_path / "state.db"
    first = start_emulator(db=db)
    ok(first.raw("PUT", "/api/v2/xapi/credentials/x1", json={
        "name": "lrs", "secret": "survives-a-restart", "isEnabled": True, "auth": "BASICAUTH",
        "permissionsLevel": "DEFAULT"}))
    first.stop()
    second = start_emulator(db=db)
    listed = seen(second)
    assert listed["survives-a-restart"] == "xapicredential.secret"
    assert listed[APP_SECRET] == listed[MGMT_SECRET] == "credential.secret"
    assert APP_ID not in listed


def test_the_hook_is_not_part_of_the_api_document(emu):
    assert "/__emulator/secrets" not in emu.raw("GET", "/openapi.json", auth=None).text
