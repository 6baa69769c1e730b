# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ScormCloudModule: which credentials each client uses, OAuth scopes, and the one-sentence error messages."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

import json

import pytest
import requests
import urllib3

from ansible_collections.scorm.cloud.plugins.module_utils._client import TOKEN_PATH
from ansible_collections.scorm.cloud.plugins.module_utils._common import (
    APP_CREDENTIALS_HINT,
    MGMT_CREDENTIALS_HINT,
    TOKEN_HINT,
    ScormCloudModule,
    raw_no_log_values,
)
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import DesiredStateError
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

APP = {"app_id": "app-1", "secret_key": "app-secret-1"}
MGMT = {"mgmt_app_id": "mgmt-1", "mgmt_secret_key": "mgmt-secret-1"}
TOKEN = {"access_token": "given-token-1"}
DESTINATION = "/dispatch/destinations/d1"
APPLICATIONS = "/appManagement/applications"


@pytest.fixture(autouse=True)
def no_credentials_from_the_environment(monkeypatch):
    for name in ("API_URL", "APP_ID", "SECRET_KEY", "ACCESS_TOKEN", "MGMT_APP_ID", "MGMT_SECRET_KEY"):
        monkeypatch.delenv("SCORM_CLOUD_" + name, raising=False)


def basic(user, password):
    return "Basic %s" % base64.b64encode(("%s:%s" % (user, password)).encode()).decode()


def sending(*calls, **options):
    """A module entry point that sends ``calls`` ((client attribute, method, path), ...) inside api_errors."""
    scope_families = options.get("scope_families", ("dispatch",))

    def entry():
        module = ScormCloudModule(argument_spec=options.get("argument_spec", {}), scope_families=scope_families)
        with module.api_errors(options.get("not_found")):
            for client_name, method, path in calls:
                getattr(module, client_name).request(method, path)
        module.exit_json(changed=False)

    return entry


def module_args(*option_sets, **options):
    args = {"api_url": API_URL}
    for option_set in option_sets:
        args.update(option_set)
    args.update(options)
    return args


# -- which credentials each client uses -------------------------------------------------------------------------

@pytest.mark.parametrize("option_sets, app_header, mgmt_header", [
    ((APP, MGMT), basic("app-1", "app-secret-1"), basic("mgmt-1", "mgmt-secret-1")),
    ((TOKEN,), "Bearer given-token-1", "Bearer given-token-1"),
    ((APP, TOKEN), basic("app-1", "app-secret-1"), "Bearer given-token-1"),
    ((MGMT, TOKEN), "Bearer given-token-1", basic("mgmt-1", "mgmt-secret-1")),
])
def test_each_client_uses_its_own_credentials_or_the_token(http, run_module, option_sets, app_header, mgmt_header):
    http.handler = lambda call: response(200, {})
    run = run_module(sending(("client", "GET", DESTINATION), ("mgmt_client", "GET", APPLICATIONS)), module_args(*option_sets))
    assert run.result["changed"] is False
    assert [call.headers["Authorization"] for call in http.calls] == [app_header, mgmt_header]


@pytest.mark.parametrize("option_sets, client_name, hint", [
    ((MGMT,), "client", APP_CREDENTIALS_HINT),  # the App Management credentials never stand in for the app's
    ((APP,), "mgmt_client", MGMT_CREDENTIALS_HINT),  # nor the other way round
    (({"app_id": "app-1"},), "client", APP_CREDENTIALS_HINT),
    ((), "client", APP_CREDENTIALS_HINT),
])
def test_missing_credentials_fail_with_one_sentence_before_any_request(http, run_module, option_sets, client_name, hint):
    run = run_module(sending((client_name, "GET", "/ping")), module_args(*option_sets))
    assert run.result["failed"] is True
    assert run.result["msg"] == "No SCORM Cloud credentials were given: set %s, or %s." % (hint, TOKEN_HINT)
    assert http.calls == []


def test_credentials_come_from_the_environment(http, run_module, monkeypatch):
    monkeypatch.setenv("SCORM_CLOUD_API_URL", API_URL)
    monkeypatch.setenv("SCORM_CLOUD_APP_ID", "env-app")
    monkeypatch.setenv("SCORM_CLOUD_SECRET_KEY", "env-secret")
    http.queue(response(200, {}))
    run_module(sending(("client", "GET", "/ping")), {})
    assert http.calls[0].headers["Authorization"] == basic("env-app", "env-secret")


