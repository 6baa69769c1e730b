# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_dispatch_destination's main() against an in-memory destination service: the exact requests it sends,
idempotence, check mode, tags, deletion and secrets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

import pytest

from ansible.module_utils.six.moves.urllib.parse import unquote

from ansible_collections.scorm.cloud.plugins.modules import scorm_dispatch_destination
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

SECRET = "dest-secret-key-1"
PATH = "/dispatch/destinations/acme"
HASHING = PATH + "/dispatches/hashUserInfo"
TAGS = PATH + "/tags"
CONNECTION = {"api_url": API_URL, "app_id": "app-1", "secret_key": SECRET}

SERVICE_LAUNCH_AUTH = {"type": "cookies", "options": {"ipAddress": False, "fingerprint": False, "expiry": 0, "slidingExpiry": 0}}
EXISTING = {"name": "ACME", "email": "lms@acme.example", "notes": "", "tags": ["a", "b"],
            "launchAuth": SERVICE_LAUNCH_AUTH, "hashUserInfo": False}
EXISTING_AS_OPTIONS = {
    "id": "acme", "name": "ACME", "email": "lms@acme.example", "notes": "", "tags": ["a", "b"],
    "launch_auth": {"type": "cookies", "ip_address": False, "fingerprint": False, "expiry": 0, "sliding_expiry": 0},
    "lti13": None, "hash_user_info": False,
}


class DestinationService:
    """The destination endpoints the module uses, behaving as the API reference describes them."""

    ROUTE = re.compile(r"^/dispatch/destinations/([^/]+)(/tags|/dispatches/hashUserInfo)?$")

    def __init__(self):
        self.destinations = {}

    def __call__(self, call):
        match = self.ROUTE.match(call.path)
        if not match:
            raise AssertionError("the module called an unexpected endpoint: %s %s" % (call.method, call.path))
        destination_id, part = unquote(match.group(1)), match.group(2)
        destination = self.destinations.get(destination_id)
        if call.method == "PUT" and part is None:
            return self.set_destination(destination_id, call.json)
        if destination is None:
            return response(404, {"message": "Destination '%s' not found" % destination_id})
        if call.method == "GET":
            if part == "/dispatches/hashUserInfo":
                return response(200, {"enabled": destination["hashUserInfo"]})
            if part == "/tags":
                return response(200, {"tags": destination["tags"]})
            return response(200, dict((key, value) for key, value in destination.items() if key != "hashUserInfo"))
        if call.method == "DELETE" and part is None:
            del self.destinations[destination_id]
        elif part == "/tags":
            tags = set(destination["tags"])
            tags = tags | set(call.json["tags"]) if call.method == "PUT" else tags - set(call.json["tags"])
            destination["tags"] = sorted(tags)
        elif call.method == "PUT" and part == "/dispatches/hashUserInfo":
            destination["hashUserInfo"] = call.json["enabled"]
        else:
            raise AssertionError("unexpected %s %s" % (call.method, call.path))
        return response(204)

    def set_destination(self, destination_id, body):
        destination = self.destinations.get(destination_id)
        if destination is None:
            if not body.get("name"):
                return response(400, {"message": "name is required to create a destination"})
            destination = self.destinations[destination_id] = {
                "name": None, "email": None, "notes": None, "tags": [], "launchAuth": copy.deepcopy(SERVICE_LAUNCH_AUTH),
                "hashUserInfo": False}
        for key in ("name", "email", "notes", "tags"):
            if body.get(key) is not None:
                destination[key] = body[key]
        if body.get("launchAuth"):
            destination["launchAuth"]["type"] = body["launchAuth"].get("type", "cookies")
            destination["launchAuth"]["options"].update(body["launchAuth"].get("options") or {})
        if body.get("lti13Data"):
            destination["lti13Data"] = dict(body["lti13Data"])
        return response(204)


@pytest.fixture
def service(http):
    http.handler = DestinationService()
    return http.handler


@pytest.fixture
def existing(service):
    service.destinations["acme"] = copy.deepcopy(EXISTING)
    return service


@pytest.fixture
def run(run_module):
    def run_destination(check_mode=False, diff=False, **options):
        return run_module(scorm_dispatch_destination.main, dict(CONNECTION, **options), check_mode=check_mode, diff=diff)

    return run_destination


FULL = dict(id="acme", name="ACME LMS", email="lms@acme.example", tags=["emea", "customer"],
            launch_auth={"type": "vault", "expiry": 3600}, hash_user_info=True)
FULL_AFTER = {
    "id": "acme", "name": "ACME LMS", "email": "lms@acme.example", "notes": None, "tags": ["customer", "emea"],
    "launch_auth": {"type": "vault", "ip_address": False, "fingerprint": False, "expiry": 3600, "sliding_expiry": 0},
    "lti13": None, "hash_user_info": True,
}


