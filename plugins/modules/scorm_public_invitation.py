#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_public_invitation
short_description: Manage SCORM Cloud public invitations
version_added: 0.2.0
description:
  - Creates, updates and closes a public invitation of a SCORM Cloud application. A public invitation is a link to a
    course that anyone can open to register and launch it, with a registration cap and an expiry date.
  - SCORM Cloud assigns invitation ids, so an invitation is known by O(name), which the module keeps in a tag.
  - SCORM Cloud cannot delete an invitation. O(state=absent) closes it (no launch, no new registrations), and a closed
    invitation counts as gone. Declared again, it opens again.
  - Only the options you set are compared and changed; an option you leave out keeps its current value.
  - Private invitations are not managed. They send e-mails and create billable registrations, so they are operations
    rather than configuration.
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(present) makes the invitation exist, with the given options; V(absent) closes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - scorm.cloud.public_invitation
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_public_invitations
    description: Many invitations in one task, from one read of the list.
  - name: SCORM Cloud API v2 reference
    description: The invitation endpoints this module uses.
    link: https://cloud.scorm.com/docs/v2/reference/swagger/
"""

EXAMPLES = r"""
- name: Configure every scorm.cloud task of the play once
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

    - name: An open link to the onboarding course, for the spring campaign
      scorm.cloud.scorm_public_invitation:
        name: spring-campaign
        course: onboarding-101
        creating_user_email: lms-admin@example.com
        registration_cap: 500
        expiration_date: "2027-06-30"
        tags: [campaign]
      register: invitation

    - name: Show the link
      ansible.builtin.debug:
        var: invitation.public_invitation.url

    - name: No new learners, while the registered ones can still launch it
      scorm.cloud.scorm_public_invitation:
        name: spring-campaign
        allow_new_registrations: false

    - name: Close the link of last year's campaign (declared again, it would open again)
      scorm.cloud.scorm_public_invitation:
        name: autumn-campaign-2026
        state: absent
"""

RETURN = r"""
public_invitation:
  description:
    - The invitation after the task, in the shape of the module's options, so it can be fed back as input; without
      the write-only postback.
    - In check mode, the predicted invitation. V(null) when it does not exist or is closed.
  returned: always
  type: dict
  contains:
    id:
      description: The invitation ID, which SCORM Cloud assigns (V(null) in check mode for one still to be created).
      type: str
      sample: 5c3a9e0d27b14f8e6a01
    name:
      description: The invitation's name.
      type: str
      sample: spring-campaign
    course:
      description: The ID of the course it opens.
      type: str
      sample: onboarding-101
    allow_launch:
      description: Whether learners can launch it.
      type: bool
      sample: true
    allow_new_registrations:
      description: Whether new learners can register.
      type: bool
      sample: true
    registration_cap:
      description: The most registrations it accepts; V(0) for no limit.
      type: int
      sample: 500
    expiration_date:
      description: When it expires (UTC, milliseconds); V("") for never.
      type: str
      sample: "2027-06-30T00:00:00.000Z"
    tags:
      description: Tags, sorted, without the one that holds the name.
      type: list
      elements: str
      sample: [campaign]
    url:
      description: The invitation's link (V(null) in check mode for one still to be created).
      type: str
      sample: https://cloud.scorm.com/invitation/launch/APPID/5c3a9e0d27b14f8e6a01
diff:
  description: The invitation before and after the task (diff mode only). V({}) stands for "does not exist".
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The invitation before the task.
      type: dict
    after:
      description: The invitation after the task.
      type: dict
"""

from ansible_collections.scorm.cloud.plugins.module_utils._common import run_single_module
from ansible_collections.scorm.cloud.plugins.module_utils._public_invitations import PUBLIC_INVITATIONS


def main():
    run_single_module(PUBLIC_INVITATIONS)


if __name__ == "__main__":
    main()