# -- OAuth scopes -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("client_name, path, families, check_mode, scope", [
    ("client", DESTINATION, ("dispatch",), False, "read:dispatch write:dispatch delete:dispatch"),
    ("client", DESTINATION, ("dispatch",), True, "read:dispatch"),
    ("client", "/courses", ("course", "dispatch"), True, "read:course read:dispatch"),
    ("mgmt_client", APPLICATIONS, ("dispatch",), False, "read:appmgmt write:appmgmt delete:appmgmt"),
    ("mgmt_client", APPLICATIONS, ("dispatch",), True, "read:appmgmt"),
])
def test_oauth_tokens_are_limited_to_the_modules_families(http, run_module, client_name, path, families, check_mode, scope):
    http.queue(response(200, {"access_token": "minted-token", "expires_in": 600}), response(200, {}))
    run_module(sending((client_name, "GET", path), scope_families=families), module_args(APP, MGMT, auth_mode="oauth"),
               check_mode=check_mode)
    assert http.sent() == [("POST", TOKEN_PATH), ("GET", path)]
    assert http.calls[0].data["scope"] == scope
    assert http.calls[1].headers["Authorization"] == "Bearer minted-token"


def test_oauth_mode_with_only_a_token_uses_the_token(http, run_module):
    http.queue(response(200, {}))
    run_module(sending(("client", "GET", DESTINATION)), module_args(TOKEN, auth_mode="oauth"))
    assert http.sent() == [("GET", DESTINATION)]
    assert http.calls[0].headers["Authorization"] == "Bearer given-token-1"


# -- error sentences ----------------------------------------------------------------------------------------------

ERROR_CASES = [
    # (id, credentials, request, answer, not_found, message)
    ("401 app", (APP,), ("client", "GET", DESTINATION), response(401, {"message": "Unauthorized"}), None,
     "SCORM Cloud rejected the credentials for GET %s (401): check %s." % (DESTINATION, APP_CREDENTIALS_HINT)),
    ("401 token", (TOKEN,), ("client", "GET", DESTINATION), response(401), None,
     "SCORM Cloud rejected the credentials for GET %s (401): check %s." % (DESTINATION, TOKEN_HINT)),
    ("401 mgmt", (MGMT,), ("mgmt_client", "GET", APPLICATIONS), response(401), None,
     "SCORM Cloud rejected the credentials for GET %s (401): check %s." % (APPLICATIONS, MGMT_CREDENTIALS_HINT)),
    ("403", (APP,), ("client", "PUT", DESTINATION), response(403, {"message": "Forbidden"}), None,
     "SCORM Cloud refused PUT %s (403): the credentials or token lack the scope write:dispatch." % DESTINATION),
    ("403 mgmt", (MGMT,), ("mgmt_client", "DELETE", APPLICATIONS + "/a1"), response(403), None,
     "SCORM Cloud refused DELETE %s/a1 (403): the credentials or token lack the scope delete:appmgmt; "
     "App Management endpoints need the App Management app's credentials." % APPLICATIONS),
    ("404 with hint", (APP,), ("client", "GET", DESTINATION + "/dispatches"), response(404, {"message": "Not found"}),
     "Destination d1 does not exist",
     "Destination d1 does not exist (GET %s/dispatches failed (404): Not found)" % DESTINATION),
    ("404 without hint", (APP,), ("client", "GET", DESTINATION), response(404, {"message": "Not found"}), None,
     "GET %s failed (404): Not found" % DESTINATION),
    ("400", (APP,), ("client", "PUT", DESTINATION), response(400, {"message": "name is required"}), None,
     "PUT %s failed (400): name is required" % DESTINATION),
]


@pytest.mark.parametrize("credentials, request_, answer, not_found, message",
                         [pytest.param(*case[1:], id=case[0]) for case in ERROR_CASES])
def test_api_errors_become_one_actionable_sentence(http, run_module, credentials, request_, answer, not_found, message):
    http.queue(answer)
    run = run_module(sending(request_, not_found=not_found), module_args(*credentials))
    assert run.result["failed"] is True
    assert run.result["msg"] == message
    assert run.result["error"]["status"] == answer.status_code
    assert (run.result["error"]["method"], run.result["error"]["path"]) == request_[1:]


@pytest.mark.parametrize("calls, hint", [
    ((("mgmt_client", "GET", APPLICATIONS), ("client", "GET", DESTINATION)), APP_CREDENTIALS_HINT),
    ((("client", "GET", DESTINATION), ("mgmt_client", "GET", APPLICATIONS)), MGMT_CREDENTIALS_HINT),
])
def test_a_401_names_the_credentials_of_the_client_that_sent_it(http, run_module, calls, hint):
    http.queue(response(200, {}), response(401))
    run = run_module(sending(*calls), module_args(APP, MGMT))
    assert run.result["msg"] == "SCORM Cloud rejected the credentials for GET %s (401): check %s." % (calls[1][2], hint)


def refused():
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(
        None, "/api/v2/x", reason=urllib3.exceptions.NewConnectionError(None, "[Errno 111] Connection refused")))


