# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_xapi_credential's main() against an in-memory credential service: identity by id or unique name, the
write-only secret (generated, kept, rotated, returned only on request), enum wire forms, check mode, deletion."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible.module_utils.six.moves.urllib.parse import unquote

from ansible_collections.scorm.cloud.plugins.modules import scorm_xapi_credential
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

APP_SECRET = "xapi-app-secret-1"
CONNECTION = {"api_url": API_URL, "app_id": "app-1", "secret_key": APP_SECRET}
LIST = "/xapi/credentials"
STORED_SECRET = "stored-lrs-secret-1"


class CredentialService:
    """The xAPI credential endpoints: paged list, POST with a server id, PUT replacing the whole credential."""

    def __init__(self, page_size=2):
        self.credentials = {}
        self.page_size = page_size
        self.next_id = 1

    def add(self, cred_id, name, secret=STORED_SECRET, **data):
        self.credentials[cred_id] = dict({"id": cred_id, "name": name, "secret": secret, "isEnabled": True,
                                          "auth": "BASICAUTH", "permissionsLevel": "DEFAULT"}, **data)

    def __call__(self, call):
        if call.path == LIST:
            if call.method == "POST":
                cred_id = "gen-%d" % self.next_id
                self.next_id += 1
                self.credentials[cred_id] = dict(copy.deepcopy(call.json), id=cred_id)
                return response(200, {"result": cred_id})
            offset = int((call.params or {}).get("more") or 0)
            items = list(self.credentials.values())
            body = {"xapiCredentials": items[offset:offset + self.page_size]}
            if offset + self.page_size < len(items):
                body["more"] = str(offset + self.page_size)
            return response(200, body)
        assert call.path.startswith(LIST + "/"), call.path
        cred_id = unquote(call.path[len(LIST) + 1:])
        if call.method == "PUT":
            self.credentials[cred_id] = dict(copy.deepcopy(call.json), id=cred_id)
            return response(204)
        if cred_id not in self.credentials:
            return response(404, {"message": "not found"})
        if call.method == "GET":
            return response(200, self.credentials[cred_id])
        assert call.method == "DELETE"
        del self.credentials[cred_id]
        return response(204)


@pytest.fixture
def service(http):
    http.handler = CredentialService()
    return http.handler


@pytest.fixture
def run(run_module):
    def run_credential(check_mode=False, diff=False, **options):
        return run_module(scorm_xapi_credential.main, dict(CONNECTION, **options), check_mode=check_mode, diff=diff)

    return run_credential


def writes(http):
    return [call for call in http.calls if call.method != "GET"]


# -- create -------------------------------------------------------------------------------------------------------

def test_create_by_name_posts_with_a_generated_secret_that_stays_hidden(service, http, run):
    result = run(diff=True, name="reporting", permissions_level="READONLY")
    assert [(c.method, c.path) for c in writes(http)] == [("POST", LIST)]
    body = writes(http)[0].json
    generated = body.pop("secret")
    assert body == {"name": "reporting", "isEnabled": True, "auth": "BASICAUTH", "permissionsLevel": "READONLY"}
    assert len(generated) >= 40 and len(set(generated)) > 15
    assert result.result["xapi_credential"] == {"id": "gen-1", "name": "reporting", "info": None, "enabled": True,
                                                "auth": "BASICAUTH", "permissions_level": "READONLY"}
    assert result.result["diff"]["before"] == {}
    assert generated not in result.stdout


def test_a_credential_created_without_id_by_a_concurrent_run_is_reported(service, http, run):
    def concurrent_create(call):
        answer = service(call)
        if call.method == "POST":
            service.add("other-1", "reporting")  # the other run's POST, committed at the same moment
        return answer

    http.handler = concurrent_create
    result = run(name="reporting")
    assert result.result["failed"] is True
    assert result.result["msg"] == (
        "2 xAPI credentials are named 'reporting' (ids: gen-1, other-1): another run created one at the same time as "
        "this run; delete the one you do not want (scorm_xapi_credential with its id and state: absent) and set id to "
        "the one to keep.")
    assert [(c.method, c.path) for c in writes(http)] == [("POST", LIST)]


def test_each_generated_secret_is_new(service, http, run):
    run(name="one")
    run(name="two")
    assert service.credentials["gen-1"]["secret"] != service.credentials["gen-2"]["secret"]


def test_return_secret_returns_it_but_never_in_the_diff(service, http, run):
    result = run(diff=True, name="reporting", return_secret=True).result
    secret = service.credentials["gen-1"]["secret"]
    assert result["xapi_credential"]["secret"] == secret
    assert "secret" not in result["diff"]["after"]
    rerun = run(diff=True, name="reporting", return_secret=True).result
    assert rerun["changed"] is False and rerun["xapi_credential"]["secret"] == secret
    assert secret not in str(rerun["diff"])


def test_create_at_a_chosen_id_puts_the_declared_secret(service, http, run):
    result = run(id="forwarder", name="Forwarder", secret="declared-secret-1", info="i", enabled=False, auth="OAUTH")
    assert [(c.method, c.path) for c in writes(http)] == [("PUT", LIST + "/forwarder")]
    assert writes(http)[0].json == {"name": "Forwarder", "secret": "declared-secret-1", "info": "i", "isEnabled": False,
                                    "auth": "OAUTH", "permissionsLevel": "DEFAULT"}
    assert result.result["xapi_credential"]["id"] == "forwarder"
    assert "declared-secret-1" not in result.stdout


