# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ScormCloudClient: auth, retries, Retry-After, the retry deadline, POST safety, pagination, errors, redaction,
the check-mode write guard and request encoding. The network is the ``http`` fake; time is the ``clock`` fake."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import calendar
import contextlib
import email.utils
import io
import socket
import threading
import time
from pathlib import Path

import pytest
import requests
import urllib3
import yaml

from ansible_collections.scorm.cloud.plugins.module_utils._client import (
    TOKEN_PATH,
    BasicAuth,
    BearerAuth,
    CheckModeWriteError,
    OAuthAuth,
    ScormCloudClient,
    ScormCloudError,
    api_url_problem,
    backoff_delay,
    parse_retry_after,
)
from ansible_collections.scorm.cloud.plugins.module_utils._settings import write_settings
from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response
from ansible_collections.scorm.cloud.tests.unit.plugins.module_utils.conftest import CLIENT_SECRET

SECRET = CLIENT_SECRET  # the secret key of make_client's clients
TOKEN = "tok-0123456789"
# With rand() == 0.5 every delay is 3/4 of its window: 0.5s, 1s, 2s, 4s, ... doubling up to the 30s cap.
BACKOFF = [0.375, 0.75, 1.5, 3.0, 6.0]


def dropped_connection():
    """What requests raises when the server closed the connection after the request was sent."""
    return requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError(
        "Connection aborted.", ConnectionResetError(104, "Connection reset by peer")))


def refused_connection():
    """What requests raises when no connection could be made, so the request never left."""
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(
        None, "/api/v2/x", reason=urllib3.exceptions.NewConnectionError(None, "[Errno 111] Connection refused")))


def token_answer(token=TOKEN, expires_in=600):
    return response(200, {"access_token": token, "expires_in": expires_in, "token_type": "Bearer"})


# -- retries and backoff ------------------------------------------------------------------------------------------

RETRYABLE_FAILURES = [
    pytest.param(lambda: requests.exceptions.ConnectionError("reset"), id="connection-error"),
    pytest.param(lambda: requests.exceptions.ReadTimeout("slow"), id="read-timeout"),
    pytest.param(lambda: response(429), id="429"),
    pytest.param(lambda: response(502, text="Bad Gateway"), id="502"),
    pytest.param(lambda: response(503, {"message": "busy"}), id="503"),
    pytest.param(lambda: response(504), id="504"),
]


@pytest.mark.parametrize("failure", RETRYABLE_FAILURES)
def test_get_is_retried_with_exponential_backoff(http, clock, make_client, warned, failure):
    client = make_client()
    http.queue(failure(), failure(), failure(), response(200, {"ok": True}))

    assert client.get("/ping") == {"ok": True}
    assert http.sent() == [("GET", "/ping")] * 4
    assert clock.sleeps == BACKOFF[:3]
    assert client.retries == 3
    assert len(warned) == 3 and all("retrying in" in message for message in warned)


@pytest.mark.parametrize("rand, expected", [(0.0, [0.25, 0.5]), (1.0, [0.5, 1.0])])
def test_the_jitter_comes_from_the_injected_random_source(http, clock, make_client, rand, expected):
    http.queue(response(503), response(503), response(200, {}))
    make_client(rand=lambda: rand).get("/ping")
    assert clock.sleeps == expected


@pytest.mark.parametrize("attempt, window", [(1, 0.5), (2, 1.0), (3, 2.0), (6, 16.0), (7, 30.0), (30, 30.0)])
def test_backoff_window_doubles_up_to_the_cap_and_jitter_spreads_its_upper_half(attempt, window):
    assert backoff_delay(attempt, rand=lambda: 0.0) == window / 2
    assert backoff_delay(attempt, rand=lambda: 1.0) == window


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 500])
def test_other_errors_are_not_retried(http, clock, make_client, status):
    http.queue(response(status, {"message": "no"}))
    with pytest.raises(ScormCloudError) as raised:
        make_client().get("/dispatch/destinations/d1")
    assert raised.value.status == status
    assert len(http.calls) == 1 and clock.sleeps == []


def test_tls_errors_are_not_retried_and_name_the_fix(http, clock, make_client):
    http.queue(requests.exceptions.SSLError("certificate verify failed"))
    with pytest.raises(ScormCloudError) as raised:
        make_client().get("/ping")
    assert "ca_path" in str(raised.value) and raised.value.status is None
    assert len(http.calls) == 1 and clock.sleeps == []


