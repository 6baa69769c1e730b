# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""scorm.cloud.token: the request each endpoint gets, the credentials it uses, and one-sentence errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

import pytest

from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.scorm.cloud.tests.unit.plugins.fakes import API_URL, response

SECRET = "token-test-secret-1"
MGMT_SECRET = "token-test-mgmt-secret-1"
CREDENTIALS = dict(api_url=API_URL, app_id="app-1", secret_key=SECRET, mgmt_app_id="mgmt-1", mgmt_secret_key=MGMT_SECRET)


@pytest.fixture
def token(monkeypatch):
    for name in ("API_URL", "APP_ID", "SECRET_KEY", "MGMT_APP_ID", "MGMT_SECRET_KEY"):
        monkeypatch.delenv("SCORM_CLOUD_" + name, raising=False)
    lookup = lookup_loader.get("scorm.cloud.token")

    def run(*terms, **options):
        return lookup.run(list(terms), variables={}, **options)

    return run


def basic(user, password):
    return "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()


def test_the_oauth_endpoint_gets_the_scopes_and_the_lifetime(http, token):
    http.queue(response(200, {"access_token": "tok-1", "expires_in": 300}))
    assert token("read:dispatch", "read:course read:xapipipe", expiration=300, **CREDENTIALS) == ["tok-1"]
    call = http.calls[0]
    assert (call.method, call.path) == ("POST", "/oauth/authenticate/application/token")
    assert call.data == {"scope": "read:dispatch read:course read:xapipipe", "expiration": "300"}
    assert call.headers["Authorization"] == basic("app-1", SECRET)


def test_the_app_management_endpoint_and_credentials(http, token):
    http.queue(response(200, {"result": "tok-2"}))
    assert token("read:appmgmt", app_management=True, endpoint="app_management", **CREDENTIALS) == ["tok-2"]
    call = http.calls[0]
    assert (call.method, call.path) == ("POST", "/appManagement/token")
    assert call.json["permissions"] == {"scopes": ["read:appmgmt"]} and call.json["expiry"].endswith("Z")
    assert call.headers["Authorization"] == basic("mgmt-1", MGMT_SECRET)


def test_credentials_come_from_the_environment(http, token, monkeypatch):
    monkeypatch.setenv("SCORM_CLOUD_API_URL", API_URL)
    monkeypatch.setenv("SCORM_CLOUD_APP_ID", "app-env")
    monkeypatch.setenv("SCORM_CLOUD_SECRET_KEY", SECRET)
    http.queue(response(200, {"access_token": "tok-3"}))
    assert token("read:course") == ["tok-3"]
    assert http.calls[0].headers["Authorization"] == basic("app-env", SECRET)


@pytest.mark.parametrize("terms, options, message", [
    ((), CREDENTIALS, "at least one scope"),
    (("read:course",), dict(api_url=API_URL), "set app_id and secret_key"),
    (("read:appmgmt",), dict(api_url=API_URL, app_id="a", secret_key="b", app_management=True),
     "set mgmt_app_id and mgmt_secret_key"),
    (("read:course",), dict(CREDENTIALS, expiration=0), "expiration must be 1 or more"),
    (("read:course",), dict(CREDENTIALS, api_url="https://scorm.test"), "api_url must end with the API's base path"),
    (("read:course",), dict(CREDENTIALS, api_url=API_URL + "?debug=1"), "api_url must not have a query string"),
])
def test_unusable_input_fails_with_one_sentence_before_any_request(http, token, terms, options, message):
    with pytest.raises(AnsibleLookupError) as raised:
        token(*terms, **options)
    assert message in str(raised.value) and http.calls == []


def test_a_refusal_names_the_cause_without_the_secret(http, token):
    http.queue(response(401, {"message": "Provided credentials are invalid: %s" % SECRET}))
    with pytest.raises(AnsibleLookupError) as raised:
        token("read:course", **CREDENTIALS)
    assert "401" in str(raised.value) and SECRET not in str(raised.value)
