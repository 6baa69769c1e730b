#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_dispatch
short_description: Manage SCORM Cloud dispatches, and hand over their packages
version_added: 0.1.0
description:
  - Creates, updates and deletes a dispatch of a SCORM Cloud application. A dispatch delivers a course to a
    destination (a client's LMS), which imports the dispatch's package and launches the course through it. Teams
    enable, disable, cap and expire dispatches per client.
  - Only the options you set are compared and changed; an option you leave out keeps its current value.
  - With O(package_dest), the module also writes the dispatch's SCORM 1.2 zip to a file, for handing over to the
    client.
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(present) makes the dispatch exist with the given options; V(absent) deletes it (with its registrations).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scorm.cloud.dispatch
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_dispatches
    description: Many dispatches in one task, from one read of the list.
  - module: scorm.cloud.scorm_dispatch_destination
  - module: scorm.cloud.scorm_course
"""

EXAMPLES = r"""
- name: Deliver courses to a client
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
  tasks:
    - name: Globex's LMS receives the onboarding course, for up to 500 learners until the end of 2027
      scorm.cloud.scorm_dispatch:
        id: globex-onboarding
        destination: globex-moodle
        course: onboarding-101
        registration_cap: 500
        expiration_date: "2027-12-31"
        tags: [globex]
        package_dest: "{{ playbook_dir }}/globex-onboarding.zip"
      register: globex

    - name: Show the package to send to Globex
      ansible.builtin.debug:
        msg: "{{ globex.package.path }} (sha256 {{ globex.package.sha256 }})"

    - name: The safety course is dispatched too, but not open to learners yet
      scorm.cloud.scorm_dispatch:
        id: globex-safety
        destination: globex-moodle
        course: safety-201
        enabled: false
        allow_new_registrations: false
"""

RETURN = r"""
dispatch:
  description:
    - The dispatch after the task, in the shape of the module's options, so it can be fed back as input (without the
      write-only O(postback)). In check mode, the predicted dispatch. V(null) when it does not exist.
  returned: always
  type: dict
  contains:
    id:
      description: The dispatch ID.
      type: str
      sample: acme-onboarding
    destination:
      description: The destination's ID.
      type: str
      sample: acme-lms
    course:
      description: The course's ID.
      type: str
      sample: onboarding-101
    enabled:
      description: Whether learners can launch it.
      type: bool
      sample: true
    allow_new_registrations:
      description: Whether new learners may register.
      type: bool
      sample: true
    instanced:
      description: Whether a new launch after completion makes a new registration instance.
      type: bool
      sample: true
    registration_cap:
      description: The most registrations it accepts (V(0) for no limit).
      type: int
      sample: 500
    expiration_date:
      description: When it expires, in UTC with milliseconds; V("") for never.
      type: str
      sample: "2027-12-31T00:00:00.000Z"
    tags:
      description: Tags, sorted.
      type: list
      elements: str
      sample: [acme]
    email:
      description: Contact e-mail address.
      type: str
    notes:
      description: Notes.
      type: str
    registration_count:
      description: How many registrations it has (as the service counts them; not in check mode for a new one).
      type: int
      sample: 12
    created:
      description: When it was created.
      type: str
    updated:
      description: When it was last updated.
      type: str
package:
  description: The package file written for O(package_dest).
  returned: when O(package_dest) is set and the dispatch exists
  type: dict
  contains:
    path:
      description: The file.
      type: str
      sample: /srv/handover/acme-onboarding.zip
    sha256:
      description: The SHA-256 of the file (V(null) in check mode for a file not written yet).
      type: str
      sample: 5f2b4a0c1e0f9f7f3c8f3d7c6b1e9a4f6b8e0d2c4a6e8f0b2d4f6a8c0e2b4d6f
    changed:
      description: Whether the file was (in check mode, would be) written by this run.
      type: bool
      sample: true
diff:
  description: The dispatch before and after the task (diff mode only), without the postback. V({}) stands for "does
    not exist". A postback that will be sent shows as C(********).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The dispatch before the task.
      type: dict
    after:
      description: The dispatch after the task.
      type: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_single_module
from ansible_collections.scorm.cloud.plugins.module_utils._dispatches import DISPATCHES


def main():
    run_single_module(DISPATCHES)


if __name__ == "__main__":
    main()