def test_a_malformed_api_url_fails_at_once_and_says_why(clock, make_client):
    client = make_client(api_url="scorm.test/api/v2")  # a real session: requests rejects the URL before any I/O
    with pytest.raises(ScormCloudError) as raised:
        client.get("/ping")
    assert "No scheme supplied" in str(raised.value)
    assert client.retries == 0 and clock.sleeps == []


def test_uploads_are_rewound_before_a_retry(http, clock, make_client):
    sent_bodies = []

    def answer(call):
        sent_bodies.append(call.files["file"][1].read())
        return response(503) if len(sent_bodies) == 1 else response(200, {"ok": True})

    http.handler = answer
    package = io.BytesIO(b"zip-bytes")
    make_client().request("PUT", "/courses/c1/import", files={"file": ("c1.zip", package)})
    assert sent_bodies == [b"zip-bytes", b"zip-bytes"]


# -- Retry-After and the retry deadline -------------------------------------------------------------------------

@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_in_seconds_is_honoured(http, clock, make_client, status):
    http.queue(response(status, headers={"Retry-After": "7"}), response(200, {}))
    make_client().get("/ping")
    assert clock.sleeps == [7.0]


@pytest.mark.parametrize("retry_after", ["0", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_a_zero_or_past_retry_after_still_backs_off(http, clock, make_client, retry_after):
    http.queue(response(429, headers={"Retry-After": retry_after}), response(200, {}))
    make_client().get("/ping")
    assert clock.sleeps == BACKOFF[:1]


def test_the_backoff_keeps_growing_past_a_short_retry_after(http, clock, make_client):
    http.queue(*[response(503, headers={"Retry-After": "1"})] * 3 + [response(200, {})])
    make_client().get("/ping")
    assert clock.sleeps == [1.0, 1.0, 1.5]


def test_retry_after_as_an_http_date_is_honoured(http, clock, make_client):
    # An HTTP date is wall-clock time, so it is written relative to the real clock.
    http.queue(response(429, headers={"Retry-After": email.utils.formatdate(time.time() + 30, usegmt=True)}),
               response(200, {}))
    make_client().get("/ping")
    assert len(clock.sleeps) == 1 and 28.0 < clock.sleeps[0] <= 30.0


WHEN = "Wed, 21 Oct 2015 07:28:00 GMT"
WHEN_EPOCH = calendar.timegm((2015, 10, 21, 7, 28, 0))


@pytest.mark.parametrize("value, now, expected", [
    ("120", None, 120.0),
    (" 5 ", None, 5.0),
    (WHEN, WHEN_EPOCH - 42, 42.0),
    (WHEN, WHEN_EPOCH + 10, 0.0),  # a date in the past: retry now
    ("soon", None, None),
    ("-3", None, None),
    ("", None, None),
    (None, None, None),
])
def test_parse_retry_after(value, now, expected):
    assert parse_retry_after(value, now=now) == expected


def test_the_retry_deadline_stops_retries_and_is_named(http, clock, make_client):
    http.handler = lambda call: response(503, {"message": "busy"})
    with pytest.raises(ScormCloudError) as raised:
        make_client(retry_deadline=10).get("/ping")
    # 0.375 + 0.75 + 1.5 + 3.0 = 5.625s slept; the next wait (6s) would end after the 10s deadline.
    assert clock.sleeps == BACKOFF[:4]
    assert len(http.calls) == 5
    assert "the retry deadline of 10s was reached" in str(raised.value)
    assert "5 attempt(s)" in str(raised.value)
    assert raised.value.status == 503


def test_the_retry_deadline_counts_time_spent_waiting_for_answers(http, clock, make_client):
    def slow_failure(call):
        clock.now += 4.0
        return response(504)

    http.handler = slow_failure
    with pytest.raises(ScormCloudError) as raised:
        make_client(retry_deadline=10).get("/ping")
    assert len(http.calls) == 3 and "retry deadline" in str(raised.value)


def test_a_retry_after_beyond_the_deadline_fails_at_once(http, clock, make_client):
    http.queue(response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(ScormCloudError) as raised:
        make_client(retry_deadline=120).get("/ping")
    assert len(http.calls) == 1 and clock.sleeps == []
    assert "retry deadline of 120s" in str(raised.value)


# -- non-idempotent writes --------------------------------------------------------------------------------------

@pytest.mark.parametrize("failure, uncertain", [
    pytest.param(lambda: response(400), False, id="400"),
    pytest.param(lambda: response(502), True, id="502"),
    pytest.param(lambda: response(503), True, id="503"),
    pytest.param(lambda: response(504), True, id="504"),
    pytest.param(dropped_connection, True, id="dropped-connection"),
    pytest.param(lambda: requests.exceptions.ReadTimeout("no answer"), True, id="read-timeout"),
])
def test_post_is_never_blindly_retried(http, clock, make_client, failure, uncertain):
    http.queue(failure())
    with pytest.raises(ScormCloudError) as raised:
        make_client().request("POST", "/dispatch/dispatches", json={"id": "x"})
    assert http.sent() == [("POST", "/dispatch/dispatches")]
    assert clock.sleeps == []
    # Sent, but no answer or a gateway's: the caller must re-read before sending it again.
    assert raised.value.maybe_applied is uncertain


@pytest.mark.parametrize("failure", [
    pytest.param(lambda: response(429), id="429"),
    pytest.param(refused_connection, id="connection-refused"),
    pytest.param(lambda: requests.exceptions.ConnectTimeout("connect timeout"), id="connect-timeout"),
])
def test_post_is_retried_when_the_service_certainly_did_not_act(http, clock, make_client, failure):
    client = make_client()
    http.queue(response(200, {}), failure(), response(200, {"id": "x"}))
    client.get("/ping")  # the service answered once: a refused connection now is a restart, worth retrying
    assert client.request("POST", "/dispatch/dispatches", json={"id": "x"}) == {"id": "x"}
    assert http.sent() == [("GET", "/ping")] + [("POST", "/dispatch/dispatches")] * 2
    assert clock.sleeps == BACKOFF[:1]


@pytest.mark.parametrize("reason, says", [
    pytest.param(urllib3.exceptions.NewConnectionError(None, "[Errno 111] Connection refused"),
                 "the connection to scorm.test was refused: nothing accepts connections there (check api_url)",
                 id="refused"),
    pytest.param(urllib3.exceptions.NameResolutionError("scorm.test", None, socket.gaierror("Name or service not known")),
                 "the host name scorm.test cannot be resolved (check api_url)", id="unknown-host"),
])
def test_a_refused_connection_or_unknown_host_on_the_first_request_fails_at_once(
        http, clock, make_client, reason, says):
    http.queue(requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/api/v2/ping",
                                                                                    reason=reason)))
    with pytest.raises(ScormCloudError) as raised:
        make_client().get("/ping")
    assert len(http.calls) == 1 and clock.sleeps == []
    assert raised.value.message == "GET /ping could not be completed: %s" % says
    assert raised.value.check_settings is True and raised.value.maybe_applied is False


def test_put_is_retried_after_a_dropped_connection(http, clock, make_client):
    http.queue(dropped_connection(), response(204))
    assert make_client().request("PUT", "/dispatch/destinations/d1", json={"name": "D"}) is None
    assert len(http.calls) == 2


def free_port():
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def hang_up_server():
    """A local TCP server that reads one request and closes the connection without answering."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(5)

    def serve_once():
        try:
            connection = listener.accept()[0]
        except OSError:
            return
        with connection:
            connection.recv(65536)

    server = threading.Thread(target=serve_once, daemon=True)
    server.start()
    try:
        yield listener.getsockname()[1]
    finally:
        server.join(5)
        listener.close()


def local_client(make_client, port, **kwargs):
    client = make_client(api_url="http://127.0.0.1:%d/api/v2" % port, **kwargs)
    client.session.trust_env = False  # no proxy from the environment between the client and the local port
    return client


def test_a_real_refused_connection_counts_as_unsent_and_fails_fast(clock, make_client):
    # The real requests/urllib3 exception shapes, so the classification cannot drift from the library.
    client = local_client(make_client, free_port())
    started = time.monotonic()
    with pytest.raises(ScormCloudError) as raised:
        client.request("POST", "/dispatch/dispatches", json={})
    assert raised.value.maybe_applied is False and raised.value.check_settings is True
    assert "was refused: nothing accepts connections there" in raised.value.message
    assert client.retries == 0 and clock.sleeps == [] and time.monotonic() - started < 5


@contextlib.contextmanager
def plain_http_server():
    """A local server that answers every request in plain HTTP (what an https URL to an http port meets)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(5)

    def serve_once():
        try:
            connection = listener.accept()[0]
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    server = threading.Thread(target=serve_once, daemon=True)
    server.start()
    try:
        yield listener.getsockname()[1]
    finally:
        server.join(5)
        listener.close()


def test_https_to_a_plain_http_port_says_so_without_blaming_verification(clock, make_client):
    with plain_http_server() as port:
        client = make_client(api_url="https://127.0.0.1:%d/api/v2" % port, validate_certs=False)
        client.session.trust_env = False
        with pytest.raises(ScormCloudError) as raised:
            client.get("/ping")
    message = raised.value.message
    assert "answers in plain HTTP, not HTTPS (use an http:// api_url" in message
    assert "verification" not in message and "validate_certs" not in message
    assert client.retries == 0


@pytest.mark.parametrize("api_url, problem", [
    ("https://cloud.scorm.com/api/v2", None),
    ("http://127.0.0.1:8765/api/v2/", None),
    ("http://127.0.0.1:8765", "api_url must end with the API's base path /api/v2, for example "
                              "http://127.0.0.1:8765/api/v2; got 'http://127.0.0.1:8765'"),
    ("https://cloud.scorm.com/api/v1", "api_url must end with the API's base path /api/v2, for example "
                                       "https://cloud.scorm.com/api/v2"),
    ("https://cloud.scorm.com/api/v2?x=1", "api_url must not have a query string or fragment"),
    ("https://cloud.scorm.com/api/v2#top", "api_url must not have a query string or fragment"),
    ("https://cloud.scorm.com/api/v2?", "api_url must not have a query string or fragment"),
    ("cloud.scorm.com/api/v2", "api_url must be an absolute http(s) URL"),
])
def test_api_url_problem(api_url, problem):
    found = api_url_problem(api_url)
    if problem is None:
        assert found is None
    else:
        assert found.startswith(problem) and found.endswith(".") and found.count(". ") == 0


def test_a_real_hang_up_after_a_post_may_have_applied_it(clock, make_client):
    with hang_up_server() as port:
        client = local_client(make_client, port)
        with pytest.raises(ScormCloudError) as raised:
            client.request("POST", "/dispatch/dispatches", json={})
    assert raised.value.maybe_applied is True
    assert client.retries == 0 and clock.sleeps == []


def test_create_verified_does_not_resend_what_took_effect(http, make_client, warned):
    client = make_client()
    http.queue(dropped_connection(), response(200, {"id": "cred-1"}))
    created = client.create_verified("POST", "/xapi/credentials", verify=lambda: client.get_or_none("/xapi/credentials/cred-1"),
                                     json={"name": "lrs"})
    assert created == {"id": "cred-1"}
    assert http.sent() == [("POST", "/xapi/credentials"), ("GET", "/xapi/credentials/cred-1")]
    assert "took effect" in warned[-1]


def test_create_verified_resends_once_what_did_not_take_effect(http, clock, make_client):
    client = make_client()
    http.queue(dropped_connection(), response(404, {"message": "not found"}), response(404, {"message": "not found"}),
               response(200, {"id": "cred-1"}))
    created = client.create_verified("POST", "/xapi/credentials", verify=lambda: client.get_or_none("/xapi/credentials/cred-1"),
                                     json={"name": "lrs"})
    assert created == {"id": "cred-1"}
    # Re-read, wait the backoff, re-read once more (a late commit), then send again.
    assert http.sent() == [("POST", "/xapi/credentials"), ("GET", "/xapi/credentials/cred-1"),
                           ("GET", "/xapi/credentials/cred-1"), ("POST", "/xapi/credentials")]
    assert http.calls[3].json == {"name": "lrs"} and clock.sleeps == BACKOFF[:1]


def verifier(client, found_after=None):
    """A verify() that finds the object from its ``found_after``-th call on (never with None)."""
    calls = []

    def verify():
        calls.append(client.clock())
        return {"id": "app-9"} if found_after is not None and len(calls) >= found_after else None

    verify.calls = calls
    return verify


def test_create_verified_keeps_going_through_503s_as_retry_after_says(http, clock, make_client, warned):
    client = make_client(retry_deadline=30)
    busy = response(503, {"message": "busy"}, headers={"Retry-After": "4"})
    http.queue(busy, response(503, {"message": "busy"}, headers={"Retry-After": "4"}), response(200, {"id": "app-9"}))
    verify = verifier(client)
    assert client.create_verified("POST", "/appManagement/applications", verify, json={"name": "a"}) == {"id": "app-9"}
    assert http.sent() == [("POST", "/appManagement/applications")] * 3
    assert clock.sleeps == [4.0, 4.0]  # Retry-After, longer than the backoff
    assert len(verify.calls) == 4  # after each 503, and again right before each resend
    assert "sending it again in 4.0s" in warned[0]


def test_create_verified_gives_up_at_the_deadline_with_a_sentence(http, clock, make_client):
    client = make_client(retry_deadline=10)
    http.handler = lambda call: response(503, {"message": "busy"}, headers={"Retry-After": "4"})
    with pytest.raises(ScormCloudError) as raised:
        client.create_verified("POST", "/appManagement/applications", verifier(client), json={"name": "a"})
    assert len(http.calls) == 3 and sum(clock.sleeps) == 8.0
    assert raised.value.message == ("POST /appManagement/applications failed (503): busy (it did not take effect; gave "
                                    "up after 3 attempt(s): the retry deadline of 10s was reached)")


def test_create_verified_never_resends_after_a_timeout_and_finds_a_late_commit(http, clock, make_client, warned):
    client = make_client(retry_deadline=20)
    http.queue(requests.exceptions.ReadTimeout("slow"))
    verify = verifier(client, found_after=4)
    assert client.create_verified("POST", "/appManagement/applications", verify, json={"name": "a"}) == {"id": "app-9"}
    assert http.sent() == [("POST", "/appManagement/applications")]
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert "took effect, so it was not sent again" in warned[-1]


@pytest.mark.parametrize("failure, synchronous", [
    pytest.param(lambda: requests.exceptions.ReadTimeout("slow"), True, id="timeout"),
    pytest.param(dropped_connection, False, id="dropped-asynchronous"),
])
def test_create_verified_after_no_answer_fails_within_the_deadline_without_resending(
        http, clock, make_client, failure, synchronous):
    client = make_client(retry_deadline=12)
    http.queue(failure())
    with pytest.raises(ScormCloudError) as raised:
        client.create_verified("POST", "/courses/importJobs/upload", verifier(client), synchronous=synchronous)
    assert len(http.calls) == 1 and sum(clock.sleeps) == 12
    assert raised.value.message.endswith("(the service may still act on it, and within the retry deadline of 12s the "
                                         "account did not show it; it was not sent again. Run the task again: it "
                                         "reads the account first)")


def test_a_settings_post_is_retried_like_a_put(http, clock, make_client):
    client = make_client()
    http.queue(response(503, headers={"Retry-After": "2"}), dropped_connection(), response(204))
    write_settings(client, "/appManagement/configuration", {"PlayerCaptureHistory": "true"})
    assert http.sent() == [("POST", "/appManagement/configuration")] * 3
    assert all(call.json == {"settings": [{"settingId": "PlayerCaptureHistory", "value": "true", "explicit": True}]}
               for call in http.calls)
    assert clock.sleeps == [2.0, BACKOFF[1]]


def test_create_verified_does_not_verify_a_certain_failure(http, make_client):
    http.queue(response(400, {"message": "name is required"}))

    def verify():
        raise AssertionError("verify must not run after a definite answer")

    with pytest.raises(ScormCloudError) as raised:
        make_client().create_verified("POST", "/xapi/credentials", verify=verify, json={})
    assert raised.value.status == 400 and len(http.calls) == 1


# -- pagination ---------------------------------------------------------------------------------------------------

def test_iter_list_follows_more_and_sends_the_filters_only_first(http, make_client):
    http.queue(
        response(200, {"destinations": [{"id": "a"}], "more": "page-2"}),
        response(200, {"destinations": [{"id": "b"}, {"id": "c"}], "more": "page-3"}),
        response(200, {"destinations": [{"id": "d"}]}),
    )
    items = list(make_client().iter_list("/dispatch/destinations", "destinations",
                                         params={"tags": ["x", "y"], "includeTotalCount": True, "courseId": None}))
    assert [item["id"] for item in items] == ["a", "b", "c", "d"]
    assert http.sent() == [("GET", "/dispatch/destinations")] * 3
    assert [call.params for call in http.calls] == [
        {"tags": "x,y", "includeTotalCount": "true"}, {"more": "page-2"}, {"more": "page-3"}]


def test_iter_list_of_an_empty_list(http, make_client):
    http.queue(response(200, {"courses": []}))
    assert list(make_client().iter_list("/courses", "courses")) == []


# -- answers and errors -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, expected", [
    (response(200, {"name": "D"}), {"name": "D"}),
    (response(204), None),
    (response(200, text=""), None),
])
def test_answers_are_decoded(http, make_client, answer, expected):
    http.queue(answer)
    assert make_client().get("/dispatch/destinations/d1") == expected