def dropped():
    return requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError(
        "Connection aborted.", ConnectionResetError(104, "Connection reset by peer")))


@pytest.mark.parametrize("failure, cause", [
    (refused, "the connection to scorm.test was refused"),
    (lambda: requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
     "TLS verification failed"),
    (lambda: requests.exceptions.SSLError("[SSL: WRONG_VERSION_NUMBER] wrong version number"),
     "the TLS handshake failed: scorm.test answers in plain HTTP"),
])
def test_connection_errors_point_at_the_connection_options(http, run_module, failure, cause):
    http.queue(failure())
    run = run_module(sending(("client", "GET", DESTINATION)), module_args(APP, retry_deadline=0))
    message = run.result["msg"]
    assert message.startswith("GET %s could not be completed: %s" % (DESTINATION, cause))
    assert message.endswith(". Check api_url (%s), the network, and validate_certs/ca_path." % API_URL)
    assert run.result["error"] == {"status": None, "method": "GET", "path": DESTINATION, "message": None}


@pytest.mark.parametrize("failure, cause", [
    (dropped, "the connection closed without an answer"),
    (lambda: requests.exceptions.ReadTimeout("slow"), "no answer within the timeout of 30.0s"),
    (lambda: response(503, {"message": "busy"}, headers={"Retry-After": "1"}), "failed (503): busy"),
])
def test_a_busy_service_or_a_lost_answer_is_not_blamed_on_the_options(http, run_module, failure, cause):
    http.queue(failure())
    run = run_module(sending(("client", "GET", DESTINATION)), module_args(APP, retry_deadline=0))
    message = run.result["msg"]
    assert cause in message
    assert "Check api_url" not in message and "validate_certs" not in message


def test_a_secret_echoed_by_the_service_stays_out_of_the_output(http, run_module):
    http.queue(response(400, {"message": "key app-secret-1 is not valid for app-1"}))
    run = run_module(sending(("client", "GET", DESTINATION)), module_args(APP))
    assert run.result["failed"] is True
    assert "app-secret-1" not in run.stdout


def test_a_write_in_check_mode_is_reported_as_a_bug_and_not_sent(http, run_module):
    run = run_module(sending(("client", "PUT", DESTINATION)), module_args(APP), check_mode=True)
    assert run.result["msg"].startswith("Bug in scorm.cloud: a write was attempted in check mode (PUT %s" % DESTINATION)
    assert http.calls == []


def test_desired_state_errors_are_reported_as_written(run_module):
    def entry():
        module = ScormCloudModule(argument_spec={}, scope_families=("dispatch",))
        with module.api_errors():
            raise DesiredStateError("destination id=d1 does not exist yet; set name to create it.")

    run = run_module(entry, module_args(APP))
    assert run.result["msg"] == "destination id=d1 does not exist yet; set name to create it."


# -- options that cannot work fail before any request ---------------------------------------------------------------

@pytest.mark.parametrize("options, message", [
    ({"api_url": "cloud.scorm.com/api/v2"},
     "api_url must be an absolute http(s) URL such as https://cloud.scorm.com/api/v2; got 'cloud.scorm.com/api/v2'."),
    ({"api_url": "ftp://cloud.scorm.com/api/v2"},
     "api_url must be an absolute http(s) URL such as https://cloud.scorm.com/api/v2; got 'ftp://cloud.scorm.com/api/v2'."),
    ({"timeout": 0}, "timeout must be a number of seconds greater than 0; got 0.0."),
    ({"retry_deadline": -1}, "retry_deadline must be 0 or more seconds (0: no retries); got -1.0."),
    ({"timeout": float("nan")}, "timeout must be a finite number of seconds; got nan."),
    ({"timeout": float("inf")}, "timeout must be a finite number of seconds; got inf."),
    ({"timeout": 100000}, "timeout must be at most 3600 seconds; got 100000.0."),
    ({"retry_deadline": float("nan")}, "retry_deadline must be a finite number of seconds (0: no retries); got nan."),
    ({"retry_deadline": float("inf")}, "retry_deadline must be a finite number of seconds (0: no retries); got inf."),
    ({"api_url": "https://cloud.scorm.com/api/v2\n"},
     "api_url must not contain white space or control characters (a line break copied from a file or a variable, "
     "say); got 'https://cloud.scorm.com/api/v2\\n'."),
    ({"api_url": " https://cloud.scorm.com/api/v2"},
     "api_url must not contain white space or control characters (a line break copied from a file or a variable, "
     "say); got ' https://cloud.scorm.com/api/v2'."),
])
def test_unusable_connection_options_fail_before_any_request(http, run_module, options, message):
    run = run_module(sending(("client", "GET", "/ping")), module_args(APP, **options))
    assert run.result["failed"] is True
    assert run.result["msg"] == message
    assert http.calls == []


