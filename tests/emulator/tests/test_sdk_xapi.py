"""xAPI statement pipes and xAPI credentials: all ten XapiApi calls through the official SDK."""

from __future__ import annotations

import json

import pytest
from conftest import APP_ID, PAGE_SIZE
from rustici_software_cloud_v2 import (ApplicationRequestSchema, CredentialRequestSchema, XapiCredentialAuthTypeSchema,
                                       XapiCredentialPermissionsLevelSchema, XapiCredentialPostSchema,
                                       XapiEndpointSchema, XapiStatementPipePostSchema, XapiStatementPipePutSchema)
from rustici_software_cloud_v2.api.application_management_api import ApplicationManagementApi
from rustici_software_cloud_v2.api.xapi_api import XapiApi
from rustici_software_cloud_v2.rest import ApiException

from scorm_cloud_emulator.store import Store

SOURCE = "https://cloud.scorm.com/lrs/APPID/statements"
TARGET = "https://lrs.example.com/xapi/"


@pytest.fixture
def api(emu):
    return emu.app_api(XapiApi)


def status_of(call, *args, **kwargs) -> tuple[int, str]:
    with pytest.raises(ApiException) as err:
        call(*args, **kwargs)
    return err.value.status, json.loads(err.value.body).get("message", "")


def raw_json(call, *args, **kwargs):
    return json.loads(call(*args, _preload_content=False, **kwargs).data)


def endpoint(url: str, user: str | None = "user", password: str | None = "pw") -> XapiEndpointSchema:
    return XapiEndpointSchema(url=url, user_name=user, password=password)


def stored(emu, kind: str, doc_id: str, tenant: str = APP_ID) -> dict:
    """The emulator's own record, to see write-only values the API never returns."""
    store = Store(str(emu.db))
    try:
        return store.get(tenant, kind, doc_id)
    finally:
        store.close()


def credential(name: str = "LRS key", secret: str = "s3cret-value", **kwargs) -> XapiCredentialPostSchema:
    # Empty wrappers, serialised as {}: what a credential read through the SDK holds (it cannot parse the
    # service's plain strings), so what a read-modify-write with the SDK sends back.
    kwargs.setdefault("auth", XapiCredentialAuthTypeSchema())
    kwargs.setdefault("permissions_level", XapiCredentialPermissionsLevelSchema())
    return XapiCredentialPostSchema(name=name, secret=secret, is_enabled=kwargs.pop("is_enabled", True), **kwargs)


def other_app_api(emu) -> XapiApi:
    mgmt = emu.mgmt_api(ApplicationManagementApi)
    app = mgmt.create_application(ApplicationRequestSchema(name="Other"))
    secret = mgmt.create_credential(app.id, CredentialRequestSchema(name="k")).credential
    return emu.app_api(XapiApi, app.id, secret)


# -- statement pipes --------------------------------------------------------------------------------
def test_pipe_list_is_unpaged_and_has_its_key_when_empty(api):
    assert raw_json(api.get_statement_pipes) == {"xapiStatementPipes": []}
    assert api.get_statement_pipes().xapi_statement_pipes == []