@pytest.mark.parametrize("answer, api_message", [
    (response(400, {"message": "Bad name", "error": "other"}), "Bad name"),
    (response(400, {"error": "invalid_scope"}), "invalid_scope"),
    (response(400, {"message": "", "error": "fallback"}), "fallback"),
    (response(400, text="plain failure\n"), "plain failure"),
    (response(400, {"unexpected": 1}), None),  # a body is never echoed, only the service's message
    (response(400), None),
])
def test_errors_keep_the_service_message_status_method_and_path(http, make_client, answer, api_message):
    http.queue(answer)
    with pytest.raises(ScormCloudError) as raised:
        make_client().request("PUT", "/dispatch/destinations/d1", json={})
    error = raised.value
    assert error.api_message == api_message
    assert str(error) == "PUT /dispatch/destinations/d1 failed (400)" + (": %s" % api_message if api_message else "")
    assert error.to_dict() == {"status": 400, "method": "PUT", "path": "/dispatch/destinations/d1", "message": api_message}


def test_long_service_messages_are_cut(http, make_client):
    http.queue(response(400, text="x" * 2000))
    with pytest.raises(ScormCloudError) as raised:
        make_client().get("/ping")
    assert raised.value.api_message == "x" * 300 + "..."


@pytest.mark.parametrize("answer, expected", [
    (response(404, {"message": "Destination not found"}), None),
    (response(200, {"name": "D"}), {"name": "D"}),
])
def test_get_or_none_maps_404_to_none(http, make_client, answer, expected):
    http.queue(answer)
    assert make_client().get_or_none("/dispatch/destinations/d1") == expected