def test_a_missing_credential_needs_a_name(service, http, run):
    result = run(id="forwarder").result
    assert result["failed"] is True and "set name to create it" in result["msg"]
    assert writes(http) == []


def test_check_mode_create_only_reads(service, http, run):
    result = run(check_mode=True, diff=True, name="reporting", secret="declared-secret-1", return_secret=True).result
    assert writes(http) == []
    assert service.credentials == {}
    assert result["changed"] is True
    assert result["diff"]["after"]["secret"] == "********"
    # A declared secret is a no_log option: Ansible masks it wherever it appears, the returned copy included.
    assert result["xapi_credential"]["secret"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_check_mode_does_not_invent_a_secret(service, http, run):
    result = run(check_mode=True, name="reporting", return_secret=True).result
    assert "secret" not in result["xapi_credential"]


# -- identity -----------------------------------------------------------------------------------------------------

def test_a_name_is_found_across_pages(service, http, run):
    for index in range(5):
        service.add("c%d" % index, "other-%d" % index, secret="other-secret-%d" % index)
    service.add("c9", "reporting")
    result = run(name="reporting").result
    assert result["changed"] is False and result["xapi_credential"]["id"] == "c9"
    assert [call.params for call in http.calls] == [{"includeTotalCount": "true"}, {"more": "2"}, {"more": "4"}]


def test_a_duplicate_name_fails_listing_the_ids(service, http, run):
    service.add("c1", "dup", secret="dup-secret-1")
    service.add("c2", "dup", secret="dup-secret-2")
    result = run(name="dup", info="x")
    assert result.result["failed"] is True
    assert result.result["msg"] == "2 xAPI credentials are named 'dup' (ids: c1, c2); set id to the id of the one to manage."
    assert writes(http) == []
    assert "dup-secret" not in result.stdout


def test_with_id_the_name_is_a_rename(service, http, run):
    service.add("c1", "old")
    result = run(id="c1", name="new").result
    assert result["changed"] is True
    assert service.credentials["c1"]["name"] == "new"


# -- updates and the secret ---------------------------------------------------------------------------------------

def test_an_update_sends_the_whole_credential_with_the_current_secret(service, http, run):
    service.add("c1", "reporting", info="keep me", auth="OAUTH")
    result = run(diff=True, id="c1", enabled=False, secret="another-secret-9")
    assert [(c.method, c.path) for c in writes(http)] == [("PUT", LIST + "/c1")]
    assert writes(http)[0].json == {"name": "reporting", "info": "keep me", "secret": STORED_SECRET, "isEnabled": False,
                                    "auth": "OAUTH", "permissionsLevel": "DEFAULT"}
    assert result.result["diff"]["before"]["enabled"] is True and result.result["diff"]["after"]["enabled"] is False
    assert STORED_SECRET not in result.stdout and "another-secret-9" not in result.stdout


def test_a_secret_is_rotated_only_with_always(service, http, run):
    service.add("c1", "reporting")
    assert run(id="c1", secret="rotated-secret-2").result["changed"] is False
    assert writes(http) == []
    result = run(id="c1", secret="rotated-secret-2", update_password="always").result
    assert result["changed"] is True
    assert service.credentials["c1"]["secret"] == "rotated-secret-2"


@pytest.mark.parametrize("auth, level", [
    ("OAUTH", "ROOT"),
    ({"xapiCredentialAuthType": "OAUTH"}, {"xapiCredentialPermissionsLevel": "ROOT"}),
    ("oauth", "root"),
])
def test_either_enum_wire_form_is_read(service, http, run, auth, level):
    service.add("c1", "reporting", auth=auth, permissionsLevel=level)
    result = run(id="c1", auth="OAUTH", permissions_level="ROOT").result
    assert result["changed"] is False
    assert (result["xapi_credential"]["auth"], result["xapi_credential"]["permissions_level"]) == ("OAUTH", "ROOT")


def test_a_secret_in_an_error_message_is_scrubbed(service, http, run):
    service.add("c1", "reporting")
    handler = http.handler

    def refuse_put(call):
        if call.method == "PUT":
            return response(400, {"message": "secret %s is too weak" % STORED_SECRET})
        return handler(call)

    http.handler = refuse_put
    result = run(id="c1", info="new")
    assert result.result["failed"] is True and "too weak" in result.result["msg"]
    assert STORED_SECRET not in result.stdout


# -- absent -------------------------------------------------------------------------------------------------------

def test_absent_by_name_deletes_once(service, http, run):
    service.add("c1", "reporting")
    first = run(name="reporting", state="absent", diff=True).result
    second = run(name="reporting", state="absent").result
    assert first["changed"] is True and first["xapi_credential"] is None
    assert first["diff"]["before"]["id"] == "c1" and "secret" not in first["diff"]["before"]
    assert second["changed"] is False
    assert [(c.method, c.path) for c in writes(http)] == [("DELETE", LIST + "/c1")]


def test_id_or_name_is_required(service, http, run):
    result = run(info="x").result
    assert result["failed"] is True and "id, name" in result["msg"]
    assert http.calls == []
