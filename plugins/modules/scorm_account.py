#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_account
short_description: Make a whole SCORM Cloud account match its declared sections, in one task
version_added: 0.1.0
description:
  - Reconciles every declared section of an account in one module run, the way its list module reconciles one
    section (same options per item, same rules), which is what the P(scorm.cloud.account#role) role runs.
  - Sections that depend on no other (applications, destinations, courses, xAPI credentials, xAPI pipes) are read,
    planned and written side by side; credentials and dispatches follow, once the applications, courses and
    destinations they refer to exist. When a section fails, the sections of the next stage are not reconciled.
  - A section that is left out is not read or written at all. Applications and credentials use the App Management
    credentials; the other sections the application's.
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(merged) makes every declared object exist as declared and leaves other objects alone.
      - V(overridden) also deletes, in each declared section, the objects the section does not list, except those in
        O(protect), the applications and keys this task authenticates with, and applications whose deletion
        protection is on.
    type: str
    choices: [merged, overridden]
    default: merged
  protect:
    description:
      - Ids or names of objects that O(state=overridden) never deletes.
    type: list
    elements: str
    default: []
  purge_refused:
    description:
      - What O(state=overridden) does about an object it would delete while a declared or kept object refers to it,
        such as a destination or course that a dispatch delivers, an xAPI credential that a pipe authenticates with, the
        application of a declared credential. Kept objects are the undeclared ones it does not delete, and the live
        objects of sections the task does not declare (read only when such a delete is planned).
      - V(fail) fails the task before anything is written, with one sentence naming both objects, in check mode too.
      - V(keep) keeps those objects (each action says why, under C(skipped)) and reconciles everything else.
    type: str
    choices: [fail, keep]
    default: fail
    version_added: 0.2.0
  concurrency:
    description:
      - How many requests each section sends at once (sections of a stage run side by side). From 1 to 64.
    type: int
    default: 8
  purge_tags:
    description:
      - Whether tags that an item's C(tags) does not list are removed (destinations, courses, dispatches).
    type: bool
    default: true
  update_password:
    description:
      - V(on_create) sends write-only secrets (pipe passwords, a dispatch's postback, xAPI secrets) only when the
        object is created; V(always) on every run, which then reports a change.
    type: str
    choices: [always, on_create]
    default: on_create
  wait:
    description:
      - Whether to wait for the import jobs of courses.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the import jobs of courses, from 0 to 86400.
    type: int
    default: 300
extends_documentation_fragment:
  # BEGIN generated from the sections (tests/utils/sections.py)
  - scorm.cloud.application.section
  - scorm.cloud.credential.section
  - scorm.cloud.destination.section
  - scorm.cloud.course.section
  - scorm.cloud.dispatch.section
  - scorm.cloud.public_invitation.section
  - scorm.cloud.xapi_credential.section
  - scorm.cloud.xapi_pipe.section
  # END generated
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_account_info
    description: Read an account in the shape this module takes.
  - module: scorm.cloud.scorm_dispatch_destinations
    description: One section, with the states merged, overridden, deleted and gathered.
"""

EXAMPLES = r"""
- name: An account as code, in one task
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: Destinations, the course they receive, and the dispatches joining them
      scorm.cloud.scorm_account:
        destinations:
          - id: acme-lms
            name: ACME Corporation LMS
          - id: globex-moodle
            name: Globex Moodle
        courses:
          - id: onboarding-101
            src: "{{ playbook_dir }}/files/onboarding-101.zip"
        dispatches:
          - id: acme-onboarding
            destination: acme-lms
            course: onboarding-101
      register: account

    - name: What each section did
      ansible.builtin.debug:
        msg: "{{ account.sections | dict2items | map(attribute='value.summary') | list }}"
"""

RETURN = r"""
sections:
  description:
    - Per declared section, what its list module returns except the list of all objects (C(changed), C(actions) and
      C(summary)), for example C(sections.destinations.summary).
  returned: always
  type: dict
  contains:
    destinations:
      description: The result of the destinations, as M(scorm.cloud.scorm_dispatch_destinations) returns it.
      type: dict
      returned: when declared
      sample: {"changed": false, "summary": {"create": 0, "update": 0, "delete": 0, "unchanged": 2, "failed": 0,
               "protected": 0}, "actions": [{"id": "acme-lms", "action": "none"}]}
  sample: {"destinations": {"changed": false, "summary": {"unchanged": 2}}}
provenance:
  description:
    - Where the task read, and with which collection, for the provenance of reports and exports (the drift role's,
      the export's). It holds C(api_url), C(collection_version), and C(app_id) and C(mgmt_app_id) where the task used
      them; never a secret.
  returned: always
  type: dict
  sample: {"api_url": "https://cloud.scorm.com/api/v2", "app_id": "ABCDEF1234", "collection_version": "0.2.0"}
  version_added: 0.2.0
diff:
  description: One before/after pair per object that changes, in every section (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._account import KINDS, SECTIONS, NotWritten, reconcile_account
from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._common import UPDATE_PASSWORD_SPEC, ScormCloudModule
from ansible_collections.scorm.cloud.plugins.module_utils._engine import DEFAULT_CONCURRENCY, ItemsFailed, failure_message


def argument_spec():
    spec = dict((name, dict(type="list", elements="dict", options=kind.item_spec(), **kind.item_rules))
                for name, kind in SECTIONS)
    spec.update(
        state=dict(type="str", default="merged", choices=["merged", "overridden"]),
        protect=dict(type="list", elements="str", default=[]),
        purge_refused=dict(type="str", default="fail", choices=["fail", "keep"]),
        concurrency=dict(type="int", default=DEFAULT_CONCURRENCY),
        purge_tags=dict(type="bool", default=True),
        update_password=dict(UPDATE_PASSWORD_SPEC),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
    )
    return spec


def main():
    module = ScormCloudModule(argument_spec=argument_spec(), scope_families=())
    params = module.params
    declared = dict((name, params[name]) for name, kind in SECTIONS if params[name] is not None)
    for name, items in declared.items():
        for item in items:
            module.no_log_values.update(value for value in KINDS[name].log_secrets(item) if value)
    # With auth_mode=oauth, the application's token carries the scopes of the sections it reconciles.
    module.scope_families = tuple(sorted(set(KINDS[name].family for name in declared if not KINDS[name].uses_mgmt)))
    module.read_families = tuple(sorted(set(family for name in declared if not KINDS[name].uses_mgmt
                                            for family in KINDS[name].reads_families)))
    clients = {}
    if any(not KINDS[name].uses_mgmt for name in declared):
        clients["app"] = module.client
    if any(KINDS[name].uses_mgmt for name in declared):
        clients["mgmt"] = module.mgmt_client

    tasks = dict((name, module.task_for(KINDS[name], params["state"], protect=params["protect"],
                                        concurrency=params["concurrency"])) for name in declared)
    with module.api_errors():
        outcomes = reconcile_account(clients, declared, tasks.get, keep_refused=params["purge_refused"] == "keep")

    sections, failures, diff = {}, [], []
    for name, kind in SECTIONS:
        if name not in declared:
            continue
        outcome = outcomes.get(name)
        if outcome is None:
            failures.append("%s: not reconciled, because another section failed first." % name)
            continue
        if isinstance(outcome, NotWritten):
            failures.append("%s: not reconciled, because another section failed first." % name)
            result = module.list_result(kind, outcome.records, tasks[name], written=False)
        elif isinstance(outcome, ItemsFailed):
            failures.append("%s: %s" % (name, failure_message(kind, outcome.records, outcome.before_writes)))
            result = module.list_result(kind, outcome.records, tasks[name], written=not outcome.before_writes)
        elif isinstance(outcome, Exception):
            failures.append("%s: %s" % (name, module.describe_error(outcome) if isinstance(outcome, ScormCloudError)
                                        else outcome))
            continue
        else:
            result = module.list_result(kind, outcome, tasks[name])
        diff.extend(result.pop("diff", []))
        # The objects themselves are in actions where they change; the full list would double a large result.
        result.pop(kind.plural, None)
        sections[name] = result
    changed = any(result["changed"] for result in sections.values())
    extra = {"diff": diff} if module._diff else {}
    extra["provenance"] = module.provenance(clients)
    if failures:
        module.fail_json(msg=" ".join(failures), changed=changed, sections=sections, **extra)
    module.exit_json(changed=changed, sections=sections, **extra)


if __name__ == "__main__":
    main()
