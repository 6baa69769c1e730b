# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client fails closed: an answer that is not what the API returns (another content type, JSON of another
shape, a list that does not end or does not add up, a 404 page that is not the service's) stops the task with one
sentence, never read as "nothing there"; error bodies are cut to a sentence; secrets are scrubbed in any form."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json
import os

import pytest

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.scorm.cloud.plugins.module_utils._client import (
    MAX_PAGES,
    BasicAuth,
    ScormCloudError,
    UnexpectedAnswer,
    secret_forms,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import ID, STR, TAG_LIST, ListOf, Obj, problem
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import response

ITEM = Obj({"id": ID, "data": Obj({"name": STR, "tags": TAG_LIST})}, required=("id", "data"))
LOGIN_PAGE = "<html><head><title>Sign in - Corp Proxy</title></head>\n<body>\n<form>...</form>\n</body></html>"


def html(status=200, text=LOGIN_PAGE):
    answer = response(status, text=text)
    answer.headers["Content-Type"] = "text/html; charset=utf-8"
    return answer


def page(items, more=None, total=None):
    body = {"destinations": items}
    if more is not None:
        body["more"] = more
    answer = response(200, body)
    if total is not None:
        answer.headers["X-Total-Count"] = str(total)
    return answer


def item(thing_id, **data):
    return {"id": thing_id, "data": dict({"name": thing_id}, **data)}


# -- one answer -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, what", [
    (html(), "an HTML page titled 'Sign in - Corp Proxy'"),
    (response(200, text="OK"), "a body without a Content-Type"),
    (response(200, text="{not json", headers={"Content-Type": "application/json"}),
     "a body that says it is JSON but is not"),
    (response(200, text='"hello"', headers={"Content-Type": "application/json"}), "the answer is a string, not an object"),
    (response(200, text="null", headers={"Content-Type": "application/json"}), "it is empty (null or no body)"),
    (response(200, text="", headers={"Content-Type": "application/json"}), "it is empty (null or no body)"),
    (response(200, [1, 2]), "the answer is a list, not an object"),
    (response(200, {"name": 7}), "name is a number, not a string"),
    (response(200, {"name": "D", "tags": "a,b"}), "tags is a string, not a list"),
    (response(200, {"name": "D", "tags": ["a", None]}), "tags[1] is null"),
])
def test_an_answer_of_another_shape_stops_the_task(http, make_client, answer, what):
    http.queue(answer)
    with pytest.raises(UnexpectedAnswer) as raised:
        make_client().get("/dispatch/destinations/d1", shape=Obj({"name": STR, "tags": TAG_LIST}))
    assert raised.value.message == (
        "GET /dispatch/destinations/d1 was answered with something the SCORM Cloud API does not return (%s), so the "
        "task stopped before acting on it; check api_url and any proxy between this host and the service." % what)
    assert "\n" not in raised.value.message and "<form>" not in raised.value.message
    assert len(http.calls) == 1  # never retried


def test_a_write_answered_by_something_else_may_have_taken_effect(http, make_client):
    http.queue(html())
    with pytest.raises(UnexpectedAnswer) as raised:
        make_client().request("PUT", "/dispatch/destinations/d1", json={"name": "D"})
    assert raised.value.message.endswith("(it may have taken effect: the next run reads the account first)")


def test_a_required_key_and_an_enum_are_checked():
    shape = Obj({"status": ID, "items": ListOf(Obj({"id": ID}, required=("id",)))}, required=("status",))
    assert problem({"items": []}, shape) == "it has no status"
    assert problem({"status": " ", "items": []}, shape) == "status is an empty string"
    assert problem({"status": "x", "items": [{"name": "n"}]}, shape) == "items[0] has no id"
    assert problem({"status": "x", "items": [{"id": 3}]}, shape) == "items[0].id is a number, not a string"
    assert problem({"status": "x", "extra": {"anything": 1}}, shape) is None  # keys the shape does not name


# -- 404 --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", [response(404, {"message": "Destination not found"}), response(404)])
def test_the_services_own_404_means_absent(http, make_client, answer):
    http.queue(answer)
    assert make_client().get_or_none("/dispatch/destinations/d1") is None


def test_a_404_page_of_something_else_is_not_absence(http, make_client):
    # A proxy or a wrong path answers 404 with a page of its own: reading it as "absent" would plan a create over
    # the existing object.
    http.queue(html(404, "<html><title>404 Not Found</title><body>nginx</body></html>"))
    with pytest.raises(UnexpectedAnswer) as raised:
        make_client().get_or_none("/dispatch/destinations/d1")
    assert "404 with an HTML page titled '404 Not Found' instead of the service's JSON" in raised.value.message


