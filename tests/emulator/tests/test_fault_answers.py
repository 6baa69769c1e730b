"""The "answer" and "rewrite" faults: the emulator plays a hostile server (a proxy's login page, a list answer missing
its key, a page that skips an item, a `more` token that repeats) without its store or its own health suffering."""

from __future__ import annotations

import pytest
from rustici_software_cloud_v2 import (CreateDispatchIdSchema, CreateDispatchListSchema, CreateDispatchSchema,
                                       DestinationSchema)
from rustici_software_cloud_v2.api.dispatch_api import DispatchApi

API = "/api/v2"
LIST = API + "/dispatch/destinations"
LIST_REGEX = "^/api/v2/dispatch/destinations$"
LOGIN_PAGE = "<html><body>Login</body></html>"


def create_destinations(emu, count: int) -> list[str]:
    ids = [f"d{n}" for n in range(count)]
    resp = emu.raw("POST", LIST, json={"destinations": [{"id": i, "data": {"name": i.upper()}} for i in ids]})
    assert resp.status_code == 204, resp.text
    return ids


def fault_answer(emu, spec: dict):
    return emu.raw("POST", "/__emulator/faults", auth=None, json=spec)


def assert_framed(resp) -> None:
    """The Content-Length sent is the length of the body sent (in bytes)."""
    assert resp.headers["Content-Length"] == str(len(resp.content))
    assert "Transfer-Encoding" not in resp.headers


def test_answer_a_login_page_instead_of_the_list(emu):
    create_destinations(emu, 2)
    emu.clear_log()
    emu.add_fault(method="GET", path_regex=LIST_REGEX, action="answer", body=LOGIN_PAGE, content_type="text/html")
    resp = emu.raw("GET", LIST)
    assert resp.status_code == 200 and resp.text == LOGIN_PAGE
    assert resp.headers["Content-Type"] == "text/html"
    assert_framed(resp)
    assert [e["status"] for e in emu.requests_log()] == [200]
    assert len(emu.raw("GET", LIST).json()["destinations"]) == 2      # used up: the real list again


def test_answer_with_headers_and_a_list_missing_its_key(emu):
    create_destinations(emu, 2)
    emu.add_fault(method="GET", path_regex=LIST_REGEX, action="answer", body='{"more": null}',
                  headers={"X-Total-Count": "7", "Retry-After": "3"})
    resp = emu.raw("GET", LIST, params={"includeTotalCount": "true"})
    assert resp.status_code == 200 and resp.json() == {"more": None}
    assert resp.headers["Content-Type"] == "application/json"
    assert resp.headers["X-Total-Count"] == "7" and resp.headers["Retry-After"] == "3"
    assert_framed(resp)


@pytest.mark.parametrize("body, expected", [("null", None), ('"hello"', "hello"), ("[]", []), ("", None)])
def test_answer_one_object_with_odd_json(emu, body, expected):
    create_destinations(emu, 1)
    emu.add_fault(method="GET", path_regex="^/api/v2/dispatch/destinations/d0$", action="answer", body=body)
    resp = emu.raw("GET", LIST + "/d0")
    assert resp.status_code == 200 and resp.content == body.encode()
    assert_framed(resp)
    if body:
        assert resp.json() == expected


def test_answer_never_performs_the_request(emu):
    emu.clear_log()
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/", action="answer", status=204)
    resp = emu.raw("PUT", LIST + "/ghost", json={"name": "Ghost"})
    assert resp.status_code == 204 and resp.content == b"" and "Content-Length" not in resp.headers
    assert emu.raw("GET", LIST + "/ghost").status_code == 404
    assert [(e["method"], e["status"]) for e in emu.requests_log()] == [("PUT", 204), ("GET", 404)]


def test_answer_body_is_utf8_and_content_type_may_be_left_out(emu):
    emu.add_fault(path_regex="/ping$", action="answer", status=502, body="Passerelle hors ligne — réessayez",
                  content_type="")
    resp = emu.raw("GET", API + "/ping")
    assert resp.status_code == 502 and "Content-Type" not in resp.headers
    assert resp.content == "Passerelle hors ligne — réessayez".encode("utf-8")
    assert_framed(resp)


