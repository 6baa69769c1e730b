# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""xAPI statement pipes: statements forwarded from one LRS to another."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    CREATE,
    DELETE,
    DICT,
    SECRET,
    DesiredStateError,
    Field,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import STR, Obj

ENDPOINT_OPTIONS = dict(
    url=dict(type="str"),
    user_name=dict(type="str"),
    password=dict(type="str", no_log=True),
)
ENDPOINTS = ("source", "target")
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


ENDPOINT_SHAPE = Obj({"url": STR, "userName": STR})


def endpoint_from_api(data):
    if not data:
        return None
    return {"url": data.get("url"), "user_name": data.get("userName")}


class Pipes(Kind):
    name = "pipe"
    plural = "xapi_pipes"
    modules = ("scorm_xapi_pipe", "scorm_xapi_pipes")
    doc_fragment = "xapi_pipe"
    noun = "pipe"
    family = "xapipipe"
    path = "/xapi/statementPipes"
    list_key = "xapiStatementPipes"
    paged = False
    fields = (
        Field("source", kind=DICT, options=ENDPOINT_OPTIONS, api="source", read=endpoint_from_api, shape=ENDPOINT_SHAPE),
        Field("target", kind=DICT, options=ENDPOINT_OPTIONS, api="target", read=endpoint_from_api, shape=ENDPOINT_SHAPE),
        # Each endpoint's password is write-only (the service never shows it): a field of its own, never compared.
        Field("source_password", kind=SECRET, option=False),
        Field("target_password", kind=SECRET, option=False),
        Field("last_forwarded_statement_date", api="lastForwardedStatementDate", output=True),
        Field("attempts", type="int", api="attempts", output=True),
    )
    item_options = {"id": dict(type="str", required=True)}
    references = (("source", "xapi_credentials"), ("target", "xapi_credentials"))
    left_out = "source.password and target.password of every pipe (SCORM Cloud never returns them)"

    def log_secrets(self, item):
        # A password written into a URL is refused, and must not be echoed with the module's arguments either.
        return [password_in_url((item.get(name) or {}).get("url") or "") for name in ENDPOINTS]

    def refers_to(self, record):
        """The xAPI credentials the pipe uses: an endpoint at a SCORM Cloud LRS (a path with /lrs/) whose user_name
        is the id of an xAPI credential (as declared, else as it is)."""
        found = []
        for name in ENDPOINTS:
            declared = (record.item or {}).get(name) or {}
            current = (record.current or {}).get(name) or {}
            url = declared.get("url") or current.get("url") or ""
            user = declared.get("user_name") or current.get("user_name")
            if user and "/lrs/" in urlsplit(url).path:
                found.append(("xapi_credentials", user))
        return found

    def live_referrers(self, client, section, keys, task):
        if section != "xapi_credentials":
            return None
        return [obj for objects, _more, _total in self.pages(client, task) for obj in objects]

    def desired(self, item, task):
        """Each endpoint's password becomes a write-only field of its own; URLs are checked before any request."""
        desired = {}
        for name in ENDPOINTS:
            endpoint = item.get(name)
            if endpoint is None:
                desired[name] = desired[name + "_password"] = None
                continue
            if endpoint.get("url") is not None and task.state != "deleted":
                problem = url_problem(endpoint["url"])
                if problem:
                    raise DesiredStateError("Nothing was sent: %s.url %s." % (name, problem))
            desired[name] = {"url": endpoint.get("url"), "user_name": endpoint.get("user_name")}
            desired[name + "_password"] = endpoint.get("password")
        return desired

    def refine(self, record, task):
        action, current, desired = record.plan.action, record.current, record.desired
        if action == CREATE:
            missing = ["%s.url" % name for name in ENDPOINTS if not (desired[name] or {}).get("url")]
            if missing:
                raise DesiredStateError("Pipe %s does not exist yet; set %s to create it." % (
                    record.key, " and ".join(missing)))
        if action != DELETE and record.item is not None and (current is not None or action == CREATE):
            # The URLs the pipe will have: the declared ones, else the current ones.
            urls = [(desired[name] or {}).get("url") or ((current or {}).get(name) or {}).get("url") for name in ENDPOINTS]
            for warning in cloud_to_cloud_warnings(*urls):
                task.warn(warning)

    def create(self, client, record, task):
        values = record.plan.changes
        self._put(client, record.key, values, values)
        if client.wait_for(lambda: self.get_object(client, record.key), VISIBLE_TIMEOUT, 0.5, 5.0) is None:
            task.warn("SCORM Cloud accepted pipe %s but does not show it yet; it is created in the background."
                      % record.key)

    def update(self, client, record, changes, task):
        # Send both endpoints whole, with the declared passwords: what the service keeps of an endpoint it is not
        # sent, or of a password left out, is undocumented.
        values = dict(record.current, **changes)
        passwords = dict((name, record.desired.get(name)) for name in ("source_password", "target_password"))
        try:
            self._put(client, record.key, values, passwords)
        except ScormCloudError as exc:
            if exc.status != 409:
                raise
            raise DesiredStateError("SCORM Cloud is processing pipe %s right now (409), so it was not changed; run the "
                                    "task again later." % record.key)

    def delete(self, client, record, task):
        try:
            client.request("DELETE", self.item_path(record.key))
        except ScormCloudError as exc:
            # Deletion happens in the background: a pipe already on its way out is fine.
            if exc.status != 404:
                raise

    def _put(self, client, key, values, passwords):
        body = dict((name, endpoint_to_api(values[name], passwords.get(name + "_password")))
                    for name in ENDPOINTS if values.get(name))
        client.request("PUT", self.item_path(key), json=body)


PIPES = Pipes()
