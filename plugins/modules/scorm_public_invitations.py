#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_public_invitations
short_description: Manage all public invitations of a SCORM Cloud application in one task
version_added: 0.2.0
description:
  - Reconciles a list of public invitations in one task, from one read of the application's invitation list (and of
    each invitation's tags, which hold their names). It is the list module of M(scorm.cloud.scorm_public_invitation),
    with the same options per item.
  - Only the options an item sets are compared and changed. O(state=overridden) also closes the open invitations that
    O(config) does not list; O(state=deleted) closes the listed ones; O(state=gathered) returns the open invitations in
    the shape of O(config). SCORM Cloud cannot delete an invitation, so a closed one (no launch, no new
    registrations) counts as gone.
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - scorm.cloud.public_invitation.config
  - scorm.cloud.scorm_cloud.list
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_public_invitation
    description: One invitation per task.
  - module: scorm.cloud.scorm_account_info
    description: Read every kind of object of an account at once.
"""

EXAMPLES = r"""
- name: Public invitations as code
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: A course the invitations open
      scorm.cloud.scorm_course:
        id: onboarding-101
        title: Onboarding 101
        src: "{{ playbook_dir }}/files/onboarding-101.zip"

    - name: The open links of the onboarding course
      scorm.cloud.scorm_public_invitations:
        config:
          - name: spring-campaign
            course: onboarding-101
            creating_user_email: lms-admin@example.com
            registration_cap: 500
          - name: partners
            course: onboarding-101
            creating_user_email: lms-admin@example.com
            allow_new_registrations: false
      register: invitations

    - name: Show what was planned for each invitation
      ansible.builtin.debug:
        var: invitations.summary

    - name: Read every open invitation, in the shape config takes
      scorm.cloud.scorm_public_invitations:
        state: gathered
      register: live

    - name: Keep exactly these invitations open; close every other one
      scorm.cloud.scorm_public_invitations:
        config: "{{ live.gathered }}"
        state: overridden
"""

RETURN = r"""
public_invitations:
  description:
    - The declared public invitations after the task, in the order of O(config) and the shape of its items.
    - The planned state (predicted in check mode); the module does not read them back after writing.
    - Without the write-only postback.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample: [{"name": "spring-campaign", "course": "onboarding-101", "allow_launch": true, "allow_new_registrations": true,
            "registration_cap": 500, "expiration_date": "", "tags": ["campaign"], "creating_user_email": null,
            "url": "https://cloud.scorm.com/invitation/launch/APPID/5c3a9e0d27b14f8e6a01"}]
actions:
  description:
    - One entry per public invitation the task planned for (every declared one, and every one O(state=overridden) deletes),
      with what was (in check mode, would be) done.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    id:
      description: The invitation ID (V(null) for one that is still to be created).
      type: str
      sample: 5c3a9e0d27b14f8e6a01
    name:
      description: The invitation's name, its identity.
      type: str
    action:
      description: V(create), V(update), V(delete) or V(none).
      type: str
      sample: update
    fields:
      description: The options that change.
      type: list
      elements: str
      returned: when the action is not V(none)
    before:
      description: The public invitation before the task; V({}) when it did not exist.
      type: dict
      returned: when the action is not V(none)
    after:
      description: The public invitation after the task; V({}) when it is deleted.
      type: dict
      returned: when the action is not V(none)
    error:
      description: Why this public invitation could not be reconciled.
      type: str
      returned: when it failed
summary:
  description: How many public invitations were created, updated, deleted, left unchanged and failed.
  returned: unless O(state=gathered)
  type: dict
  sample: {"create": 1, "update": 0, "delete": 0, "unchanged": 12, "failed": 0}
gathered:
  description: Every public invitation of the application, in the shape of O(config) (unset values left out; closed ones count as gone).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{"name": "spring-campaign", "course": "onboarding-101", "allow_launch": true, "allow_new_registrations": true,
            "registration_cap": 500, "expiration_date": "", "tags": ["campaign"],
            "url": "https://cloud.scorm.com/invitation/launch/APPID/5c3a9e0d27b14f8e6a01"}]
diff:
  description: One before/after pair per public invitation that changes (diff mode only).
  returned: when diff mode is on
  type: list
  elements: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_list_module
from ansible_collections.scorm.cloud.plugins.module_utils._public_invitations import PUBLIC_INVITATIONS


def main():
    run_list_module(PUBLIC_INVITATIONS)


if __name__ == "__main__":
    main()
