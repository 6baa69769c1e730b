#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_xapi_pipe
short_description: Manage SCORM Cloud xAPI statement pipes
version_added: 0.1.0
description:
  - Creates, updates and deletes an xAPI statement pipe of a SCORM Cloud application. A pipe copies the xAPI
    statements of a source LRS into a target LRS, for example from SCORM Cloud's own LRS into your LRS or a
    personal data locker, from production into a sandbox application, or from a remote LRS into SCORM Cloud.
  - The pipe's identity is O(id), which you choose; the module creates or updates the pipe at that id.
  - Passwords are write-only; the module never reads them back (SCORM Cloud does not document returning them). They
    are not compared, never shown in the diff or in the result, and sent when the pipe is created, when
    O(update_password=always), and along with any other change to the pipe (so that the endpoint is stored whole).
  - Both URLs are checked before any request is sent. Each must be an absolute C(http) or C(https) URL with a
    host and without a user name or password in it (those belong in the C(user_name) and C(password) sub-options).
  - 'The module warns about the mistakes SCORM Cloud documents for Cloud-to-Cloud pipes. A pipe is Cloud-to-Cloud
    when the hosts of both URLs are C(cloud.scorm.com) or end in C(.scorm.com). Such a pipe must have a source URL
    whose path ends in C(/statements) and a target URL whose path does not (a trailing C(/) and the query string
    are ignored when checking). Pipes with at most one SCORM Cloud endpoint get no such warning.'
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  state:
    description:
      - V(present) makes the pipe exist with the given options; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - SCORM Cloud restarts a pipe from the beginning whenever it is updated, so the target LRS receives the statements
    already forwarded again. Every change, including a password sent with O(update_password=always), does that.
  - SCORM Cloud creates, updates and deletes pipes in the background. After creating one the module waits up to
    30 seconds for it to appear. An update while SCORM Cloud is processing the pipe fails (HTTP 409); run the task
    again later. Do not recreate a pipe at the id of one deleted moments before.
extends_documentation_fragment:
  - scorm.cloud.xapi_pipe
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
seealso:
  - module: scorm.cloud.scorm_xapi_credential
  - name: SCORM Cloud API v2 reference
    description: The xAPI statement pipe endpoints this module uses.
    link: https://cloud.scorm.com/docs/v2/reference/swagger/
"""

EXAMPLES = r"""
- name: Forward SCORM Cloud's statements to the company LRS
  scorm.cloud.scorm_xapi_pipe:
    id: to-company-lrs
    source:
      url: "https://cloud.scorm.com/lrs/{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}/statements"
      user_name: "{{ lrs_key.xapi_credential.id }}"
      password: "{{ lrs_key_secret }}"
    target:
      url: https://lrs.example.com/xapi/
      user_name: scorm-cloud-forwarder
      password: "{{ company_lrs_password }}"

- name: Point another pipe at a new target (the password given is sent along, nothing else changes)
  scorm.cloud.scorm_xapi_pipe:
    id: to-archive-lrs
    target:
      url: https://archive-lrs.example.com/xapi/
      password: "{{ archive_lrs_password }}"

- name: Change the target password
  scorm.cloud.scorm_xapi_pipe:
    id: to-company-lrs
    target:
      password: "{{ new_company_lrs_password }}"
    update_password: always

- name: Stop forwarding to a retired LRS
  scorm.cloud.scorm_xapi_pipe:
    id: to-legacy-lrs
    state: absent
"""

RETURN = r"""
pipe:
  description:
    - The pipe after the task, without passwords. In check mode, the predicted pipe. V(null) when it does not exist.
  returned: always
  type: dict
  contains:
    id:
      description: The pipe ID.
      type: str
      sample: to-company-lrs
    source:
      description: The source endpoint (url and user_name).
      type: dict
      sample: {"url": "https://cloud.scorm.com/lrs/APPID/statements", "user_name": "Xk3b9"}
    target:
      description: The target endpoint (url and user_name).
      type: dict
      sample: {"url": "https://lrs.example.com/xapi/", "user_name": "scorm-cloud-forwarder"}
    last_forwarded_statement_date:
      description: When the pipe last forwarded a statement, as SCORM Cloud reports it; V(null) before the first.
      type: str
      sample: "2026-01-02T03:04:05.000Z"
    attempts:
      description: How many times SCORM Cloud has tried to forward since the pipe was last (re)started.
      type: int
      sample: 0
diff:
  description: The pipe before and after the task (diff mode only), without passwords. V({}) stands for "does not
    exist". A password that will be sent shows as C(********).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The pipe before the task.
      type: dict
    after:
      description: The pipe after the task.
      type: dict
"""


from ansible_collections.scorm.cloud.plugins.module_utils._common import run_single_module
from ansible_collections.scorm.cloud.plugins.module_utils._xapi_pipes import PIPES


def main():
    run_single_module(PIPES)


if __name__ == "__main__":
    main()
