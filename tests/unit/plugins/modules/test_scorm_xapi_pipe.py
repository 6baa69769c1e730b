# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm_xapi_pipe: the URL rules (validation before any request, Cloud-to-Cloud warnings) and main() against an
in-memory pipe service: requests sent, write-only passwords, check mode, 409, background creation, deletion."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible.module_utils.six.moves.urllib.parse import unquote

from ansible_collections.scorm.cloud.plugins.module_utils._client import BasicAuth, ScormCloudClient
from ansible_collections.scorm.cloud.plugins.module_utils._engine import Record, Task
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import CREATE, Plan
from ansible_collections.scorm.cloud.plugins.module_utils._xapi_pipes import (
    PIPES,
    VISIBLE_TIMEOUT,
    cloud_to_cloud_warnings,
    ends_in_statements,
    is_scorm_cloud,
    url_problem,
)
from ansible_collections.scorm.cloud.plugins.modules import scorm_xapi_pipe
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

SECRET = "pipe-app-secret-1"
CONNECTION = {"api_url": API_URL, "app_id": "app-1", "secret_key": SECRET}
PATH = "/xapi/statementPipes/to-lrs"
CLOUD_SOURCE = "https://cloud.scorm.com/lrs/APP1/statements"
CLOUD_TARGET = "https://cloud.scorm.com/lrs/APP2/"
REMOTE = "https://lrs.example.com/xapi/"
SOURCE_PW = "source-password-123"
TARGET_PW = "target-password-456"


# -- URL rules ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://lrs.example.com/xapi/",
    "http://127.0.0.1:8080/data/xAPI",
    "HTTPS://Cloud.Scorm.Com/lrs/APP/statements?x=1",
    "https://[::1]:8443/xapi",
])
def test_valid_urls(url):
    assert url_problem(url) is None


EXAMPLE = ", as in https://lrs.example.com/xapi/"


@pytest.mark.parametrize("url, problem", [
    ("ftp://lrs.example.com/xapi/", "must start with http:// or https://" + EXAMPLE),
    ("lrs.example.com/xapi", "must start with http:// or https://" + EXAMPLE),
    ("/xapi/statements", "must start with http:// or https://" + EXAMPLE),
    ("", "must start with http:// or https://" + EXAMPLE),
    ("https://", "must include a host" + EXAMPLE),
    ("https:///xapi", "must include a host" + EXAMPLE),
    ("https://lrs.example.com:port/xapi", "must be a valid URL" + EXAMPLE),
    ("https://[::1/xapi", "must be a valid URL" + EXAMPLE),
    ("https://lrs.example.com/my xapi", "must not contain whitespace"),
    ("https://user:pw@lrs.example.com/xapi", "must not contain a user name or password; set user_name and password instead"),
    ("https://user@lrs.example.com/xapi", "must not contain a user name or password; set user_name and password instead"),
])
def test_invalid_urls(url, problem):
    assert url_problem(url) == problem


@pytest.mark.parametrize("url, expected", [
    ("https://cloud.scorm.com/lrs/APP/", True),
    ("https://CLOUD.SCORM.COM/lrs/APP/", True),
    ("https://eu.cloud.scorm.com/lrs/APP/", True),
    ("https://scorm.com.evil.example/lrs/APP/", False),
    ("https://notscorm.com/lrs/APP/", False),
    ("https://lrs.example.com/xapi/", False),
])
def test_scorm_cloud_hosts(url, expected):
    assert is_scorm_cloud(url) is expected


@pytest.mark.parametrize("url, expected", [
    ("https://cloud.scorm.com/lrs/APP/statements", True),
    ("https://cloud.scorm.com/lrs/APP/statements/", True),
    ("https://cloud.scorm.com/lrs/APP/statements?since=2026-01-01", True),
    ("https://cloud.scorm.com/lrs/APP/", False),
    ("https://cloud.scorm.com/lrs/APP/mystatements", False),
    ("https://cloud.scorm.com/statements/lrs/APP", False),
])
def test_ends_in_statements(url, expected):
    assert ends_in_statements(url) is expected