def test_get_or_none_raises_other_errors(http, make_client):
    http.queue(response(403, {"message": "forbidden"}))
    with pytest.raises(ScormCloudError) as raised:
        make_client().get_or_none("/dispatch/destinations/d1")
    assert raised.value.status == 403


# -- secrets ------------------------------------------------------------------------------------------------------

def test_a_secret_echoed_by_the_service_is_redacted(http, make_client, warned):
    http.queue(response(503, {"message": "bad key %s" % SECRET}), response(400, {"error": "still bad: %s" % SECRET}))
    with pytest.raises(ScormCloudError) as raised:
        make_client().get("/ping")
    shown = [str(raised.value), raised.value.api_message, repr(raised.value.to_dict())] + warned
    assert all(SECRET not in text for text in shown)
    assert "********" in str(raised.value)


def test_a_token_echoed_by_the_service_is_redacted(http, make_client):
    http.queue(token_answer(), response(400, {"message": "token %s has expired" % TOKEN}))
    with pytest.raises(ScormCloudError) as raised:
        make_client(auth=OAuthAuth("app-1", SECRET, "read:dispatch")).get("/dispatch/destinations")
    assert TOKEN not in str(raised.value) and "token ******** has expired" in str(raised.value)


def test_registered_secrets_are_redacted_too(http, make_client):
    client = make_client()
    client.add_secret("pipe-password-42")
    http.queue(response(400, {"message": "password pipe-password-42 rejected"}))
    with pytest.raises(ScormCloudError) as raised:
        client.get("/xapi/statementPipes/p1")
    assert "pipe-password-42" not in str(raised.value)


