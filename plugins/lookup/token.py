# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: token
short_description: Mint a short-lived SCORM Cloud OAuth token limited to the scopes asked for
version_added: 0.1.0
description:
  - Trades an application's credentials for a bearer token that carries only the given scopes and expires after
    O(expiration) seconds, so that a play can run with least privilege, for example a read-only drift check.
  - Pass the token to the modules as O(scorm.cloud.scorm_dispatch_destinations#module:access_token) and leave their
    application credentials empty; they then send the token instead.
  - The token is a secret. It is returned as the lookup's value only; keep it out of messages and files (the modules
    take it as a C(no_log) option).
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  _terms:
    description:
      - The scopes, each term one or more space-separated scopes, for example V(read:dispatch) or
        V(read:course read:dispatch). Scope families are C(course), C(dispatch), C(xapipipe), C(xapicredential),
        C(appmgmt), C(ping) and C(about), with the verbs C(read), C(write) and C(delete).
    required: true
    type: list
    elements: str
  app_management:
    description:
      - Mint the token for the realm's App Management application (with O(mgmt_app_id) and O(mgmt_secret_key)),
        for example with the scope V(read:appmgmt), instead of for the application of O(app_id).
    type: bool
    default: false
  endpoint:
    description:
      - V(oauth) uses C(POST /oauth/authenticate/application/token) (a form with the scope and the lifetime).
      - V(app_management) uses C(POST /appManagement/token) (a JSON request with the scopes and an expiry date).
    type: str
    choices: [oauth, app_management]
    default: oauth
  expiration:
    description: Seconds until the token expires.
    type: int
    default: 600
  api_url:
    description: Base URL of the SCORM Cloud API v2.
    type: str
    default: https://cloud.scorm.com/api/v2
    env:
      - name: SCORM_CLOUD_API_URL
  app_id:
    description: The application the token is for.
    type: str
    env:
      - name: SCORM_CLOUD_APP_ID
  secret_key:
    description: A secret key of O(app_id).
    type: str
    env:
      - name: SCORM_CLOUD_SECRET_KEY
  mgmt_app_id:
    description: The App Management application, with O(app_management=true).
    type: str
    env:
      - name: SCORM_CLOUD_MGMT_APP_ID
  mgmt_secret_key:
    description: A secret key of O(mgmt_app_id).
    type: str
    env:
      - name: SCORM_CLOUD_MGMT_SECRET_KEY
  validate_certs:
    description: Whether to verify the service's TLS certificate.
    type: bool
    default: true
  ca_path:
    description: A CA bundle (PEM file) to verify the service's certificate with.
    type: path
  timeout:
    description: Seconds to wait for the answer.
    type: float
    default: 30
notes:
  - Tokens are signed by the service and cannot be revoked; keep O(expiration) short.
requirements:
  - requests
"""

EXAMPLES = r"""
- name: A drift check that cannot write
  hosts: localhost
  gather_facts: false
  vars:
    read_only_token: "{{ lookup('scorm.cloud.token', 'read:dispatch read:course read:xapipipe read:xapicredential') }}"
  module_defaults:
    group/scorm.cloud.all:
      app_id: ""
      secret_key: ""
      access_token: "{{ read_only_token }}"
  tasks:
    - name: What the destinations would change (the token cannot write, check mode does not try)
      scorm.cloud.scorm_dispatch_destinations:
        state: gathered

- name: A token for reading the realm's applications
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Mint it for five minutes
      ansible.builtin.set_fact:
        realm_token: "{{ lookup('scorm.cloud.token', 'read:appmgmt', app_management=true, expiration=300) }}"
      no_log: true
"""

RETURN = r"""
_raw:
  description: The access token, one per lookup.
  type: list
  elements: str
"""

import datetime

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.scorm.cloud.plugins.module_utils._client import (
    HAS_REQUESTS,
    TOKEN_ANSWER,
    TOKEN_PATH,
    BasicAuth,
    ScormCloudClient,
    ScormCloudError,
    api_url_problem,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import RESULT_ANSWER

APP_MANAGEMENT_TOKEN_PATH = "/appManagement/token"


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        if not HAS_REQUESTS:
            raise AnsibleLookupError("scorm.cloud.token needs the Python library requests on the controller.")
        self.set_options(var_options=variables, direct=kwargs)
        scopes = " ".join(" ".join(str(term).split()) for term in terms).strip()
        if not scopes:
            raise AnsibleLookupError("scorm.cloud.token needs at least one scope, for example 'read:dispatch'.")
        prefix = "mgmt_" if self.get_option("app_management") else ""
        app_id, secret_key = self.get_option(prefix + "app_id"), self.get_option(prefix + "secret_key")
        if not (app_id and secret_key):
            raise AnsibleLookupError("scorm.cloud.token has no credentials: set %sapp_id and %ssecret_key (or "
                                     "SCORM_CLOUD_%sAPP_ID and SCORM_CLOUD_%sSECRET_KEY)." % (
                                         prefix, prefix, prefix.upper(), prefix.upper()))
        problem = api_url_problem(self.get_option("api_url"))
        if problem:
            raise AnsibleLookupError("scorm.cloud.token: %s" % problem)
        expiration = self.get_option("expiration")
        if expiration < 1:
            raise AnsibleLookupError("expiration must be 1 or more seconds; got %d." % expiration)
        hint = "%sapp_id and %ssecret_key" % (prefix, prefix)
        client = ScormCloudClient(self.get_option("api_url"), BasicAuth(app_id, secret_key, hint),
                                  validate_certs=self.get_option("validate_certs"), ca_path=self.get_option("ca_path"),
                                  timeout=self.get_option("timeout"))
        try:
            token = self.mint(client, scopes.split(), expiration)
        except ScormCloudError as exc:
            raise AnsibleLookupError("scorm.cloud.token could not get a token: %s" % client.redact(exc.message))
        return [token]

    def mint(self, client, scopes, expiration):
        # Minting changes nothing in the account, so it is no write (and may be retried).
        if self.get_option("endpoint") == "oauth":
            answer = client.request("POST", TOKEN_PATH, form={"scope": " ".join(scopes), "expiration": str(expiration)},
                                    idempotent=True, writes=False, shape=TOKEN_ANSWER)
            token = answer["access_token"]
        else:
            expiry = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=expiration)
            answer = client.request("POST", APP_MANAGEMENT_TOKEN_PATH, json={
                "permissions": {"scopes": scopes}, "expiry": expiry.strftime("%Y-%m-%dT%H:%M:%S.000Z")},
                idempotent=True, writes=False, shape=RESULT_ANSWER)
            token = answer["result"]
        return token