@pytest.mark.parametrize("source, target, warned", [
    pytest.param(CLOUD_SOURCE, CLOUD_TARGET, [], id="cloud-to-cloud-right"),
    pytest.param("https://cloud.scorm.com/lrs/APP1/", CLOUD_TARGET, ["source"], id="source-without-statements"),
    pytest.param(CLOUD_SOURCE, CLOUD_TARGET + "statements", ["target"], id="target-with-statements"),
    pytest.param("https://cloud.scorm.com/lrs/APP1", CLOUD_TARGET + "statements/", ["source", "target"], id="both"),
    # Only Cloud-to-Cloud pipes are checked: one remote end, and the rule does not apply.
    pytest.param("https://cloud.scorm.com/lrs/APP1/", REMOTE, [], id="cloud-to-remote"),
    pytest.param(REMOTE + "statements", CLOUD_TARGET + "statements", [], id="remote-to-cloud"),
    pytest.param(None, CLOUD_TARGET + "statements", [], id="no-source"),
])
def test_cloud_to_cloud_warnings(source, target, warned):
    warnings = cloud_to_cloud_warnings(source, target)
    assert [warning.split(".url")[0] for warning in warnings] == warned
    for warning in warnings:
        assert "/statements" in warning and "Cloud-to-Cloud" in warning


# -- main() against a fake service --------------------------------------------------------------------------------

class PipeService:
    """The pipe endpoints: PUT creates or replaces the endpoints sent, GET never shows passwords."""

    def __init__(self):
        self.pipes = {}
        self.busy = False

    def __call__(self, call):
        assert call.path.startswith("/xapi/statementPipes/"), call.path
        pipe_id = unquote(call.path.rsplit("/", 1)[1])
        pipe = self.pipes.get(pipe_id)
        if call.method == "PUT":
            if self.busy:
                return response(409, {"message": "Pipe is being processed"})
            pipe = self.pipes.setdefault(pipe_id, {"id": pipe_id, "attempts": 0})
            pipe.update(copy.deepcopy(call.json))
            pipe["attempts"] = 0
            return response(200, {"result": pipe_id})
        if pipe is None:
            return response(404, {"message": "not found"})
        if call.method == "GET":
            shown = copy.deepcopy(pipe)
            for name in ("source", "target"):
                if name in shown:
                    shown[name].pop("password", None)
            return response(200, shown)
        assert call.method == "DELETE"
        del self.pipes[pipe_id]
        return response(204)


@pytest.fixture
def service(http):
    http.handler = PipeService()
    return http.handler


@pytest.fixture
def run(run_module):
    def run_pipe(check_mode=False, diff=False, **options):
        return run_module(scorm_xapi_pipe.main, dict(CONNECTION, **options), check_mode=check_mode, diff=diff)

    return run_pipe


DECLARED = dict(id="to-lrs", source={"url": CLOUD_SOURCE, "user_name": "key-1", "password": SOURCE_PW},
                target={"url": REMOTE, "user_name": "forwarder", "password": TARGET_PW})
RETURNED = {"id": "to-lrs", "source": {"url": CLOUD_SOURCE, "user_name": "key-1"},
            "target": {"url": REMOTE, "user_name": "forwarder"}, "last_forwarded_statement_date": None, "attempts": 0}


def assert_no_passwords(run):
    assert SOURCE_PW not in run.stdout and TARGET_PW not in run.stdout


def test_create_puts_both_endpoints_with_their_passwords(service, http, run):
    result = run(diff=True, **DECLARED)
    assert http.sent() == [("GET", PATH), ("PUT", PATH), ("GET", PATH), ("GET", PATH)]
    assert http.calls[1].json == {
        "source": {"url": CLOUD_SOURCE, "userName": "key-1", "password": SOURCE_PW},
        "target": {"url": REMOTE, "userName": "forwarder", "password": TARGET_PW}}
    assert result.result["changed"] is True
    assert result.result["pipe"] == RETURNED
    assert result.result["diff"] == {"before": {}, "after": RETURNED}
    assert_no_passwords(result)