# -- auth ---------------------------------------------------------------------------------------------------------

def test_basic_auth_header(http, make_client):
    http.queue(response(200, {}))
    make_client().get("/ping")
    expected = base64.b64encode(("app-1:%s" % SECRET).encode()).decode()
    assert http.calls[0].headers["Authorization"] == "Basic %s" % expected


def test_bearer_auth_header(http, make_client):
    http.queue(response(200, {}))
    make_client(auth=BearerAuth(TOKEN)).get("/ping")
    assert http.calls[0].headers["Authorization"] == "Bearer %s" % TOKEN


def test_oauth_gets_one_token_for_its_scope_and_renews_it_when_it_expires(http, clock, make_client):
    client = make_client(auth=OAuthAuth("app-1", SECRET, "read:dispatch write:dispatch"))
    http.queue(token_answer(expires_in=120), response(200, {}), response(200, {}),
               token_answer(token="tok-second-one"), response(200, {}))
    client.get("/dispatch/destinations")
    client.get("/dispatch/dispatches")
    clock.now += 100  # past the renewal point, which comes before the token's real expiry
    client.get("/dispatch/destinations")

    assert http.sent() == [("POST", TOKEN_PATH), ("GET", "/dispatch/destinations"), ("GET", "/dispatch/dispatches"),
                           ("POST", TOKEN_PATH), ("GET", "/dispatch/destinations")]
    token_request = http.calls[0]
    assert token_request.data == {"scope": "read:dispatch write:dispatch", "expiration": "600"}
    assert token_request.headers["Authorization"].startswith("Basic ")
    assert [call.headers["Authorization"] for call in http.calls[1:3]] == ["Bearer %s" % TOKEN] * 2
    assert http.calls[4].headers["Authorization"] == "Bearer tok-second-one"


