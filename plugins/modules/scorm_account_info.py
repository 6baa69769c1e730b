#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_account_info
short_description: Read a whole SCORM Cloud account in the shape the account role takes
version_added: 0.1.0
description:
  - Reads the objects of an account, section by section, and returns each section in exactly the shape of the
    matching input of the P(scorm.cloud.account#role) role (and of the C(config) of the matching list module). Fed back
    as input, the result changes nothing. The C(scorm.cloud.export) playbook writes it as a vars file.
  - Sections are read concurrently, each from its list (following the service's pagination to the end).
  - RV(applications) and RV(credentials) need the App Management credentials (O(mgmt_app_id) and
    O(mgmt_secret_key)); the other sections need the application's (O(app_id) and O(secret_key)).
  - Secrets are never returned. SCORM Cloud never gives back course packages and pipe passwords either; RV(left_out)
    says, per section, what the result cannot carry.
  - Applications and credentials are returned by name (SCORM Cloud assigns their ids, so a name applies to an empty
    account too); an id is kept only where the name is not unique.
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  include:
    description:
      - The sections to read. By default every section the given credentials can read.
      - A section named here whose credentials are missing fails the task before any request.
    type: list
    elements: str
    # BEGIN generated from the sections (tests/utils/sections.py)
    choices: [applications, credentials, destinations, courses, dispatches, public_invitations, xapi_credentials, xapi_pipes]
    # END generated
  details:
    description:
      - Whether to read what the lists do not carry, with a request per object; that costs a request per destination
        and per course.
      - A destination's C(hash_user_info) is returned only where it is on (off is the service's default), a course's
        C(settings) only where settings are set on the course itself.
    type: bool
    default: true
  query:
    description:
      - A JMESPath expression applied to the sections read, for one slice of a large account. Its result is
        returned in RV(query_result), instead of the sections.
      - For example V(destinations[?contains(tags, 'emea')].id).
    type: str
  concurrency:
    description:
      - How many requests are sent at once (sections are read side by side, and per-object details concurrently).
      - From 1 to 64.
    type: int
    default: 8
extends_documentation_fragment:
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.action_group
attributes:
  check_mode:
    description: Reads only; runs the same in check mode.
    support: full
  diff_mode:
    description: Changes nothing, so there is no diff.
    support: N/A
  idempotent:
    description: Reads only.
    support: full
requirements:
  - jmespath (for O(query))
seealso:
  - module: scorm.cloud.scorm_dispatch_destinations
    description: One kind, with O(scorm.cloud.scorm_dispatch_destinations#module:state=gathered).
"""

EXAMPLES = r"""
- name: Look at an account
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
      mgmt_app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_APP_ID') }}"
      mgmt_secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_MGMT_SECRET_KEY') }}"
  tasks:
    - name: Everything, in the shape of the account role's input
      scorm.cloud.scorm_account_info:
      register: account

    - name: Just the ids of the destinations tagged customer, without per-object reads
      scorm.cloud.scorm_account_info:
        include: [destinations]
        details: false
        query: "destinations[?contains(tags, 'customer')].id"
      register: customers

    - name: Show them
      ansible.builtin.debug:
        var: customers.query_result
"""

RETURN = r"""
# BEGIN generated from the sections (tests/utils/sections.py)
applications:
  description:
    - The applications, as the role's C(scorm_applications) takes them (the C(config) of
      M(scorm.cloud.scorm_applications)).
  returned: when read (with App Management credentials) and O(query) is not set
  type: list
  elements: dict
  sample: [{"name": "staging", "allow_delete": false}]
credentials:
  description:
    - The credentials, as the role's C(scorm_credentials) takes them (the C(config) of
      M(scorm.cloud.scorm_credentials)).
    - Without the secret of every credential (SCORM Cloud generates a new one when a credential is created).
  returned: when read (with App Management credentials) and O(query) is not set
  type: list
  elements: dict
  sample: [{"application": "2F3D8A6C1B", "name": "ci-deploy", "active": true}]
destinations:
  description:
    - The destinations, as the role's C(scorm_destinations) takes them (the C(config) of
      M(scorm.cloud.scorm_dispatch_destinations)).
  returned: when read and O(query) is not set
  type: list
  elements: dict
  sample: [{"id": "acme-lms", "name": "ACME Corporation LMS", "tags": ["customer"],
      "launch_auth": {"type": "cookies", "ip_address": false, "fingerprint": false, "expiry": 0,
                      "sliding_expiry": 0}}]
courses:
  description:
    - The courses, as the role's C(scorm_courses) takes them (the C(config) of M(scorm.cloud.scorm_courses)).
    - Without the package of every course (src or url; the service cannot give it back), so a course that does not
      exist is skipped, and so are the dispatches of it, until src or url is added.
  returned: when read and O(query) is not set
  type: list
  elements: dict
  sample: [{"id": "onboarding-101", "title": "Onboarding 101", "tags": ["hr", "onboarding"]}]
dispatches:
  description:
    - The dispatches, as the role's C(scorm_dispatches) takes them (the C(config) of
      M(scorm.cloud.scorm_dispatches)).
    - Without the postback of every dispatch (SCORM Cloud never returns it).
  returned: when read and O(query) is not set
  type: list
  elements: dict
  sample: [{"id": "globex-onboarding", "destination": "globex-moodle", "course": "onboarding-101", "enabled": true,
      "allow_new_registrations": true, "instanced": true, "registration_cap": 500,
      "expiration_date": "2027-12-31T00:00:00.000Z", "tags": ["globex"]}]