# -- error bodies -------------------------------------------------------------------------------------------------

def test_an_html_error_page_is_named_in_one_line(http, make_client):
    http.queue(html(502, "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center>nginx</center>\n</body>"))
    with pytest.raises(ScormCloudError) as raised:
        make_client(retry_deadline=0).get("/ping")
    assert raised.value.message.startswith(
        "GET /ping failed (502): an HTML page titled '502 Bad Gateway' instead of the service's JSON")
    assert "\n" not in raised.value.message and "nginx" not in raised.value.message


def test_a_multi_line_service_message_is_one_line(http, make_client):
    http.queue(response(400, {"message": "Bad request:\n  line two\n\tline three"}))
    with pytest.raises(ScormCloudError) as raised:
        make_client().request("PUT", "/dispatch/destinations/d1", json={})
    assert raised.value.message == "PUT /dispatch/destinations/d1 failed (400): Bad request: line two line three"


# -- secrets in any form ------------------------------------------------------------------------------------------

SECRET_VALUE = 'pipe "pass" \\ wörd/+=?&'


@pytest.mark.parametrize("form", [
    pytest.param(lambda s: s, id="plain"),
    pytest.param(lambda s: json.dumps(s)[1:-1], id="json-ascii"),
    pytest.param(lambda s: json.dumps(s, ensure_ascii=False)[1:-1], id="json-unicode"),
    pytest.param(lambda s: repr(s)[1:-1], id="python-repr"),
    pytest.param(lambda s: quote(s, safe=""), id="url-encoded"),
    pytest.param(lambda s: base64.b64encode(("app:" + s).encode("utf-8")).decode("ascii"), id="base64-in-basic-header"),
])
def test_a_secret_echoed_in_any_form_is_scrubbed(http, make_client, form):
    # A service that echoes the request body shows a password JSON-escaped, where Ansible's masking does not look.
    http.queue(response(400, {"message": "Invalid body: %s" % form(SECRET_VALUE)}))
    client = make_client()
    client.add_secret(SECRET_VALUE)
    with pytest.raises(ScormCloudError) as raised:
        client.request("PUT", "/xapi/statementPipes/p1", json={"source": {"password": SECRET_VALUE}})
    assert form(SECRET_VALUE) not in raised.value.message and "********" in raised.value.message
    assert "wörd" not in raised.value.message and "w\\u00f6rd" not in raised.value.message


def test_secret_forms_are_never_shorter_than_four_characters():
    assert secret_forms("abc") == []
    assert all(len(form) >= 4 for form in secret_forms("abcdefgh"))


# -- lists --------------------------------------------------------------------------------------------------------

def test_a_list_answer_without_its_key_is_not_an_empty_list(http, make_client):
    http.queue(response(200, {"more": None}))
    with pytest.raises(UnexpectedAnswer) as raised:
        list(make_client().pages("/dispatch/destinations", "destinations", item_shape=ITEM))
    assert "(it has no destinations)" in raised.value.message


def test_an_item_without_its_id_or_with_a_wrong_field_stops_the_read(http, make_client):
    http.queue(page([item("a"), {"data": {"name": "b"}}]))
    with pytest.raises(UnexpectedAnswer) as raised:
        list(make_client().pages("/dispatch/destinations", "destinations", item_shape=ITEM))
    assert "(destinations[1] has no id)" in raised.value.message
    http.queue(page([item("a", tags="x")]))
    with pytest.raises(UnexpectedAnswer) as raised:
        list(make_client().pages("/dispatch/destinations", "destinations", item_shape=ITEM))
    assert "(destinations[0].data.tags is a string, not a list)" in raised.value.message


def test_a_more_token_that_repeats_ends_the_read_at_once(http, make_client):
    http.queue(page([item("a")], more="same"), page([item("b")], more="same"), page([item("c")], more="same"))
    with pytest.raises(UnexpectedAnswer) as raised:
        list(make_client().pages("/dispatch/destinations", "destinations", item_shape=ITEM))
    assert "(a more token it had given before, so the list would never end)" in raised.value.message
    assert len(http.calls) == 2


@pytest.mark.parametrize("more, what", [("", "an empty string"), ("  ", "an empty string"), (7, "a number"),
                                        ({"page": 2}, "an object")])