def test_pipe_post_get_put_delete(emu, api):
    created = api.create_statement_pipe(XapiStatementPipePostSchema(
        source=endpoint(SOURCE, "key", "source-pw"), target=endpoint(TARGET, "lrs", "target-pw")))
    pipe_id = created.result
    assert pipe_id
    got = api.get_statement_pipe(pipe_id)
    assert (got.id, got.source.url, got.source.user_name, got.target.url, got.target.user_name, got.attempts) == (
        pipe_id, SOURCE, "key", TARGET, "lrs", 0)
    raw = raw_json(api.get_statement_pipe, pipe_id)
    assert "password" not in raw["source"] and "password" not in raw["target"]
    assert "source-pw" not in json.dumps(raw_json(api.get_statement_pipes))

    # PUT answers a StringResultSchema (the SDK needs `result`), replaces the sent endpoint and keeps the other.
    answer = api.set_statement_pipe(pipe_id, XapiStatementPipePutSchema(
        target=endpoint("https://other-lrs.example.com/xapi/", "lrs2", None)))
    assert answer.result == pipe_id
    got = api.get_statement_pipe(pipe_id)
    assert (got.source.url, got.target.url, got.target.user_name) == (
        SOURCE, "https://other-lrs.example.com/xapi/", "lrs2")
    doc = stored(emu, "xapipipe", pipe_id)
    assert (doc["source"]["password"], doc["target"]["password"]) == ("source-pw", "target-pw")
    api.set_statement_pipe(pipe_id, XapiStatementPipePutSchema(target=endpoint(TARGET, "lrs", "new-pw")))
    assert stored(emu, "xapipipe", pipe_id)["target"]["password"] == "new-pw"

    assert [p.id for p in api.get_statement_pipes().xapi_statement_pipes] == [pipe_id]
    api.delete_statement_pipe(pipe_id)
    assert status_of(api.get_statement_pipe, pipe_id)[0] == 404
    assert status_of(api.delete_statement_pipe, pipe_id)[0] == 404
    assert api.get_statement_pipes().xapi_statement_pipes == []


def test_pipe_put_creates_at_a_client_chosen_id(api):
    pipe_id = "forward/to lrs"   # percent-encoded by the SDK, one path segment
    answer = api.set_statement_pipe(pipe_id, XapiStatementPipePutSchema(
        source=endpoint(SOURCE), target=endpoint(TARGET)))
    assert answer.result == pipe_id
    assert api.get_statement_pipe(pipe_id).target.url == TARGET
    assert [p.id for p in api.get_statement_pipes().xapi_statement_pipes] == [pipe_id]


@pytest.mark.parametrize("body, message", [
    ({"source": {"url": SOURCE}}, "target is required"),
    ({"target": {"userName": "x"}}, "target.url is required"),
    ({"target": {"url": "ftp://lrs.example.com/"}}, "target.url must be an absolute http or https URL"),
    ({"target": {"url": "https:///no-host"}}, "target.url must be an absolute http or https URL"),
    ({"target": {"url": TARGET}, "source": {"url": "lrs.example.com/statements"}}, "source.url must be"),
    ({"target": "not an object"}, "target"),
])
def test_pipe_validation(emu, body, message):
    for method, path in (("POST", "/api/v2/xapi/statementPipes"), ("PUT", "/api/v2/xapi/statementPipes/p1")):
        resp = emu.raw(method, path, json=body)
        assert resp.status_code == 400, resp.text
        assert message in resp.json()["message"]
    assert emu.raw("GET", "/api/v2/xapi/statementPipes").json() == {"xapiStatementPipes": []}


def test_pipe_put_update_rejects_a_bad_url_and_keeps_the_pipe(api):
    api.set_statement_pipe("p1", XapiStatementPipePutSchema(source=endpoint(SOURCE), target=endpoint(TARGET)))
    status, message = status_of(api.set_statement_pipe, "p1", XapiStatementPipePutSchema(target=endpoint("nope")))
    assert status == 400 and "target.url" in message
    assert api.get_statement_pipe("p1").target.url == TARGET


# -- xAPI credentials -------------------------------------------------------------------------------
def test_credential_create_with_empty_sdk_objects_defaults_the_enums(api):
    cred_id = api.create_xapi_credential(credential(info="for the data locker")).result
    raw = raw_json(api.get_xapi_credential, cred_id)
    # The SDK sent {} for both; they mean "no value", i.e. the defaults, and come back as plain strings.
    assert raw == {"id": cred_id, "name": "LRS key", "info": "for the data locker", "secret": "s3cret-value",
                   "isEnabled": True, "auth": "BASICAUTH", "permissionsLevel": "DEFAULT"}
    got = api.get_xapi_credential(cred_id)
    assert (got.id, got.name, got.secret, got.is_enabled) == (cred_id, "LRS key", "s3cret-value", True)