def test_rerun_only_reads(service, http, run):
    run(**DECLARED)
    del http.calls[:]
    result = run(diff=True, **DECLARED)
    assert http.sent() == [("GET", PATH)]
    assert result.result["changed"] is False
    assert result.result["pipe"] == RETURNED
    assert_no_passwords(result)


def test_a_new_password_is_ignored_on_create_only_and_sent_with_always(service, http, run):
    run(**DECLARED)
    changed_pw = copy.deepcopy(DECLARED)
    changed_pw["target"]["password"] = "rotated-password-789"
    del http.calls[:]
    assert run(**changed_pw).result["changed"] is False
    assert http.sent() == [("GET", PATH)]

    del http.calls[:]
    result = run(diff=True, update_password="always", **changed_pw)
    assert result.result["changed"] is True
    assert http.sent() == [("GET", PATH), ("PUT", PATH), ("GET", PATH)]
    assert http.calls[1].json["target"]["password"] == "rotated-password-789"
    assert service.pipes["to-lrs"]["target"]["password"] == "rotated-password-789"
    assert "rotated-password-789" not in result.stdout


def test_check_mode_shows_a_password_that_would_be_sent_as_a_mask(service, http, run):
    run(**DECLARED)
    result = run(check_mode=True, diff=True, update_password="always", **DECLARED)
    assert result.result["changed"] is True
    assert result.result["diff"]["after"]["target_password"] == "********"
    assert result.result["diff"]["after"]["source_password"] == "********"
    assert "target_password" not in result.result["diff"]["before"]
    assert_no_passwords(result)


def test_a_target_change_sends_the_whole_pipe_with_the_declared_passwords(service, http, run):
    run(**DECLARED)
    del http.calls[:]
    result = run(diff=True, id="to-lrs", target={"url": "https://lrs2.example.com/xapi/", "password": TARGET_PW})
    assert http.sent() == [("GET", PATH), ("PUT", PATH), ("GET", PATH)]
    # Unset sub-options keep the current values; the source is sent whole (without a password: none was declared).
    assert http.calls[1].json == {
        "source": {"url": CLOUD_SOURCE, "userName": "key-1"},
        "target": {"url": "https://lrs2.example.com/xapi/", "userName": "forwarder", "password": TARGET_PW}}
    assert result.result["diff"]["before"]["target"]["url"] == REMOTE
    assert result.result["diff"]["after"]["target"] == {"url": "https://lrs2.example.com/xapi/", "user_name": "forwarder"}
    assert_no_passwords(result)


def test_check_mode_only_reads(service, http, run):
    result = run(check_mode=True, diff=True, **DECLARED)
    assert http.sent() == [("GET", PATH)]
    assert service.pipes == {}
    assert result.result["changed"] is True
    assert result.result["pipe"]["target"] == {"url": REMOTE, "user_name": "forwarder"}
    assert_no_passwords(result)


@pytest.mark.parametrize("options, message", [
    (dict(DECLARED, target={"url": "ftp://lrs.example.com/"}),
     "Nothing was sent: target.url must start with http:// or https://, as in https://lrs.example.com/xapi/."),
    (dict(DECLARED, source={"url": "https://k:%s@cloud.scorm.com/lrs/A/statements" % SOURCE_PW}),
     "Nothing was sent: source.url must not contain a user name or password; set user_name and password instead."),
    (dict(DECLARED, target={"url": "https:///xapi"}),
     "Nothing was sent: target.url must include a host, as in https://lrs.example.com/xapi/."),
])
def test_an_invalid_url_fails_before_any_request(service, http, run, options, message):
    result = run(**options)
    assert http.calls == []
    assert result.result["failed"] is True
    assert result.result["msg"] == message
    assert_no_passwords(result)