def test_a_token_refused_before_its_expiry_is_renewed_once(http, clock, make_client, warned):
    client = make_client(auth=OAuthAuth("app-1", SECRET, "read:dispatch write:dispatch"))
    http.queue(token_answer(), response(200, {}), response(401, {"message": "token expired"}),
               token_answer(token="tok-renewed-1"), response(200, {"id": "x"}))
    client.get("/dispatch/destinations")
    # A POST refused with 401 was not acted on: sent again with the new token.
    assert client.request("POST", "/dispatch/dispatches", json={}) == {"id": "x"}
    assert http.sent() == [("POST", TOKEN_PATH), ("GET", "/dispatch/destinations"), ("POST", "/dispatch/dispatches"),
                           ("POST", TOKEN_PATH), ("POST", "/dispatch/dispatches")]
    assert http.calls[4].headers["Authorization"] == "Bearer tok-renewed-1"
    assert "renewing it once" in warned[0] and TOKEN not in " ".join(warned)


def test_a_token_refused_again_after_its_renewal_fails(http, clock, make_client):
    client = make_client(auth=OAuthAuth("app-1", SECRET, "read:dispatch"))
    http.queue(token_answer(), response(401), token_answer(token="tok-renewed-1"), response(401))
    with pytest.raises(ScormCloudError) as raised:
        client.get("/dispatch/destinations")
    assert raised.value.status == 401 and len(http.calls) == 4 and clock.sleeps == []