def test_rewrite_remove_skips_an_item_and_keeps_the_total_count(emu):
    ids = create_destinations(emu, 7)
    real = emu.raw("GET", LIST, params={"includeTotalCount": "true"})
    emu.add_fault(method="GET", path_regex=LIST_REGEX, action="rewrite",
                  patch=[{"op": "remove", "path": "/destinations/0"}])
    resp = emu.raw("GET", LIST, params={"includeTotalCount": "true"})
    assert resp.status_code == 200 and resp.headers["X-Total-Count"] == "7"
    page = resp.json()
    assert [d["id"] for d in page["destinations"]] == ids[1:5]
    assert page["more"] == real.json()["more"]
    assert_framed(resp)


def test_rewrite_replaces_more_with_a_token_that_repeats(emu):
    create_destinations(emu, 12)
    token = emu.raw("GET", LIST).json()["more"]
    emu.add_fault(method="GET", path_regex=LIST_REGEX, action="rewrite", times=50,
                  patch=[{"op": "replace", "path": "/more", "value": token}])
    pages = [emu.raw("GET", LIST, params={"more": token}).json() for _attempt in range(3)]
    assert [page["more"] for page in pages] == [token] * 3
    assert [d["id"] for d in pages[2]["destinations"]] == [f"d{n}" for n in range(5, 10)]
    assert emu.raw("GET", "/__emulator/faults", auth=None).json()["faults"][0]["times"] == 47


def test_rewrite_add_inserts_appends_and_adds_keys(emu):
    create_destinations(emu, 2)
    fake = {"id": "fake", "data": {"name": "FAKE"}}
    emu.add_fault(method="GET", path_regex=LIST_REGEX, action="rewrite", patch=[
        {"op": "add", "path": "/destinations/-", "value": fake},
        {"op": "add", "path": "/destinations/0", "value": {"id": "first"}},
        {"op": "add", "path": "/odd~1key", "value": [1, {"a": None}]},
        {"op": "replace", "path": "/destinations/1/data/name", "value": None}])
    page = emu.raw("GET", LIST).json()
    assert [d["id"] for d in page["destinations"]] == ["first", "d0", "d1", "fake"]
    assert page["destinations"][1]["data"]["name"] is None
    assert page["odd/key"] == [1, {"a": None}]


def test_rewrite_skips_operations_whose_target_is_missing(emu):
    create_destinations(emu, 2)
    emu.add_fault(method="GET", path_regex=LIST_REGEX, action="rewrite", patch=[
        {"op": "remove", "path": "/destinations/9"},
        {"op": "remove", "path": "/destinations/-"},
        {"op": "replace", "path": "/nothing", "value": 1},
        {"op": "add", "path": "/no/such/parent", "value": 1},
        {"op": "add", "path": "/destinations/07", "value": 1},
        {"op": "add", "path": "/more/x", "value": 1},
        {"op": "remove", "path": "/destinations/1"}])
    page = emu.raw("GET", LIST).json()
    assert [d["id"] for d in page["destinations"]] == ["d0"] and set(page) == {"destinations"}


def test_rewrite_can_replace_the_whole_document(emu):
    emu.add_fault(path_regex="/ping$", action="rewrite", patch=[{"op": "replace", "path": "", "value": None}])
    resp = emu.raw("GET", API + "/ping")
    assert resp.status_code == 200 and resp.content == b"null"
    assert_framed(resp)


def test_a_rewritten_write_still_takes_effect(emu):
    emu.clear_log()
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/kept$", action="rewrite", status=503,
                  body='{"message": "Service Unavailable"}', headers={"Retry-After": "1"})
    resp = emu.raw("PUT", LIST + "/kept", json={"name": "Kept"})
    assert resp.status_code == 503 and resp.json() == {"message": "Service Unavailable"}
    assert resp.headers["Retry-After"] == "1" and resp.headers["Content-Type"] == "application/json"
    assert_framed(resp)
    assert emu.raw("GET", LIST + "/kept").json()["name"] == "Kept"
    assert [(e["method"], e["status"], e["auth"]) for e in emu.requests_log()] == [
        ("PUT", 503, "APP_NORMAL"), ("GET", 200, "APP_NORMAL")]


def test_a_204_that_gets_a_body_becomes_a_200(emu):
    emu.clear_log()
    emu.add_fault(method="POST", path_regex=LIST_REGEX, action="rewrite", body="<html>Login</html>",
                  content_type="text/html")
    resp = emu.raw("POST", LIST, json={"destinations": [{"id": "made", "data": {"name": "Made"}}]})
    assert resp.status_code == 200 and resp.text == "<html>Login</html>"
    assert resp.headers["Content-Type"] == "text/html"
    assert_framed(resp)
    assert emu.raw("GET", LIST + "/made").status_code == 200
    assert emu.requests_log()[0]["status"] == 200