def test_an_api_url_with_a_password_is_refused_and_the_password_never_shown(http, run_module):
    # It would also replace the task's own credentials (the drift role's read-only token included).
    run = run_module(sending(("client", "GET", "/ping")), module_args(
        APP, api_url="https://ci-user:url-password-1@cloud.scorm.com/api/v2"))
    assert run.result["msg"] == ("api_url must not contain a user name or password (user:password@host); give the "
                                 "credentials as app_id and secret_key, mgmt_app_id and mgmt_secret_key, or "
                                 "access_token.")
    assert "url-password-1" not in run.stdout and http.calls == []


@pytest.mark.parametrize("token", ["token-with-a-line-break-1\n", "token with space 1", "token-\t-tab-1"])
def test_an_access_token_with_white_space_is_refused_without_showing_it(http, run_module, token):
    run = run_module(sending(("client", "GET", "/ping")), dict(api_url=API_URL, access_token=token))
    assert run.result["msg"] == ("access_token must not contain white space or control characters (a line break at its "
                                 "end, copied from a file or a command's output, say); remove them.")
    assert token.strip() not in run.stdout and json.dumps(token)[1:-1] not in run.stdout
    assert http.calls == []


@pytest.mark.parametrize("options, message", [
    ({"concurrency": 0}, "concurrency must be 1 or more; got 0."),
    ({"concurrency": 1000}, "concurrency must be at most 64; got 1000."),
    ({"wait_timeout": -1}, "wait_timeout must be 0 or more seconds; got -1."),
    ({"wait_timeout": 10 ** 12}, "wait_timeout must be at most 86400 seconds; got 1000000000000."),
])
def test_task_numbers_out_of_range_fail_before_any_request(http, run_module, options, message):
    spec = {"concurrency": dict(type="int", default=8), "wait_timeout": dict(type="int", default=300)}
    run = run_module(sending(("client", "GET", "/ping"), argument_spec=spec), module_args(APP, **options))
    assert run.result["msg"] == message and http.calls == []


def test_a_service_message_echoing_a_secret_json_escaped_is_scrubbed(http, run_module):
    # The password holds a quote, a backslash and a non-ASCII letter: echoed in JSON, Ansible's masking misses it.
    password = 'pipe "pw" \\ ünïcode-1'
    http.handler = lambda call: response(400, {"message": "Bad body: %s" % json.dumps({"password": password})})
    from ansible_collections.scorm.cloud.plugins.modules import scorm_xapi_pipe

    run = run_module(scorm_xapi_pipe.main, dict(
        api_url=API_URL, app_id="app", secret_key="app-secret-value", id="p1",
        source={"url": "https://lrs.example.com/a/", "password": password},
        target={"url": "https://lrs.example.com/b/", "password": "other-password-1"}))
    assert run.result["failed"] is True and "********" in run.result["msg"]
    for form in (password, json.dumps(password)[1:-1], json.dumps(password, ensure_ascii=False)[1:-1]):
        assert form not in run.stdout


@pytest.mark.parametrize("option", ["id", "name", "application"])
@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_identity_fails_before_any_request(http, run_module, option, value):
    # An empty id would address the whole collection (GET /dispatch/destinations/) instead of one object.
    spec = {option: dict(type="str")}
    run = run_module(sending(("client", "GET", "/ping"), argument_spec=spec), module_args(APP, **{option: value}))
    assert run.result["msg"] == "%s must not be empty." % option
    assert http.calls == []


def test_a_type_error_in_a_sub_option_does_not_show_the_secrets_given(http, run_module):
    # ansible-core stops gathering no_log values at such an error; the failure must still mask every secret.
    from ansible_collections.scorm.cloud.plugins.modules import scorm_xapi_pipes

    run = run_module(scorm_xapi_pipes.main, dict(
        api_url=API_URL, app_id="app", secret_key="app-secret-value", mgmt_app_id="mgmt",
        mgmt_secret_key="mgmt-secret-value", config="not a list of pipes"))
    assert run.result["failed"] is True
    assert "app-secret-value" not in run.stdout and "mgmt-secret-value" not in run.stdout
    assert http.calls == []


def test_raw_no_log_values_finds_nested_secrets_whatever_their_types():
    spec = {"token": {"no_log": True}, "config": {"type": "list", "options": {
        "secret": {"no_log": True, "aliases": ["password"]},
        "source": {"type": "dict", "options": {"password": {"no_log": True}}}}}}
    params = {"token": 12345, "config": [{"password": "p1", "source": {"password": "p2"}}, "junk", {"secret": ["a"]}]}
    assert raw_no_log_values(spec, params) == {"12345", "p1", "p2", "a"}
    assert raw_no_log_values(spec, "not a dict") == set()