def test_a_token_answer_without_a_token_is_an_error(http, make_client):
    http.queue(response(200, {"token_type": "Bearer"}))
    with pytest.raises(ScormCloudError) as raised:
        make_client(auth=OAuthAuth("app-1", SECRET, "read:dispatch")).get("/dispatch/destinations")
    assert "access_token" in str(raised.value) and len(http.calls) == 1


# -- check mode ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "put"])
def test_check_mode_refuses_every_write_before_sending_it(http, make_client, method):
    with pytest.raises(CheckModeWriteError):
        make_client(check_mode=True).request(method, "/dispatch/destinations/d1", json={})
    assert http.calls == []


def test_check_mode_allows_reads_and_the_token_request(http, make_client):
    client = make_client(check_mode=True, auth=OAuthAuth("app-1", SECRET, "read:dispatch"))
    http.queue(token_answer(), response(200, {"name": "D"}))
    assert client.get("/dispatch/destinations/d1") == {"name": "D"}
    assert http.sent() == [("POST", TOKEN_PATH), ("GET", "/dispatch/destinations/d1")]


# -- what goes on the wire --------------------------------------------------------------------------------------

def galaxy_version():
    # tests/unit/plugins/module_utils/test_client.py -> the collection root holds galaxy.yml
    galaxy = Path(__file__).resolve().parents[4] / "galaxy.yml"
    return yaml.safe_load(galaxy.read_text(encoding="utf-8"))["version"]