def test_a_204_keeps_its_status_when_only_patched_or_given_headers(emu):
    emu.add_fault(method="PUT", path_regex="^/api/v2/dispatch/destinations/", action="rewrite",
                  patch=[{"op": "add", "path": "/x", "value": 1}], headers={"X-Trace": "abc"})
    resp = emu.raw("PUT", LIST + "/quiet", json={"name": "Quiet"})
    assert resp.status_code == 204 and resp.content == b"" and resp.headers["X-Trace"] == "abc"
    assert "Content-Length" not in resp.headers


def test_a_rewrite_to_204_drops_the_body(emu):
    emu.add_fault(path_regex="/ping$", action="rewrite", status=204)
    resp = emu.raw("GET", API + "/ping")
    assert resp.status_code == 204 and resp.content == b"" and "Content-Length" not in resp.headers


def test_rewrite_of_a_zip_skips_the_patch_but_sets_headers(emu):
    emu.put_course("c1", "Course One")
    api = emu.app_api(DispatchApi)
    api.set_destination("dest", DestinationSchema(name="Dest"))
    api.create_dispatches(CreateDispatchListSchema(dispatches=[
        CreateDispatchIdSchema(id="p1", data=CreateDispatchSchema(destination_id="dest", course_id="c1"))]))
    path = API + "/dispatch/dispatches/p1/zip"
    real = emu.raw("GET", path)
    emu.add_fault(method="GET", path_regex="/zip$", action="rewrite", headers={"X-Checked": "yes"},
                  patch=[{"op": "replace", "path": "", "value": {}}])
    resp = emu.raw("GET", path)
    assert resp.status_code == 200 and resp.content == real.content and resp.content[:2] == b"PK"
    assert resp.headers["Content-Type"] == "application/zip" and resp.headers["X-Checked"] == "yes"
    assert_framed(resp)


def test_times_is_honoured_then_the_real_answer_returns(emu):
    emu.add_fault(path_regex="/ping$", action="answer", status=418, body="teapot", content_type="text/plain",
                  times=2)
    assert [emu.raw("GET", API + "/ping").status_code for _attempt in range(3)] == [418, 418, 200]
    emu.add_fault(path_regex="/ping$", action="rewrite", status=299, times=2)
    assert [emu.raw("GET", API + "/ping").status_code for _attempt in range(3)] == [299, 299, 200]
    assert [e["status"] for e in emu.requests_log() if e["path"].endswith("/ping")] == [418, 418, 200, 299, 299, 200]


def test_filters_pick_the_request_like_other_faults(emu):
    create_destinations(emu, 1)
    emu.add_fault(method="GET", path_regex=LIST_REGEX, query_regex="filter=x", action="answer", body="{}")
    assert "destinations" in emu.raw("GET", LIST).json()
    assert emu.raw("GET", LIST, params={"filter": "x"}).json() == {}
    emu.add_fault(method="POST", path_regex=LIST_REGEX, body_regex='"mine"', action="rewrite", status=500)
    assert emu.raw("POST", LIST, json={"destinations": [{"id": "other", "data": {"name": "O"}}]}).status_code == 204
    assert emu.raw("POST", LIST, json={"destinations": [{"id": "mine", "data": {"name": "M"}}]}).status_code == 500
    assert emu.raw("GET", LIST + "/mine").status_code == 200


def test_pending_answer_faults_are_listed(emu):
    emu.add_fault(path_regex="/ping$", action="answer", body="x", headers={"X-A": "1"})
    emu.add_fault(path_regex="/ping$", action="rewrite", patch=[{"op": "remove", "path": "/apiMessage"}])
    faults = emu.raw("GET", "/__emulator/faults", auth=None).json()["faults"]
    assert [(f["action"], f["status"], f["content_type"]) for f in faults] == [
        ("answer", 200, "application/json"), ("rewrite", None, None)]
    assert faults[0]["headers"] == {"X-A": "1"} and faults[1]["patch"] == [{"op": "remove", "path": "/apiMessage"}]