public_invitations:
  description:
    - The public invitations, as the role's C(scorm_public_invitations) takes them (the C(config) of
      M(scorm.cloud.scorm_public_invitations)).
    - Without the postback of every public invitation (its password is never returned).
  returned: when read and O(query) is not set
  type: list
  elements: dict
  sample: [{"name": "spring-campaign", "course": "onboarding-101", "allow_launch": true, "allow_new_registrations": true,
      "registration_cap": 500, "expiration_date": "", "tags": ["campaign"],
      "url": "https://cloud.scorm.com/invitation/launch/APPID/5c3a9e0d27b14f8e6a01"}]
xapi_credentials:
  description:
    - The xAPI credentials, as the role's C(scorm_xapi_credentials) takes them (the C(config) of
      M(scorm.cloud.scorm_xapi_credentials)).
    - Without the secret of every xAPI credential (a new one is generated when one is created; set secret to choose
      it).
  returned: when read and O(query) is not set
  type: list
  elements: dict
  sample: [{"id": "dashboards-readonly", "name": "Dashboards (read only)", "enabled": true, "auth": "BASICAUTH",
      "permissions_level": "READONLY"}]
xapi_pipes:
  description:
    - The pipes, as the role's C(scorm_xapi_pipes) takes them (the C(config) of M(scorm.cloud.scorm_xapi_pipes)).
    - Without source.password and target.password of every pipe (SCORM Cloud never returns them).
  returned: when read and O(query) is not set
  type: list
  elements: dict
  sample: [{"id": "to-company-lrs", "source": {"url": "https://cloud.scorm.com/lrs/APPID/statements", "user_name": "Xk3b9"},
      "target": {"url": "https://lrs.example.com/xapi/", "user_name": "scorm-cloud"}}]
# END generated
left_out:
  description: Per section read, what the result cannot carry (secrets, packages), in one sentence.
  returned: always
  type: dict
  sample: {"xapi_pipes": "source.password and target.password of every pipe (SCORM Cloud never returns them)"}
provenance:
  description:
    - Where the task read, and with which collection, for the provenance of reports and exports (the drift role's,
      the export's). It holds C(api_url), C(collection_version), and C(app_id) and C(mgmt_app_id) where the task used
      them; never a secret.
  returned: always
  type: dict
  sample: {"api_url": "https://cloud.scorm.com/api/v2", "app_id": "ABCDEF1234", "collection_version": "0.2.0"}
  version_added: 0.2.0
query_result:
  description: What O(query) selected.
  returned: when O(query) is set
  type: raw
  sample: ["acme-lms", "globex-moodle"]
"""

import traceback

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.scorm.cloud.plugins.module_utils._account import (
    KINDS,
    MGMT_SECTIONS,
    SECTIONS,
    read_account,
)
from ansible_collections.scorm.cloud.plugins.module_utils._common import MGMT_CREDENTIALS_HINT, ScormCloudModule
from ansible_collections.scorm.cloud.plugins.module_utils._engine import GATHERED

try:
    import jmespath

    JMESPATH_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - jmespath is a requirement of the collection
    jmespath = None
    JMESPATH_IMPORT_ERROR = traceback.format_exc()

ARGUMENT_SPEC = dict(
    include=dict(type="list", elements="str", choices=[name for name, kind in SECTIONS]),
    details=dict(type="bool", default=True),
    query=dict(type="str"),
    concurrency=dict(type="int", default=8),
)


def sections_to_read(module):
    params = module.params
    has_app = bool((params["app_id"] and params["secret_key"]) or params["access_token"])
    has_mgmt = bool(params["mgmt_app_id"] and params["mgmt_secret_key"])
    if params["include"] is None:
        return [name for name, kind in SECTIONS if (has_mgmt if kind.uses_mgmt else has_app)]
    missing = [name for name in params["include"] if name in MGMT_SECTIONS and not has_mgmt]
    if missing:
        module.fail_json(msg="%s need the App Management credentials: set %s, or leave them out of include." % (
            " and ".join(missing), MGMT_CREDENTIALS_HINT))
    return [name for name, kind in SECTIONS if name in params["include"]]


def main():
    module = ScormCloudModule(argument_spec=ARGUMENT_SPEC, scope_families=())
    if module.params["query"] is not None and jmespath is None:
        module.fail_json(msg=missing_required_lib("jmespath"), exception=JMESPATH_IMPORT_ERROR)
    sections = sections_to_read(module)
    if not sections:
        module.fail_json(msg="No SCORM Cloud credentials were given: set app_id and secret_key for the application's "
                             "sections, or mgmt_app_id and mgmt_secret_key for its applications and credentials.")
    # With auth_mode=oauth, each client's token carries the read scopes of the sections it reads.
    module.scope_families = tuple(sorted(set(KINDS[name].family for name in sections if not KINDS[name].uses_mgmt)))
    clients = {}
    if any(not KINDS[name].uses_mgmt for name in sections):
        clients["app"] = module.client
    if any(KINDS[name].uses_mgmt for name in sections):
        clients["mgmt"] = module.mgmt_client
    with module.api_errors():
        concurrency = module.params["concurrency"]
        account, left_out = read_account(clients, sections, lambda kind: module.task_for(
            kind, GATHERED, concurrency=concurrency), module.params["details"], concurrency)
    if module.params["query"] is not None:
        try:
            selected = jmespath.search(module.params["query"], account)
        except jmespath.exceptions.JMESPathError as exc:
            module.fail_json(msg="query is not a valid JMESPath expression: %s" % exc)
        module.exit_json(changed=False, query_result=selected, left_out=left_out, provenance=module.provenance(clients))
    module.exit_json(changed=False, left_out=left_out, provenance=module.provenance(clients), **account)


if __name__ == "__main__":
    main()