def test_a_new_pipe_needs_both_urls(service, http, run):
    missing_source = run(id="to-lrs", target=DECLARED["target"]).result
    assert missing_source["failed"] is True and "set source.url to create it" in missing_source["msg"]
    missing_url = run(id="to-lrs", source={"user_name": "k"}, target=DECLARED["target"]).result
    assert missing_url["failed"] is True and "set source.url to create it" in missing_url["msg"]
    assert [call.method for call in http.calls] == ["GET", "GET"]


def test_cloud_to_cloud_mistakes_are_warned_about(service, http, run):
    result = run(id="to-lrs", source={"url": "https://cloud.scorm.com/lrs/APP1/"},
                 target={"url": CLOUD_TARGET + "statements"}).result
    assert result["changed"] is True
    assert len(result["warnings"]) == 2
    # Also on a re-run that changes nothing, and from the current URLs when the task does not declare them.
    again = run(id="to-lrs", target={"user_name": "someone"}).result
    assert len(again["warnings"]) == 2


def test_a_busy_pipe_fails_with_a_sentence(service, http, run):
    run(**DECLARED)
    service.busy = True
    result = run(id="to-lrs", target={"url": "https://lrs2.example.com/xapi/"}).result
    assert result["failed"] is True
    assert result["msg"] == ("SCORM Cloud is processing pipe to-lrs right now (409), so it was not changed; run the task "
                             "again later.")


def test_absent_deletes_once(service, http, run):
    run(**DECLARED)
    first = run(id="to-lrs", state="absent", diff=True).result
    second = run(id="to-lrs", state="absent").result
    assert first["changed"] is True and first["pipe"] is None and first["diff"]["before"] == RETURNED
    assert second["changed"] is False
    assert service.pipes == {}


def test_absent_accepts_a_pipe_already_being_deleted(http, run):
    # Deletion happens in the background: the pipe may still be listed when its DELETE answers 404.
    http.queue(response(200, {"id": "to-lrs", "target": {"url": REMOTE}}), response(404, {"message": "gone"}))
    result = run(id="to-lrs", state="absent").result
    assert result["changed"] is True and "failed" not in result


def create_pipe(client, warnings, values):
    """PIPES.create for one planned pipe, as the engine calls it."""
    record = Record({"id": "to-lrs"})
    record.key, record.plan = "to-lrs", Plan(CREATE, None, None, values)
    PIPES.create(client, record, Task(warn=warnings.append))


def test_creation_waits_until_the_pipe_is_visible(http, clock):
    client = ScormCloudClient(API_URL, BasicAuth("app-1", SECRET, "app_id and secret_key"), sleep=clock.sleep, clock=clock)
    warnings = []
    http.queue(response(200, {"result": "to-lrs"}), response(404, {}), response(404, {}),
               response(200, {"id": "to-lrs", "target": {"url": REMOTE}}))
    create_pipe(client, warnings, {"source": {"url": CLOUD_SOURCE}, "target": {"url": REMOTE}})
    assert http.sent() == [("PUT", PATH), ("GET", PATH), ("GET", PATH), ("GET", PATH)]
    assert clock.sleeps == [0.5, 1.0]
    assert warnings == []


def test_creation_stops_waiting_with_a_warning(http, clock):
    client = ScormCloudClient(API_URL, BasicAuth("app-1", SECRET, "app_id and secret_key"), sleep=clock.sleep, clock=clock)
    warnings = []
    http.handler = lambda call: response(200, {"result": "to-lrs"}) if call.method == "PUT" else response(404, {})
    create_pipe(client, warnings, {"source": {"url": CLOUD_SOURCE}, "target": {"url": REMOTE}})
    assert sum(clock.sleeps) <= VISIBLE_TIMEOUT
    assert len(warnings) == 1 and "background" in warnings[0]


def test_the_result_is_valid_json_without_secrets(service, run):
    result = run(diff=True, **DECLARED)
    json.loads(result.stdout)
    assert SECRET not in result.stdout