@pytest.mark.parametrize("spec, says", [
    ({"action": "answer", "status": 99}, "status must be an integer from 200 to 599"),
    ({"action": "answer", "status": 100}, "status must be an integer from 200 to 599"),
    ({"action": "answer", "status": 600}, "status must be an integer from 200 to 599"),
    ({"action": "answer", "status": "200"}, "status must be an integer"),
    ({"action": "answer", "status": True}, "status must be an integer"),
    ({"action": "answer", "body": {"more": None}}, "body must be a string"),
    ({"action": "answer", "body": "\ud800"}, "body must be encodable as UTF-8"),
    ({"action": "answer", "status": 204, "body": "x"}, "status 204 carries no body"),
    ({"action": "answer", "content_type": 3}, "content_type must be a header value"),
    ({"action": "answer", "content_type": "text/html\r\nX-Evil: 1"}, "content_type must be a header value"),
    ({"action": "answer", "headers": ["X-A", "1"]}, "headers must be an object"),
    ({"action": "answer", "headers": {"X A": "1"}}, "not a valid header name"),
    ({"action": "answer", "headers": {"X-A": 1}}, "the value of X-A must be a string"),
    ({"action": "answer", "headers": {"X-A": " padded"}}, "the value of X-A must be a string"),
    ({"action": "answer", "headers": {"X-A": "ü €"}}, "the value of X-A must be a string"),
    ({"action": "answer", "headers": {"Content-Length": "3"}}, "Content-Length is set by the emulator"),
    ({"action": "answer", "headers": {"content-type": "text/html"}}, "use content_type"),
    ({"action": "answer", "headers": {"X-A": "1", "x-a": "2"}}, "x-a is given twice"),
    ({"action": "answer", "retry_after": 1}, "retry_after is not valid with action answer"),
    ({"action": "answer", "patch": [{"op": "remove", "path": "/a"}]}, "patch is only valid with action rewrite"),
    ({"action": "answer", "commit": True}, "commit is only valid with action delay"),
    ({"action": "rewrite"}, "rewrite needs at least one of"),
    ({"action": "rewrite", "body": "x", "patch": [{"op": "remove", "path": "/a"}]}, "mutually exclusive"),
    ({"action": "rewrite", "status": 304, "patch": [{"op": "remove", "path": "/a"}]}, "status 304 carries no body"),
    ({"action": "rewrite", "patch": []}, "patch must be a non-empty list"),
    ({"action": "rewrite", "patch": {"op": "remove", "path": "/a"}}, "patch must be a non-empty list"),
    ({"action": "rewrite", "patch": ["remove"]}, "patch[0] must be an object"),
    ({"action": "rewrite", "patch": [{"op": "move", "from": "/a", "path": "/b"}]}, "patch[0]: op must be one of"),
    ({"action": "rewrite", "patch": [{"op": "test", "path": "/a", "value": 1}]}, "patch[0]: op must be one of"),
    ({"action": "rewrite", "patch": [{"op": "remove", "path": "/a", "form": "/b"}]}, "unknown member form"),
    ({"action": "rewrite", "patch": [{"op": "remove"}]}, "path (a JSON pointer string) is required"),
    ({"action": "rewrite", "patch": [{"op": "remove", "path": "a"}]}, "invalid path"),
    ({"action": "rewrite", "patch": [{"op": "remove", "path": "/a~2"}]}, "invalid path"),
    ({"action": "rewrite", "patch": [{"op": "remove", "path": "/a", "value": 1}]}, "remove takes no value"),
    ({"action": "rewrite", "patch": [{"op": "remove", "path": ""}]}, "cannot remove the whole document"),
    ({"action": "rewrite", "patch": [{"op": "remove", "path": "/a"}, {"op": "add", "path": "/b"}]},
     "patch[1]: add needs a value"),
    ({"status": 503, "body": "x"}, "body is only valid with action answer or rewrite"),
    ({"action": "delay", "seconds": 1, "headers": {"X-A": "1"}}, "headers is only valid with action answer or rewrite"),
])
def test_bad_answer_and_rewrite_specs_are_refused(emu, spec, says):
    resp = fault_answer(emu, dict(spec, path_regex="^/api/v2/ping$"))
    assert resp.status_code == 400 and says in resp.json()["message"], resp.text
    assert "\n" not in resp.json()["message"]
    assert emu.raw("GET", "/__emulator/faults", auth=None).json()["faults"] == []


def test_a_nan_patch_value_is_refused(emu):
    spec = '{"path_regex": "x", "action": "rewrite", "patch": [{"op": "add", "path": "/a", "value": NaN}]}'
    resp = emu.raw("POST", "/__emulator/faults", auth=None, headers={"Content-Type": "application/json"}, data=spec)
    assert resp.status_code == 400 and "value must be plain JSON" in resp.json()["message"]
