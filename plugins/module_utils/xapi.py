# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xAPI statement pipes (forwarding between LRSs) and xAPI credentials (keys to an application's LRS)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import secrets

from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.scorm.cloud.plugins.module_utils.client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils.engine import Kind
from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import (
    CREATE,
    DELETE,
    DICT,
    SECRET,
    UPDATE,
    DesiredStateError,
    Field,
    concurrent_duplicates,
    pick_one,
)
from ansible_collections.scorm.cloud.plugins.module_utils.shapes import RESULT_ANSWER, STR, Obj, OneOf

# -- statement pipes ------------------------------------------------------------------------------------------------
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


# -- xAPI credentials -----------------------------------------------------------------------------------------------
AUTH_TYPES = ["BASICAUTH", "OAUTH"]
PERMISSION_LEVELS = ["DEFAULT", "USER", "ROOT", "READONLY", "WRITEONLY"]
# The API models these enums as objects ({"xapiCredentialAuthType": "OAUTH"}) while its schema describes plain
# strings; the module sends plain strings and reads either form.
ENUM_KEYS = {"auth": "xapiCredentialAuthType", "permissionsLevel": "xapiCredentialPermissionsLevel"}
SECRET_BYTES = 32  # token_urlsafe(32): 43 characters, 256 bits


def enum_field(name, api_key, choices):
    """An enum of the credential: the service writes it as a string, or as an object that holds it."""
    def read(value):
        if isinstance(value, dict):
            value = value.get(ENUM_KEYS[api_key])
        return value.upper() if isinstance(value, str) else value

    return Field(name, choices=choices, api=api_key, read=read, shape=OneOf(STR, Obj({ENUM_KEYS[api_key]: STR})))


class XapiCredentials(Kind):
    name = "xapi_credential"
    plural = "xapi_credentials"
    left_out = ("the secret of every xAPI credential (a new one is generated when one is created; set secret to "
                "choose it)")
    cascades = "the pipe could no longer authenticate"
    modules = ("scorm_xapi_credential", "scorm_xapi_credentials")
    doc_fragment = "xapi_credential"
    noun = "xAPI credential"
    family = "xapicredential"
    path = "/xapi/credentials"
    list_key = "xapiCredentials"
    identity = ("id", "name")
    fields = (
        Field("name", api="name"),
        Field("info", api="info"),
        Field("enabled", type="bool", api="isEnabled"),
        enum_field("auth", "auth", AUTH_TYPES),
        enum_field("permissions_level", "permissionsLevel", PERMISSION_LEVELS),
        # The service shows the secret, but it is kept out of results, diffs and messages unless asked for.
        Field("secret", kind=SECRET, api="secret", shape=STR),
    )
    item_options = {"id": dict(type="str")}
    item_rules = {"required_one_of": [("id", "name")]}
    task_options = {"return_secret": dict(type="bool", default=False)}
    required_on_create = ("name",)
    reads_families = ("xapipipe",)  # a purge reads the pipes that may use the credentials it would delete

    def desired(self, item, task):
        if item.get("secret") == "":
            raise DesiredStateError("secret must not be empty; leave it out to have SCORM Cloud's credential get a "
                                    "generated one.")
        return Kind.desired(self, item, task)

    def refine(self, record, task):
        # The secret the object will have, for return_secret: the declared one when it is sent, else the current.
        sent = record.plan.action == CREATE or (record.plan.action == UPDATE and "secret" in record.plan.changes)
        record.data["secret"] = record.desired.get("secret") if sent else (record.current or {}).get("secret")

    def returned(self, record, after, task):
        if after is None or not (task.params.get("return_secret") and record.data.get("secret")):
            return after
        return dict(after, secret=record.data["secret"])  # a copy: the diff shares ``after`` and must never hold it

    def create(self, client, record, task):
        values = record.plan.changes
        secret = values.get("secret") or secrets.token_urlsafe(SECRET_BYTES)
        record.data["secret"] = secret
        client.add_secret(secret)
        body = self._body(values, secret)
        if record.key is not None:
            client.request("PUT", self.item_path(record.key), json=body)
            return None
        name = values["name"]

        def find_created():
            # No credential had this name before the POST, so one that has it now is the one the POST created.
            found = pick_one(self.named(client, name), self.noun, name, "id")
            return {"result": found["id"]} if found else None

        created = client.create_verified("POST", self.path, find_created, json=body, shape=RESULT_ANSWER)
        # Created without an id at the same moment by another run: the service assigned two ids.
        concurrent_duplicates([item for item in client.iter_list(self.path, self.list_key, item_shape=self.item_shape)
                               if item.get("name") == name],
                              "xAPI credential", name, "delete the one you do not want (scorm_xapi_credential with its "
                              "id and state: absent) and set id to the one to keep")
        return {"id": created["result"]}

    def named(self, client, name):
        return [self.learned(client, self.from_list_item(item))
                for item in client.iter_list(self.path, self.list_key, item_shape=self.item_shape)
                if item.get("name") == name]

    def update(self, client, record, changes, task):
        # The service's PUT takes the whole credential, so unchanged values (and the current secret) are sent too.
        secret = changes.get("secret") or record.current.get("secret")
        if not secret:
            raise DesiredStateError("SCORM Cloud did not return the secret of xAPI credential %s, so it cannot be "
                                    "updated without changing it; set secret and update_password: always." % record.key)
        client.request("PUT", self.item_path(record.key), json=self._body(dict(record.current, **changes), secret))

    def delete(self, client, record, task):
        try:
            client.request("DELETE", self.item_path(record.key))
        except ScormCloudError as exc:
            if exc.status != 404:  # already gone: the desired state
                raise

    @staticmethod
    def _body(values, secret):
        body = {
            "name": values["name"],
            "secret": secret,
            "isEnabled": True if values.get("enabled") is None else values["enabled"],
            "auth": values.get("auth") or "BASICAUTH",
            "permissionsLevel": values.get("permissions_level") or "DEFAULT",
        }
        if values.get("info") is not None:
            body["info"] = values["info"]
        return body


XAPI_CREDENTIALS = XapiCredentials()
