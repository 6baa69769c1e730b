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
  id:
    description:
      - The pipe ID. You choose it; it is the pipe's identity.
    type: str
    required: true
  source:
    description:
      - The LRS the pipe reads statements from. Required to create a pipe.
      - Sub-options you leave out keep their current values.
    type: dict
    suboptions:
      url:
        description:
          - The source LRS endpoint. Required to create a pipe.
          - For SCORM Cloud's own LRS, the application's endpoint ending in C(/statements), for example
            V(https://cloud.scorm.com/lrs/APPID/statements).
        type: str
      user_name:
        description:
          - The user name (for SCORM Cloud's LRS, the id of an xAPI credential; see M(scorm.cloud.scorm_xapi_credential)).
        type: str
      password:
        description:
          - The password (for SCORM Cloud's LRS, the xAPI credential's secret). Write-only; see O(update_password).
        type: str
  target:
    description:
      - The LRS the pipe writes statements to. Required to create a pipe.
      - Sub-options you leave out keep their current values.
    type: dict
    suboptions:
      url:
        description:
          - The target LRS endpoint, for example V(https://lrs.example.com/xapi/). Required to create a pipe.
        type: str
      user_name:
        description:
          - The user name to write to the target LRS with.
        type: str
      password:
        description:
          - The password to write to the target LRS with. Write-only; see O(update_password).
        type: str
  update_password:
    description:
      - V(on_create) sends the passwords only when the pipe is created (or changed for another reason), so a re-run
        with the same declaration changes nothing.
      - V(always) sends them on every run, which reports a change every time. Use it once to change a password.
    type: str
    choices: [always, on_create]
    default: on_create
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

from ansible.module_utils.six.moves.urllib.parse import quote, urlsplit

from ansible_collections.scorm.cloud.plugins.module_utils.client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils.common import ScormCloudModule
from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import (
    CREATE,
    DELETE,
    DICT,
    SECRET,
    DesiredStateError,
    Field,
    Resource,
)

ENDPOINT_OPTIONS = dict(
    url=dict(type="str"),
    user_name=dict(type="str"),
    password=dict(type="str", no_log=True),
)

ARGUMENT_SPEC = dict(
    id=dict(type="str", required=True),
    source=dict(type="dict", options=ENDPOINT_OPTIONS),
    target=dict(type="dict", options=ENDPOINT_OPTIONS),
    update_password=dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

ENDPOINTS = ("source", "target")
PIPES_PATH = "/xapi/statementPipes"
EXAMPLE_URL = "https://lrs.example.com/xapi/"
VISIBLE_TIMEOUT = 30.0  # seconds to wait for a pipe SCORM Cloud creates in the background


def url_problem(url):
    """What is wrong with ``url`` as an LRS endpoint, phrased to follow "source.url", or None when nothing is."""
    example = ", as in %s" % EXAMPLE_URL
    if any(char.isspace() for char in url):
        return "must not contain whitespace"
    try:
        parts = urlsplit(url)
        parts.port  # pylint: disable=pointless-statement  # raises ValueError for a port that is not a number
    except ValueError:
        return "must be a valid URL" + example
    if parts.scheme.lower() not in ("http", "https"):
        return "must start with http:// or https://" + example
    if not parts.hostname:
        return "must include a host" + example
    if parts.username is not None or parts.password is not None:
        return "must not contain a user name or password; set user_name and password instead"
    return None


def password_in_url(url):
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def is_scorm_cloud(url):
    host = (urlsplit(url).hostname or "").lower()
    return host == "cloud.scorm.com" or host.endswith(".scorm.com")


def ends_in_statements(url):
    return urlsplit(url).path.rstrip("/").endswith("/statements")


def cloud_to_cloud_warnings(source_url, target_url):
    """The mistakes SCORM Cloud documents for Cloud-to-Cloud pipes, as warnings (empty for any other pipe)."""
    if not (source_url and target_url and is_scorm_cloud(source_url) and is_scorm_cloud(target_url)):
        return []
    warnings = []
    if not ends_in_statements(source_url):
        warnings.append("source.url of a Cloud-to-Cloud pipe should end in /statements, as SCORM Cloud documents "
                        "(for example https://cloud.scorm.com/lrs/APPID/statements), but it is %s." % source_url)
    if ends_in_statements(target_url):
        warnings.append("target.url of a Cloud-to-Cloud pipe should not end in /statements, as SCORM Cloud documents "
                        "(for example https://cloud.scorm.com/lrs/APPID/), but it is %s." % target_url)
    return warnings


def endpoint_to_api(endpoint, password):
    body = {"url": endpoint.get("url")}
    if endpoint.get("user_name") is not None:
        body["userName"] = endpoint["user_name"]
    if password is not None:
        body["password"] = password
    return body


def endpoint_from_api(data):
    if not data:
        return None
    return {"url": data.get("url"), "user_name": data.get("userName")}


class Pipe(Resource):
    kind = "pipe"
    fields = (
        Field("source", kind=DICT),
        Field("target", kind=DICT),
        Field("source_password", kind=SECRET),
        Field("target_password", kind=SECRET),
    )

    def __init__(self, client, pipe_id, warn):
        self.client = client
        self.pipe_id = pipe_id
        self.warn = warn
        self.path = "%s/%s" % (PIPES_PATH, quote(pipe_id, safe=""))

    def identity(self):
        return {"id": self.pipe_id}

    def desired_from_params(self, params):
        """Each endpoint's password becomes a write-only field of its own; URLs are checked before any request."""
        desired = {}
        for name in ENDPOINTS:
            endpoint = params.get(name)
            if endpoint is None:
                desired[name] = desired[name + "_password"] = None
                continue
            if endpoint.get("url") is not None and params.get("state") != "absent":
                problem = url_problem(endpoint["url"])
                if problem:
                    raise DesiredStateError("Nothing was sent: %s.url %s." % (name, problem))
            desired[name] = {"url": endpoint.get("url"), "user_name": endpoint.get("user_name")}
            desired[name + "_password"] = endpoint.get("password")
        return desired

    def check_plan(self, action, current, desired):
        if action == CREATE:
            missing = ["%s.url" % name for name in ENDPOINTS if not (desired[name] or {}).get("url")]
            if missing:
                raise DesiredStateError("Pipe %s does not exist yet; set %s to create it." % (
                    self.pipe_id, " and ".join(missing)))
        if action != DELETE and (current is not None or action == CREATE):
            # The URLs the pipe will have: the declared ones, else the current ones.
            urls = [(desired[name] or {}).get("url") or ((current or {}).get(name) or {}).get("url") for name in ENDPOINTS]
            for warning in cloud_to_cloud_warnings(*urls):
                self.warn(warning)

    def read(self):
        data = self.client.get_or_none(self.path)
        if data is None:
            return None
        return {
            "id": self.pipe_id,
            "source": endpoint_from_api(data.get("source")),
            "target": endpoint_from_api(data.get("target")),
            "last_forwarded_statement_date": data.get("lastForwardedStatementDate"),
            "attempts": data.get("attempts"),
        }

    def create(self, values):
        self._put(values, values)
        self._wait_until_visible()

    def update(self, current, changes, desired):
        # Send both endpoints whole, with the declared passwords: what the service keeps of an endpoint it is not
        # sent, or of a password left out, is undocumented.
        values = dict(current, **changes)
        passwords = dict((name, desired.get(name)) for name in ("source_password", "target_password"))
        try:
            self._put(values, passwords)
        except ScormCloudError as exc:
            if exc.status != 409:
                raise
            raise DesiredStateError("SCORM Cloud is processing pipe %s right now (409), so it was not changed; run the "
                                    "task again later." % self.pipe_id)

    def delete(self, current):
        try:
            self.client.request("DELETE", self.path)
        except ScormCloudError as exc:
            # Deletion happens in the background: a pipe already on its way out is fine.
            if exc.status != 404:
                raise

    def _put(self, values, passwords):
        body = dict((name, endpoint_to_api(values[name], passwords.get(name + "_password")))
                    for name in ENDPOINTS if values.get(name))
        self.client.request("PUT", self.path, json=body)

    def _wait_until_visible(self):
        if self.client.wait_for(lambda: self.client.get_or_none(self.path), VISIBLE_TIMEOUT, 0.5, 5.0) is None:
            self.warn("SCORM Cloud accepted pipe %s but does not show it yet; it is created in the background."
                      % self.pipe_id)


def main():
    module = ScormCloudModule(argument_spec=ARGUMENT_SPEC, scope_families=("xapipipe",))
    for name in ENDPOINTS:
        # A password written into a URL is refused, and must not be echoed with the module's arguments either.
        secret = password_in_url((module.params[name] or {}).get("url") or "")
        if secret:
            module.no_log_values.add(secret)
    module.reconcile_and_exit(Pipe(module.client, module.params["id"], module.warn))


if __name__ == "__main__":
    main()