def test_user_agent_names_the_collection_and_its_version(http, make_client):
    http.queue(response(200, {}))
    make_client().get("/ping")
    assert http.calls[0].headers["User-Agent"] == "scorm.cloud-ansible/%s" % galaxy_version()


def test_query_booleans_and_lists_are_encoded(http, make_client):
    http.queue(response(200, {}))
    make_client().get("/courses", params={"includeMetadata": True, "includeRegistrationCount": False, "tags": ["a", "b"],
                                          "ids": ("x",), "since": None, "limit": 3})
    assert http.calls[0].params == {"includeMetadata": "true", "includeRegistrationCount": "false", "tags": "a,b",
                                    "ids": "x", "limit": 3}


@pytest.mark.parametrize("options, verify", [
    ({}, True),
    ({"validate_certs": False}, False),
    ({"ca_path": "/etc/ca.pem"}, "/etc/ca.pem"),
    ({"validate_certs": False, "ca_path": "/etc/ca.pem"}, False),
])
def test_tls_verification_and_timeout_reach_every_request(http, make_client, options, verify):
    http.queue(response(200, {}))
    make_client(api_url=API_URL + "/", timeout=12.5, **options).get("/ping")
    call = http.calls[0]
    assert (call.path, call.verify, call.timeout) == ("/ping", verify, 12.5)


# -- waiting for background work -----------------------------------------------------------------------------------

def test_wait_for_returns_the_first_answer_with_doubling_delays(clock, make_client):
    answers = iter([None, None, None, {"status": "COMPLETE"}])
    found = make_client().wait_for(lambda: next(answers), timeout=60, first_delay=1.0, max_delay=3.0)
    assert found == {"status": "COMPLETE"}
    assert clock.sleeps == [1.0, 2.0, 3.0]


def test_wait_for_gives_up_at_the_timeout_without_oversleeping(clock, make_client):
    checks = []
    found = make_client().wait_for(lambda: checks.append(clock()), timeout=10, first_delay=4.0, max_delay=30.0)
    assert found is None
    assert clock.sleeps == [4.0, 6.0]  # the last sleep is cut to what is left of the timeout
    assert len(checks) == 3  # one more look at the deadline itself


# -- concurrency ------------------------------------------------------------------------------------------------------

def test_a_429_holds_every_concurrent_request_of_the_client(http):
    """Workers of the account engine share one client: when one of them is told to slow down, none of them sends
    until the Retry-After has passed (real threads and a real, short clock)."""
    client = ScormCloudClient(API_URL, BasicAuth("app-1", SECRET, "app_id and secret_key"), retry_deadline=10)
    limited = threading.Event()
    sent = []

    def handler(call):
        sent.append((call.path, time.monotonic()))
        if call.path == "/a" and not limited.is_set():
            limited.set()
            return response(429, {"message": "slow down"}, headers={"Retry-After": "1"})
        return response(200, {})

    http.handler = handler
    first = threading.Thread(target=client.get, args=("/a",))
    first.start()
    assert limited.wait(5)
    # The second worker starts once the first has read the 429: a request already on the wire cannot be held (on a
    # loaded machine the main thread may otherwise run before the first worker has seen its answer).
    deadline = time.monotonic() + 5
    while not client._held_until and time.monotonic() < deadline:
        time.sleep(0.01)
    client.get("/b")  # a second worker, while the first one waits out its Retry-After
    first.join(5)
    limited_at = sent[0][1]
    assert [path for path, when in sent] in (["/a", "/b", "/a"], ["/a", "/a", "/b"])
    assert all(when >= limited_at + 0.9 for path, when in sent[1:])


def test_the_oauth_token_is_fetched_once_for_concurrent_requests(http):
    auth = OAuthAuth("app-1", SECRET, "read:dispatch")
    client = ScormCloudClient(API_URL, auth)
    http.handler = lambda call: (response(200, {"access_token": TOKEN, "expires_in": 600}) if call.path == TOKEN_PATH
                                 else response(200, {}))
    threads = [threading.Thread(target=client.get, args=("/dispatch/destinations/%d" % n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert [call.path for call in http.calls].count(TOKEN_PATH) == 1
    assert len(http.calls) == 9