# -- create, re-run, check mode -----------------------------------------------------------------------------------

def test_create_reads_then_puts_the_destination_and_its_hashing(service, http, run):
    result = run(**FULL).result
    assert http.sent() == [("GET", PATH), ("PUT", PATH), ("PUT", HASHING), ("GET", PATH), ("GET", HASHING)]
    assert http.calls[1].json == {"name": "ACME LMS", "email": "lms@acme.example", "tags": ["customer", "emea"],
                                  "launchAuth": {"type": "vault", "options": {"expiry": 3600}}}
    assert http.calls[2].json == {"enabled": True}
    assert result["changed"] is True
    assert result["destination"] == FULL_AFTER


def test_create_without_hash_user_info_leaves_hashing_alone(service, http, run):
    result = run(id="acme", name="ACME LMS").result
    # hash_user_info is not in the destination's GET: it is neither written nor read when the task leaves it out.
    assert http.sent() == [("GET", PATH), ("PUT", PATH), ("GET", PATH)]
    assert http.calls[1].json == {"name": "ACME LMS", "tags": []}
    assert result["changed"] is True
    assert "hash_user_info" not in result["destination"]


def test_a_second_run_with_the_same_options_only_reads(service, http, run):
    run(**FULL)
    del http.calls[:]
    result = run(**FULL).result
    assert http.sent() == [("GET", PATH), ("GET", HASHING)]
    assert result["changed"] is False
    assert result["destination"] == FULL_AFTER


def test_check_mode_create_only_reads_and_predicts_the_destination(service, http, run):
    result = run(check_mode=True, **FULL).result
    assert http.sent() == [("GET", PATH)]
    assert service.destinations == {}
    assert result["changed"] is True
    assert result["destination"] == {
        "id": "acme", "name": "ACME LMS", "email": "lms@acme.example", "notes": None, "tags": ["customer", "emea"],
        "launch_auth": {"type": "vault", "expiry": 3600}, "lti13": None, "hash_user_info": True,
    }


def test_check_mode_update_only_reads_and_predicts_the_destination(existing, http, run):
    result = run(check_mode=True, id="acme", name="ACME Renamed", hash_user_info=True).result
    assert http.sent() == [("GET", PATH), ("GET", HASHING)]
    assert existing.destinations["acme"] == EXISTING
    assert result["changed"] is True
    assert result["destination"] == dict(EXISTING_AS_OPTIONS, name="ACME Renamed", hash_user_info=True)


def test_diff_mode_shows_before_and_after(service, run):
    result = run(diff=True, **FULL).result
    assert result["diff"] == {"before": {}, "after": FULL_AFTER}


# -- updates ------------------------------------------------------------------------------------------------------

def test_an_update_sends_only_what_changed(existing, http, run):
    result = run(id="acme", notes="Managed by Ansible", launch_auth={"fingerprint": True}).result
    assert http.sent() == [("GET", PATH), ("PUT", PATH), ("GET", PATH)]
    # Unset launch_auth sub-options keep the values read from the service.
    assert http.calls[1].json == {
        "notes": "Managed by Ansible",
        "launchAuth": {"type": "cookies", "options": {"ipAddress": False, "fingerprint": True, "expiry": 0, "slidingExpiry": 0}},
    }
    assert result["changed"] is True
    assert result["destination"]["launch_auth"]["fingerprint"] is True


@pytest.mark.parametrize("options, tag_writes, tags_after", [
    pytest.param({"tags": ["b", "c"]}, [("PUT", ["c"]), ("DELETE", ["a"])], ["b", "c"], id="purge"),
    pytest.param({"tags": ["c"], "purge_tags": False}, [("PUT", ["c"])], ["a", "b", "c"], id="keep"),
    pytest.param({"tags": ["a"]}, [("DELETE", ["b"])], ["a"], id="purge-only"),
    pytest.param({"tags": ["b", "a"]}, [], ["a", "b"], id="same-tags-any-order"),
    pytest.param({}, [], ["a", "b"], id="tags-omitted"),
])
def test_tags_change_through_the_tag_endpoints(existing, http, run, options, tag_writes, tags_after):
    result = run(id="acme", **options).result
    sent_tag_writes = [(call.method, call.json["tags"]) for call in http.calls if call.path == TAGS and call.method != "GET"]
    assert sent_tag_writes == tag_writes
    assert all(call.method == "GET" for call in http.calls if call.path != TAGS)
    # Tags written are read back (another run may write other tags at the same moment).
    assert [call.method for call in http.calls if call.path == TAGS][len(tag_writes):] == (["GET"] if tag_writes else [])
    assert result["changed"] is bool(tag_writes)
    assert result["destination"]["tags"] == tags_after