def test_credential_sdk_object_form_with_values(api):
    cred_id = api.create_xapi_credential(credential(auth=XapiCredentialAuthTypeSchema("OAUTH"),
                                                    permissions_level=XapiCredentialPermissionsLevelSchema("USER"))).result
    raw = raw_json(api.get_xapi_credential, cred_id)
    assert (raw["auth"], raw["permissionsLevel"]) == ("OAUTH", "USER")
    # The SDK reads the plain strings into empty wrappers, so writing a read credential back sends {}:
    # that keeps the stored values.
    got = api.get_xapi_credential(cred_id)
    assert got.auth.xapi_credential_auth_type is None
    api.set_xapi_credential(cred_id, XapiCredentialPostSchema(name="renamed", secret=got.secret, is_enabled=False,
                                                              auth=got.auth, permissions_level=got.permissions_level))
    raw = raw_json(api.get_xapi_credential, cred_id)
    assert (raw["name"], raw["isEnabled"], raw["auth"], raw["permissionsLevel"]) == ("renamed", False, "OAUTH", "USER")


@pytest.mark.parametrize("auth, level", [
    ("OAUTH", "READONLY"),
    ("oauth", "readonly"),
    ({"xapiCredentialAuthType": "OAUTH"}, {"xapiCredentialPermissionsLevel": "READONLY"}),
])
def test_credential_enum_wire_forms(emu, api, auth, level):
    body = {"name": "k", "secret": "s", "isEnabled": False, "auth": auth, "permissionsLevel": level}
    resp = emu.raw("POST", "/api/v2/xapi/credentials", json=body)
    assert resp.status_code == 200, resp.text
    raw = raw_json(api.get_xapi_credential, resp.json()["result"])
    assert (raw["auth"], raw["permissionsLevel"], raw["isEnabled"]) == ("OAUTH", "READONLY", False)


def test_credential_put_creates_and_updates_at_a_client_chosen_id(emu, api):
    assert api.set_xapi_credential("my key", credential("Mine")) is None   # 204, no response model
    body = {"name": "Mine v2", "secret": "rotated", "isEnabled": False, "auth": "OAUTH", "permissionsLevel": "ROOT"}
    assert emu.raw("PUT", "/api/v2/xapi/credentials/my%20key", json=body).status_code == 204
    # The SDK's {} on an update keeps the current enum values.
    api.set_xapi_credential("my key", credential("Mine v3", secret="rotated-again", info="i"))
    raw = raw_json(api.get_xapi_credential, "my key")
    assert raw == {"id": "my key", "name": "Mine v3", "info": "i", "secret": "rotated-again", "isEnabled": True,
                   "auth": "OAUTH", "permissionsLevel": "ROOT"}
    api.delete_xapi_credential("my key")
    assert status_of(api.get_xapi_credential, "my key")[0] == 404
    assert status_of(api.delete_xapi_credential, "my key")[0] == 404


@pytest.mark.parametrize("change, message", [
    ({"name": None}, "name is required"),
    ({"name": "  "}, "name must not be empty"),
    ({"secret": None}, "secret is required"),
    ({"isEnabled": None}, "isEnabled is required"),
    ({"auth": None}, "auth is required"),
    ({"auth": "DIGEST"}, "auth must be one of BASICAUTH, OAUTH"),
    ({"auth": {"xapiCredentialAuthType": "DIGEST"}}, "auth must be one of"),
    ({"auth": {"type": "OAUTH"}}, "auth must be a string or an object with the key xapiCredentialAuthType"),
    ({"permissionsLevel": "ADMIN"}, "permissionsLevel must be one of DEFAULT, USER, ROOT, READONLY, WRITEONLY"),
    ({"permissionsLevel": None}, "permissionsLevel is required"),
])
def test_credential_validation(emu, change, message):
    body = {"name": "k", "secret": "hidden-in-errors", "isEnabled": True, "auth": "BASICAUTH",
            "permissionsLevel": "DEFAULT"}
    body = {k: v for k, v in {**body, **change}.items() if v is not None}
    for method, path in (("POST", "/api/v2/xapi/credentials"), ("PUT", "/api/v2/xapi/credentials/c1")):
        resp = emu.raw(method, path, json=body)
        assert resp.status_code == 400, resp.text
        assert message in resp.json()["message"]
        assert "hidden-in-errors" not in resp.text
    assert emu.raw("GET", "/api/v2/xapi/credentials").json()["xapiCredentials"] == []