def test_a_more_token_that_is_not_a_token_ends_the_read(http, make_client, more, what):
    http.queue(page([item("a")], more=more))
    with pytest.raises(UnexpectedAnswer) as raised:
        list(make_client().pages("/dispatch/destinations", "destinations", item_shape=ITEM))
    assert "(a more token that is %s)" % what in raised.value.message


def test_pages_that_never_end_are_bounded_by_the_count(http, make_client):
    # New tokens forever, one object a page, while the service counts 3: at most 2 x 3 + 10 pages are read.
    pages = iter(range(1000))
    http.handler = lambda call: page([item("x%d" % next(pages))], more="token-%d" % len(http.calls), total=3)
    with pytest.raises(UnexpectedAnswer) as raised:
        list(make_client().pages("/dispatch/destinations", "destinations", count=True, item_shape=ITEM))
    assert "(still more pages after 16 pages, more than the list can have)" in raised.value.message
    assert len(http.calls) == 16


def test_pages_without_a_count_are_bounded_too(http, make_client):
    http.handler = lambda call: page([item("x")], more="token-%d" % len(http.calls))
    with pytest.raises(UnexpectedAnswer):
        list(make_client().pages("/dispatch/destinations", "destinations", item_shape=ITEM))
    assert len(http.calls) == MAX_PAGES


def test_a_count_that_is_not_a_number_stops_the_read(http, make_client):
    answer = page([item("a")])
    answer.headers["X-Total-Count"] = "lots"
    http.queue(answer)
    with pytest.raises(UnexpectedAnswer) as raised:
        list(make_client().pages("/dispatch/destinations", "destinations", count=True, item_shape=ITEM))
    assert "(an X-Total-Count header of 'lots', not a count)" in raised.value.message


def test_a_whole_list_that_does_not_add_up_is_read_again_once(http, make_client, warned):
    # Another run deleted while the pages were read: a page skipped "c". The second read adds up.
    http.queue(page([item("a"), item("b")], more="2", total=5), page([item("d"), item("e")]),
               page([item("a"), item("b")], more="2", total=4), page([item("c"), item("d")]))
    listed = make_client().read_all("/dispatch/destinations", "destinations", ITEM)
    assert [thing["id"] for thing in listed] == ["a", "b", "c", "d"]
    assert warned == ["GET /dispatch/destinations: the pages held 4 different objects while the service counted 5 (the "
                      "list changed while it was read); reading it again"]


def test_a_whole_list_that_never_adds_up_fails(http, make_client):
    http.handler = lambda call: page([item("a"), item("b")], total=3) if call.params else page([])
    with pytest.raises(UnexpectedAnswer) as raised:
        make_client().read_all("/dispatch/destinations", "destinations", ITEM)
    assert "(its pages held 2 different objects while it counted 3, twice; the list changed while it was read)" in (
        raised.value.message)
    assert len(http.calls) == 2


# -- downloads ----------------------------------------------------------------------------------------------------

def test_a_download_that_is_not_a_zip_is_not_written(http, make_client, tmp_path):
    dest = tmp_path / "package.zip"
    dest.write_bytes(b"PK old package")
    answer = html()
    answer._content_consumed = True  # the fake's body is read as a stream
    http.queue(answer)
    with pytest.raises(UnexpectedAnswer) as raised:
        make_client().download("/dispatch/dispatches/d1/zip", str(dest))
    assert "(an HTML page titled 'Sign in - Corp Proxy', not a zip)" in raised.value.message
    assert dest.read_bytes() == b"PK old package" and os.listdir(str(tmp_path)) == ["package.zip"]


# -- what was written, for "changed" ------------------------------------------------------------------------------

class Owner:
    wrote = False


def test_a_write_the_service_accepted_marks_its_owner(http, make_client):
    http.queue(response(204), response(400, {"message": "no"}))
    client, first, second = make_client(), Owner(), Owner()
    with client.on_behalf_of(first):
        client.request("PUT", "/dispatch/destinations/d1", json={})
    with client.on_behalf_of(second):
        with pytest.raises(ScormCloudError):
            client.request("PUT", "/dispatch/destinations/d2", json={})
    assert (first.wrote, second.wrote) == (True, False)


def test_basic_auth_secret_is_scrubbed_from_its_own_header_form(http, make_client):
    header = "Basic " + base64.b64encode(b"app-1:s3cret-key-value").decode("ascii")
    http.queue(response(401, {"message": "Rejected %s" % header}))
    with pytest.raises(ScormCloudError) as raised:
        make_client(auth=BasicAuth("app-1", "s3cret-key-value", "app_id and secret_key")).get("/ping")
    assert header[6:] not in raised.value.message