# -- absent -------------------------------------------------------------------------------------------------------

def test_absent_deletes_once_then_changes_nothing(existing, http, run):
    first = run(id="acme", state="absent").result
    assert http.sent() == [("GET", PATH), ("DELETE", PATH)]
    assert (first["changed"], first["destination"]) == (True, None)

    del http.calls[:]
    second = run(id="acme", state="absent").result
    assert http.sent() == [("GET", PATH)]
    assert (second["changed"], second["destination"]) == (False, None)


def test_check_mode_absent_only_reads(existing, http, run):
    result = run(check_mode=True, id="acme", state="absent").result
    assert http.sent() == [("GET", PATH)]
    assert result["changed"] is True and "acme" in existing.destinations


# -- failures and secrets -----------------------------------------------------------------------------------------

def test_create_without_a_name_fails_with_one_sentence_and_writes_nothing(service, http, run):
    result = run(id="acme", email="lms@acme.example").result
    assert result["failed"] is True
    assert result["msg"] == "destination id=acme does not exist yet; set name to create it."
    assert http.sent() == [("GET", PATH)]


def test_ids_are_quoted_into_the_path(service, http, run):
    run(id="acme:emea+lms", name="ACME")
    assert http.calls[0].path == "/dispatch/destinations/acme%3Aemea%2Blms"
    assert "acme:emea+lms" in service.destinations


@pytest.mark.parametrize("value", [".", "..", "acme/emea", "a?b", "a#b", "acme lms", "a\tb", "", "x" * 256])
def test_an_id_that_would_leave_its_path_segment_is_refused_before_any_request(service, http, run, value):
    result = run(id=value, name="ACME").result
    assert result["failed"] is True and result["msg"].startswith("id must ") and result["msg"].endswith(".")
    assert http.calls == []


def test_the_secret_key_never_reaches_the_output(service, http, run):
    output = run(diff=True, **FULL).stdout
    assert "ACME LMS" in output and SECRET not in output


def test_a_secret_key_echoed_in_an_error_never_reaches_the_output(service, http, run):
    http.handler = lambda call: response(400, {"message": "invalid key %s for app-1" % SECRET})
    run_result = run(id="acme", name="ACME")
    assert run_result.result["failed"] is True
    assert "invalid key" in run_result.result["msg"]
    assert SECRET not in run_result.stdout


# -- LTI 1.3 ------------------------------------------------------------------------------------------------------

LTI13 = {"client_id": "10000000000042", "platform_issuer_identifier": "https://lms.acme.example", "deployment_id": "7:1",
         "oidc_authorization_endpoint": "https://lms.acme.example/auth",
         "json_web_key_set_url": "https://lms.acme.example/jwks"}
LTI13_DATA = {"clientId": "10000000000042", "platformIssuerIdentifier": "https://lms.acme.example", "deploymentId": "7:1",
              "oidcAuthorizationEndpoint": "https://lms.acme.example/auth",
              "jsonWebKeySetUrl": "https://lms.acme.example/jwks"}


def test_lti13_is_sent_as_the_api_names_it_then_compares_equal(existing, http, run):
    predicted = run(check_mode=True, diff=True, id="acme", lti13=LTI13).result
    assert predicted["changed"] is True and http.sent() == [("GET", PATH)]
    assert predicted["diff"]["before"]["lti13"] is None
    assert predicted["diff"]["after"]["lti13"] == LTI13
    result = run(id="acme", lti13=LTI13).result
    assert [call.json for call in http.calls if call.method == "PUT"] == [{"lti13Data": LTI13_DATA}]
    assert result["destination"]["lti13"] == LTI13 == predicted["destination"]["lti13"]
    del http.calls[:]
    again = run(id="acme", lti13=LTI13).result
    assert again["changed"] is False and http.sent() == [("GET", PATH)]


def test_lti13_access_token_url_left_out_keeps_its_value(existing, http, run):
    existing.destinations["acme"]["lti13Data"] = dict(LTI13_DATA, accessTokenUrl="https://lms.acme.example/token")
    changed = dict(LTI13, deployment_id="7:2")
    result = run(id="acme", lti13=changed).result
    assert [call.json for call in http.calls if call.method == "PUT"] == [
        {"lti13Data": dict(LTI13_DATA, deploymentId="7:2", accessTokenUrl="https://lms.acme.example/token")}]
    assert result["destination"]["lti13"]["access_token_url"] == "https://lms.acme.example/token"


def test_lti13_without_a_required_part_fails_before_any_request(service, http, run):
    partial = dict(LTI13)
    del partial["client_id"]
    result = run(id="acme", name="ACME", lti13=partial).result
    assert result["failed"] is True and "client_id" in result["msg"] and "\n" not in result["msg"]
    assert http.sent() == []