def test_credential_list_pages_filters_and_counts(api):
    ids = [api.create_xapi_credential(credential(f"Key {i:02d}")).result for i in range(PAGE_SIZE + 2)]
    api.create_xapi_credential(credential("Special"))
    items, pages, page = [], 0, api.get_xapi_credentials()
    while True:
        pages += 1
        items += page.xapi_credentials
        if page.more is None:
            break
        page = api.get_xapi_credentials(more=page.more)
    assert pages == 2 and [c.name for c in items][:len(ids)] == [f"Key {i:02d}" for i in range(len(ids))]
    assert all(c.secret == "s3cret-value" for c in items)

    first_page, status, headers = api.get_xapi_credentials_with_http_info(filter="key", filter_by="name",
                                                                          include_total_count=True)
    assert status == 200 and headers["X-Total-Count"] == str(len(ids))
    assert len(first_page.xapi_credentials) == PAGE_SIZE and first_page.more is not None
    by_id = api.get_xapi_credentials(filter=ids[3])   # default filterBy is credential_id
    assert [c.id for c in by_id.xapi_credentials] == [ids[3]]
    by_name = api.get_xapi_credentials(filter="special", filter_by="name", order_by="name_desc")
    assert [c.name for c in by_name.xapi_credentials] == ["Special"]
    assert status_of(api.get_xapi_credentials, filter_by="secret")[0] == 400


# -- tenants and scopes -----------------------------------------------------------------------------
def test_tenant_isolation(emu, api):
    api.set_statement_pipe("shared", XapiStatementPipePutSchema(source=endpoint(SOURCE), target=endpoint(TARGET)))
    api.set_xapi_credential("shared", credential("Demo's"))
    other = other_app_api(emu)
    assert other.get_statement_pipes().xapi_statement_pipes == []
    assert other.get_xapi_credentials().xapi_credentials == []
    assert status_of(other.get_statement_pipe, "shared")[0] == 404
    assert status_of(other.get_xapi_credential, "shared")[0] == 404
    assert status_of(other.delete_statement_pipe, "shared")[0] == 404
    assert status_of(other.delete_xapi_credential, "shared")[0] == 404
    other.set_xapi_credential("shared", credential("Other's", secret="other-secret"))
    assert api.get_xapi_credential("shared").secret == "s3cret-value"
    assert api.get_statement_pipe("shared").target.url == TARGET


def test_scopes(emu):
    pipes_read = emu.token_api(XapiApi, "read:xapipipe")
    assert pipes_read.get_statement_pipes().xapi_statement_pipes == []
    status, message = status_of(pipes_read.set_statement_pipe, "p", XapiStatementPipePutSchema(
        source=endpoint(SOURCE), target=endpoint(TARGET)))
    assert status == 403 and "write:xapipipe" in message
    assert status_of(pipes_read.get_xapi_credentials)[0] == 403

    creds = emu.token_api(XapiApi, "read:xapicredential write:xapicredential")
    cred_id = creds.create_xapi_credential(credential()).result
    assert creds.get_xapi_credential(cred_id).name == "LRS key"
    status, message = status_of(creds.delete_xapi_credential, cred_id)
    assert status == 403 and "delete:xapicredential" in message
    assert status_of(creds.get_statement_pipes)[0] == 403

    writer = emu.token_api(XapiApi, "write:xapipipe delete:xapipipe")
    writer.set_statement_pipe("p", XapiStatementPipePutSchema(source=endpoint(SOURCE), target=endpoint(TARGET)))
    assert status_of(writer.get_statement_pipe, "p")[0] == 403
    writer.delete_statement_pipe("p")
    assert emu.app_api(XapiApi).get_statement_pipes().xapi_statement_pipes == []
    assert status_of(emu.app_api(XapiApi, APP_ID, "wrong-secret").get_statement_pipes)[0] == 401
