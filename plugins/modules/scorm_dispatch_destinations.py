#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_dispatch_destinations
short_description: Manage all dispatch destinations of a SCORM Cloud application in one task
version_added: 0.1.0
description:
  - Reconciles a list of dispatch destinations in one task, from one read of the application's destination list.
    It is the list module of M(scorm.cloud.scorm_dispatch_destination), with the same options per item.
  - Only the options an item sets are compared and changed. O(state=overridden) also deletes the destinations that
    O(config) does not list; O(state=gathered) returns the live destinations in the shape of O(config).
  - New destinations are created with one request per 100 (the API takes a list), and added tags with one request
    per group of destinations that gain the same tags.
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - scorm.cloud.destination.config
  - scorm.cloud.scorm_cloud.list
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_dispatch_destination
    description: One destination per task.
  - module: scorm.cloud.scorm_account_info
    description: Read every kind of object of an account at once.
"""

EXAMPLES = r"""
- name: Destinations as code
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: Every client LMS has a destination
      scorm.cloud.scorm_dispatch_destinations:
        config:
          - id: acme-lms
            name: ACME Corporation LMS
            email: lms-admin@acme.example
            tags: [customer, emea]
          - id: globex-moodle
            name: Globex Moodle
            launch_auth:
              type: vault
              expiry: 3600
      register: destinations

    - name: Show what was planned for each destination
      ansible.builtin.debug:
        var: destinations.summary

    - name: Read every destination, in the shape config takes
      scorm.cloud.scorm_dispatch_destinations:
        state: gathered
      register: live

    - name: Keep exactly the declared destinations (and one legacy destination that is never deleted)
      scorm.cloud.scorm_dispatch_destinations:
        config: "{{ live.gathered }}"
        state: overridden
        protect: [legacy-lms]
"""

RETURN = r"""
destinations:
  description:
    - The declared destinations after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "acme-lms", "name": "ACME Corporation LMS", "email": "lms-admin@acme.example", "notes": null,
            "tags": ["customer", "emea"],
            "launch_auth": {"type": "cookies", "ip_address": false, "fingerprint": false, "expiry": 0,
                            "sliding_expiry": 0}}]
actions:
  description:
    - One entry per destination the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    id:
      description: The destination ID.
      type: str
      sample: acme-lms
    action:
      description: V(create), V(update), V(delete) or V(none).
      type: str
      sample: update
    fields:
      description: The options that change.
      type: list
      elements: str
      returned: when the action is not V(none)
      sample: [name, tags]
    before:
      description: The destination before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The destination after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this destination could not be reconciled.
      type: str
      returned: when it failed
summary:
  description: How many destinations were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every destination of the application, in the shape of O(config) (unset values left out).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"id": "acme-lms", "name": "ACME Corporation LMS", "tags": ["customer"],
            "launch_auth": {"type": "cookies", "ip_address": false, "fingerprint": false, "expiry": 0,
                            "sliding_expiry": 0}}]
diff:
  description: One before/after pair per destination that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_list_module
from ansible_collections.scorm.cloud.plugins.module_utils._destinations import DESTINATIONS


def main():
    run_list_module(DESTINATIONS)


if __name__ == "__main__":
    main()
