# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""ScormCloudModule: the AnsibleModule every scorm.cloud module uses.

It adds the shared connection and auth options, builds the API clients from them, turns API errors into one
sentence a user can act on, and runs the account engine for a declared Kind (single-object and list modules).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import difflib
import math

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.scorm.cloud.plugins.module_utils._client import (
    COLLECTION_VERSION,
    DEFAULT_API_URL,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    BasicAuth,
    BearerAuth,
    CheckModeWriteError,
    OAuthAuth,
    ScormCloudClient,
    ScormCloudError,
    USERINFO,
    api_url_problem,
    has_control_or_space,
    scope_for,
    scopes_for_families,
    scrub,
)
from ansible_collections.scorm.cloud.plugins.module_utils._engine import (
    DEFAULT_CONCURRENCY,
    DELETED,
    GATHERED,
    IDENTITY_OPTIONS,
    LIST_STATES,
    MERGED,
    OVERRIDDEN,
    CONNECTION,
    ItemsFailed,
    Options,
    Task,
    action_of,
    failure_message,
    identity_problem,
    reconcile_items,
    summary_of,
)
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import DesiredStateError
from ansible_collections.scorm.cloud.plugins.module_utils._settings import APP_CONFIGURATION_PATH

APP_CREDENTIALS_HINT = "app_id and secret_key (or SCORM_CLOUD_APP_ID and SCORM_CLOUD_SECRET_KEY)"
MGMT_CREDENTIALS_HINT = "mgmt_app_id and mgmt_secret_key (or SCORM_CLOUD_MGMT_APP_ID and SCORM_CLOUD_MGMT_SECRET_KEY)"
TOKEN_HINT = "access_token (or SCORM_CLOUD_ACCESS_TOKEN)"


def connection_argument_spec():
    """Options every module accepts, so one ``module_defaults: group/scorm.cloud.all`` block configures a play."""
    return dict(
        api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["SCORM_CLOUD_API_URL"])),
        app_id=dict(type="str", fallback=(env_fallback, ["SCORM_CLOUD_APP_ID"])),
        secret_key=dict(type="str", no_log=True, fallback=(env_fallback, ["SCORM_CLOUD_SECRET_KEY"])),
        access_token=dict(type="str", no_log=True, fallback=(env_fallback, ["SCORM_CLOUD_ACCESS_TOKEN"])),
        auth_mode=dict(type="str", default="basic", choices=["basic", "oauth"]),
        mgmt_app_id=dict(type="str", fallback=(env_fallback, ["SCORM_CLOUD_MGMT_APP_ID"])),
        mgmt_secret_key=dict(type="str", no_log=True, fallback=(env_fallback, ["SCORM_CLOUD_MGMT_SECRET_KEY"])),
        validate_certs=dict(type="bool", default=True),
        ca_path=dict(type="path"),
        timeout=dict(type="float", default=30.0),
        retry_deadline=dict(type="float", default=120.0),
    )


MAX_TIMEOUT = 3600.0  # seconds one request may wait for an answer
MAX_RETRY_DEADLINE = 86400.0
MAX_CONCURRENCY = 64
MAX_WAIT_TIMEOUT = 86400


def number_problem(option, value, low, high, unit=""):
    """One sentence about a number option that is not finite or not within [low, high], or None."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "%s must be a finite number%s; got %s." % (option, " of" + unit if unit else "", value)
    if value < low:
        return "%s must be %s or more%s; got %s." % (option, _plain(low), unit, value)
    if value > high:
        return "%s must be at most %s%s; got %s." % (option, _plain(high), unit, value)
    return None


def _plain(number):
    return int(number) if float(number).is_integer() else number


# Task options that are numbers, and their range.
TASK_NUMBERS = {"concurrency": (1, MAX_CONCURRENCY, ""), "wait_timeout": (0, MAX_WAIT_TIMEOUT, " seconds")}


def task_number_problem(params, spec):
    for option, (low, high, unit) in sorted(TASK_NUMBERS.items()):
        problem = number_problem(option, params.get(option), low, high, unit) if option in spec else None
        if problem:
            return problem
    return None


def connection_problem(params):
    """One sentence about a connection option that cannot work, checked before any request; None when all is well."""
    problem = api_url_problem(params["api_url"])
    if problem:
        return problem
    if params.get("access_token") and has_control_or_space(params["access_token"]):
        # Never echoed: a token goes into a header as it is, and one with a line break would be printed whole.
        return ("access_token must not contain white space or control characters (a line break at its end, copied "
                "from a file or a command's output, say); remove them.")
    if math.isfinite(params["timeout"]) and params["timeout"] <= 0:
        return "timeout must be a number of seconds greater than 0; got %s." % params["timeout"]
    return (number_problem("timeout", params["timeout"], 0, MAX_TIMEOUT, " seconds")
            or number_problem("retry_deadline", params["retry_deadline"], 0, MAX_RETRY_DEADLINE,
                              " seconds (0: no retries)"))


def empty_identity_problem(params, argument_spec):
    for option in IDENTITY_OPTIONS:
        problem = identity_problem(option, params.get(option) if option in argument_spec else None)
        if problem:
            return problem
    return None


UPDATE_PASSWORD_SPEC = dict(type="str", default="on_create", choices=["always", "on_create"], no_log=False)


def _common_task_spec(kind):
    spec = dict(kind.task_options)
    if kind.has_tags:
        spec["purge_tags"] = dict(type="bool", default=True)
    if kind.has_secrets:
        spec["update_password"] = dict(UPDATE_PASSWORD_SPEC)
    return spec


def single_argument_spec(kind):
    """The options of the kind's single-object module: one item's options, the task options and present/absent."""
    spec = kind.item_spec()
    spec.update(_common_task_spec(kind))
    spec["state"] = dict(type="str", default="present", choices=["present", "absent"])
    return spec


def list_argument_spec(kind):
    """The options of the kind's list module: ``config`` (items with the single module's options), ``state`` as
    Ansible's resource modules have it, ``protect`` and ``concurrency``."""
    config = dict(type="list", elements="dict", options=kind.item_spec())
    config.update(kind.item_rules)
    spec = dict(
        config=config,
        state=dict(type="str", default=MERGED, choices=list(LIST_STATES)),
        protect=dict(type="list", elements="str", default=[]),
        concurrency=dict(type="int", default=DEFAULT_CONCURRENCY),
    )
    spec.update(_common_task_spec(kind))
    return spec


def raw_no_log_values(spec, params):
    """The values given to the no_log options of ``spec`` (sub-options too) in ``params``, as strings, whatever
    their types (a dict or list given to a no_log option counts with every value in it)."""
    found = set()
    if not isinstance(params, dict):
        return found
    for name, option in spec.items():
        for key in [name] + list(option.get("aliases") or []):
            value = params.get(key)
            if value is None:
                continue
            if option.get("no_log"):
                found.update(_leaves(value))
            if option.get("options"):
                for item in value if isinstance(value, list) else [value]:
                    found.update(raw_no_log_values(option["options"], item))
    return found


def module_arguments():
    """The module's arguments as they were given (Ansible's check of them changes its copy), or None."""
    try:
        return basic._load_params()  # pylint: disable=protected-access  # documented for "very dynamic" modules
    except Exception:  # pylint: disable=broad-except  # only to word a failure better; Ansible's words stay otherwise
        return None


def item_problem(spec, params):
    """One line naming the first item of a list option (``config``, an account section) that its options refuse, and
    what is wrong: ``destinations[3] (id acme-lms): ...``; None when no item is at fault. Ansible's own message names
    the option only, and a role's check prints every spec with it."""
    if not isinstance(params, dict):
        return None
    for name, option in spec.items():
        if option.get("type") != "list" or option.get("elements") != "dict" or not option.get("options"):
            continue
        items = params.get(name)
        if not isinstance(items, list):
            continue
        validator = ArgumentSpecValidator(option["options"], **dict(
            (rule, option[rule]) for rule in ITEM_RULES if option.get(rule)))
        for index, item in enumerate(items):
            where = "%s[%d]" % (name, index)
            if not isinstance(item, dict):
                return "%s must be a dict of the options of one object; got %s." % (where, type(item).__name__)
            known = [item.get(key) for key in ("id", "name") if isinstance(item.get(key), str)]
            if known:
                where += " (%s %s)" % ("id" if isinstance(item.get("id"), str) else "name", known[0])
            result = validator.validate(dict(item))
            if result.error_messages:
                return "%s: %s" % (where, _argument_error(result, option["options"]))
    return None


ITEM_RULES = ("mutually_exclusive", "required_together", "required_one_of", "required_if", "required_by")


def _argument_error(result, options):
    """The first of the argument errors of one item (an ArgumentSpecValidator's result), as a sentence."""
    error = result.errors[0]
    if isinstance(error, UnsupportedError) and result.unsupported_parameters:
        hints, known = [], None
        for parameter in sorted(result.unsupported_parameters, key=str):
            path = list(parameter) if isinstance(parameter, tuple) else [parameter]
            level = options
            for part in path[:-1]:
                level = (level.get(part) or {}).get("options") or {}
            known = known or level
            close = difflib.get_close_matches(path[-1], list(level), 1)
            hints.append(".".join(path) + (" (did you mean %s?)" % ".".join(path[:-1] + close) if close else ""))
        return "%s %s not an option; the options there are %s." % (
            ", ".join(hints), "is" if len(hints) == 1 else "are", ", ".join(sorted(known)))
    return " ".join(str(error).split()).rstrip(".") + "."


def url_secrets(url):
    """The user information of a URL (``user:password@``), which is refused but must not be shown either."""
    match = USERINFO.match(url) if isinstance(url, str) else None
    if not match:
        return set()
    userinfo = match.group(0).split("://", 1)[1][:-1]
    return set(part for part in [userinfo] + userinfo.split(":", 1)[1:] if part)


# Result keys that hold messages (scrub_messages): every string under them is scrubbed of secrets in any form.
MESSAGE_KEYS = frozenset(("msg", "message", "error", "warnings", "skipped", "failures"))


def scrub_messages(result, secrets, inside=False):
    """``result`` with every secret, in any form (client.secret_forms), scrubbed from the strings that are messages:
    the values of MESSAGE_KEYS at any depth. Returned values (a secret asked for with return_secret) stay as they
    are; Ansible masks the no_log values there."""
    if isinstance(result, dict):
        return dict((key, scrub_messages(value, secrets, inside or key in MESSAGE_KEYS)) for key, value in result.items())
    if isinstance(result, list):
        return [scrub_messages(value, secrets, inside) for value in result]
    if inside and isinstance(result, str):
        return scrub(result, secrets)
    return result


def _leaves(value):
    if isinstance(value, dict):
        return set().union(*[_leaves(item) for item in value.values()]) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*[_leaves(item) for item in value]) if value else set()
    text = str(value)
    return set([text]) if text else set()


class ScormCloudModule(AnsibleModule):
    """An AnsibleModule with the shared options, the API clients and error handling.

    ``scope_families`` names the OAuth scope families the module uses (e.g. ``("dispatch",)``); with
    ``auth_mode: oauth`` the token it obtains is limited to them, and to reading only in check mode.
    """

    def __init__(self, argument_spec, scope_families, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self._full_spec = spec
        self._checking_arguments = True  # fail_json names the item of a list option that Ansible's check refused
        super(ScormCloudModule, self).__init__(argument_spec=spec, **kwargs)
        self._checking_arguments = False
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        self.scope_families = scope_families
        self.read_families = ()  # families the module only reads (see Kind.reads_families)
        self._clients = {}
        problem = (connection_problem(self.params) or empty_identity_problem(self.params, argument_spec)
                   or task_number_problem(self.params, argument_spec))
        if problem:
            self.fail_json(msg=problem)

    def secret_values(self):
        """Every value no message may show: the no_log options' values and what the clients learned."""
        values = set(self.no_log_values)
        for client in getattr(self, "_clients", {}).values():
            values.update(client.secrets())
        return values

    def warn(self, warning):
        super(ScormCloudModule, self).warn(scrub(warning, self.secret_values()))

    def exit_json(self, **kwargs):
        super(ScormCloudModule, self).exit_json(**scrub_messages(kwargs, self.secret_values()))

    def fail_json(self, msg, **kwargs):
        # ansible-core gathers the no_log values while it validates the arguments, and a type error in a sub-option
        # (a string where a list of dicts belongs) stops that: the failure would then show every secret given in
        # the task in its invocation. Gather them here too, whatever the types.
        self.no_log_values.update(raw_no_log_values(getattr(self, "_full_spec", {}), getattr(self, "params", None)))
        self.no_log_values.update(url_secrets((getattr(self, "params", None) or {}).get("api_url")))
        if getattr(self, "_checking_arguments", False):
            msg = item_problem(self._full_spec, module_arguments()) or msg
        secrets = self.secret_values()
        super(ScormCloudModule, self).fail_json(msg=scrub(msg, secrets), **scrub_messages(kwargs, secrets))

    # -- clients ------------------------------------------------------------------------------------------------

    @property
    def client(self):
        """The client for the application's own API (app_id/secret_key, access_token or auth_mode=oauth)."""
        if "app" not in self._clients:
            self._clients["app"] = self._build_client(self._app_auth(self.params["app_id"], self.params["secret_key"],
                                                                     APP_CREDENTIALS_HINT))
        return self._clients["app"]

    @property
    def mgmt_client(self):
        """The client for App Management endpoints: only ever the mgmt_* credentials (or access_token)."""
        if "mgmt" not in self._clients:
            self._clients["mgmt"] = self._build_client(self._app_auth(self.params["mgmt_app_id"],
                                                                      self.params["mgmt_secret_key"],
                                                                      MGMT_CREDENTIALS_HINT, appmgmt=True))
        return self._clients["mgmt"]

    def client_for(self, app_id, secret_key):
        """A client authenticated as another application, e.g. with a credential this play just created."""
        return self._build_client(self._app_auth(app_id, secret_key, "the credentials of application %s" % app_id))

    def _app_auth(self, app_id, secret_key, hint, appmgmt=False):
        if app_id and secret_key:
            if self.params["auth_mode"] == "oauth":
                families = ("appmgmt",) if appmgmt else self.scope_families
                reads = () if appmgmt else self.read_families
                return OAuthAuth(app_id, secret_key, scopes_for_families(families, self.check_mode, reads), hint=hint)
            return BasicAuth(app_id, secret_key, hint)
        if self.params["access_token"]:
            return BearerAuth(self.params["access_token"], TOKEN_HINT)
        self.fail_json(msg="No SCORM Cloud credentials were given: set %s, or %s." % (hint, TOKEN_HINT))

    def _build_client(self, auth):
        client = ScormCloudClient(
            self.params["api_url"], auth, validate_certs=self.params["validate_certs"], ca_path=self.params["ca_path"],
            timeout=self.params["timeout"], retry_deadline=self.params["retry_deadline"], check_mode=self.check_mode,
            warn=self.warn,
        )
        # Every no_log value is kept out of the client's messages too, in any form (a service echoing a request body
        # shows a password JSON-escaped, where Ansible's own masking does not find it).
        for value in self.no_log_values:
            client.add_secret(value)
        return client

    def provenance(self, clients):
        """Where a task read (and wrote), and with which collection, for reports and exports; never a secret.
        ``clients`` maps "app" and "mgmt" to the clients the task used."""
        found = {"api_url": self.params["api_url"], "collection_version": COLLECTION_VERSION}
        for client, option in (("app", "app_id"), ("mgmt", "mgmt_app_id")):
            if client in clients and self.params[option]:
                found[option] = self.params[option]
        return found

    # -- errors -------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def api_errors(self, not_found=None):
        """Turn API errors into one actionable sentence. ``not_found`` explains a 404 (e.g. a missing parent)."""
        try:
            yield
        except DesiredStateError as exc:
            self.fail_json(msg=str(exc))
        except ScormCloudError as exc:
            self.fail_json(msg=self.describe_error(exc, not_found), error=exc.to_dict())
        except CheckModeWriteError as exc:
            self.fail_json(msg="Bug in scorm.cloud: a write was attempted in check mode (%s). Nothing was sent." % exc)

    def describe_error(self, exc, not_found=None):
        hint = exc.auth_hint or "the credentials"
        if exc.status is None and exc.check_settings:
            # Only where the connection options may be wrong: a busy service or a lost answer is not the user's doing.
            return "%s. Check api_url (%s), the network, and validate_certs/ca_path." % (
                exc.message.rstrip("."), self.params["api_url"])
        if exc.status == 401:
            return "SCORM Cloud rejected the credentials for %s %s (401): check %s." % (exc.method, exc.path, hint)
        if exc.status == 403:
            return ("SCORM Cloud refused %s %s (403): the credentials or token lack the scope %s%s." % (
                exc.method, exc.path, scope_for(exc.method, exc.path),
                "; App Management endpoints need the App Management app's credentials" if exc.path.startswith(
                    "/appManagement/") and not exc.path.startswith(APP_CONFIGURATION_PATH) else ""))
        if exc.status == 404 and not_found:
            return "%s (%s)" % (not_found, exc.message)
        return exc.message

    # -- reconcile ----------------------------------------------------------------------------------------------

    def kind_client(self, kind):
        self.read_families = tuple(sorted(set(self.read_families) | set(kind.reads_families)))
        return self.mgmt_client if kind.uses_mgmt else self.client

    def task_for(self, kind, state, not_found=None, **choices):
        def explain(exc):
            return self.describe_error(exc, not_found) if isinstance(exc, ScormCloudError) else str(exc)

        return Task(state=state, check_mode=self.check_mode, purge_tags=self.params.get("purge_tags", True),
                    update_password=self.params.get("update_password") or "on_create",
                    options=Options(kind.task_options, self.params), connection=Options(CONNECTION, self.params),
                    warn=self.warn, explain=explain, **choices)

    def run_single(self, kind, not_found=None):
        """Reconcile the one object the module's options declare, and exit with the single-object result:
        ``changed``, the object under ``kind.name`` (read back after a write) and, in diff mode, ``diff``."""
        item = dict((name, self.params.get(name)) for name in kind.item_spec())
        self.no_log_values.update(value for value in kind.log_secrets(item) if value)
        task = self.task_for(kind, DELETED if self.params.get("state") == "absent" else MERGED, not_found, reread=True,
                             single=True)
        with self.api_errors(not_found):
            try:
                record = reconcile_items(kind, self.kind_client(kind), [item], task)[0]
            except ItemsFailed as failed:
                record = failed.records[0]
                error = record.exception.to_dict() if isinstance(record.exception, ScormCloudError) else None
                self.fail_json(msg=record.error, changed=record.wrote,
                               **dict(record.extra, **({"error": error} if error else {})))
        result = dict(changed=record.changed, **record.extra)
        result[kind.name] = kind.shown(kind.returned(record, record.after, task))
        if self._diff:
            result["diff"] = {"before": kind.shown(record.plan.before) or {}, "after": kind.shown(record.after) or {}}
        self.exit_json(**result)

    def run_list(self, kind, not_found=None):
        """Reconcile the objects of ``config`` (or gather the live ones) and exit with the list result."""
        state, config = self.params["state"], self.params["config"]
        if state == GATHERED and config:
            self.fail_json(msg="state=gathered reads the live %s; leave out config." % kind.plural_noun)
        if state != GATHERED and config is None:
            self.fail_json(msg="state=%s needs config: the list of %s to %s." % (
                state, kind.plural_noun, "delete" if state == DELETED else "declare (an empty list is allowed)"))
        for item in config or []:
            self.no_log_values.update(value for value in kind.log_secrets(item) if value)
        task = self.task_for(kind, state, not_found, protect=self.params["protect"],
                             concurrency=self.params["concurrency"])
        with self.api_errors(not_found):
            try:
                records = reconcile_items(kind, self.kind_client(kind), config or [], task,
                                          before_writes=self.purge_check(kind, task) if state == OVERRIDDEN else None)
            except ItemsFailed as failed:
                self.fail_json(msg=failure_message(kind, failed.records, failed.before_writes),
                               **self.list_result(kind, failed.records, task, written=not failed.before_writes))
        if state == GATHERED:
            self.exit_json(changed=False, gathered=[kind.config_shape(r.current) for r in records])
        self.exit_json(**self.list_result(kind, records, task))

    def purge_check(self, kind, task):
        """What a purge of ``kind`` runs before its first write: no object a kept object refers to is deleted."""
        # Imported here: _account.py imports every kind, which a module that never purges need not load.
        from ansible_collections.scorm.cloud.plugins.module_utils._account import check_references

        def check(records):
            check_references({kind.plural: records}, self.kind_client, lambda other: task)

        return check

    def list_result(self, kind, records, task, written=True):
        """The list modules' result. After a failure before the first write (``written=False``) nothing changed, and
        only the objects that were planned, or failed, are reported."""
        if not written:
            records = [r for r in records if r.plan is not None or r.error]
        declared = [r for r in records if r.item is not None]
        result = dict(
            changed=written and any(r.changed for r in records),
            actions=[action_of(kind, r) for r in records],
            summary=summary_of(records),
        )
        result[kind.plural] = [kind.returned(r, r.after, task) for r in declared if r.after is not None]
        if self._diff:
            result["diff"] = [dict(before=r.plan.before or {}, after=r.after or {},
                                   before_header="%s (before)" % kind.describe(r),
                                   after_header="%s (after)" % kind.describe(r))
                              for r in records if r.changed]
        return result


def run_single_module(kind):
    """The whole of a kind's single-object module: its options from the kind, one object reconciled."""
    module = ScormCloudModule(argument_spec=single_argument_spec(kind), scope_families=(kind.family,),
                              **kind.item_rules)
    module.run_single(kind, not_found=kind.not_found(module.params))


def run_list_module(kind):
    """The whole of a kind's list module: ``config`` of items with the single module's options, reconciled at once."""
    module = ScormCloudModule(argument_spec=list_argument_spec(kind), scope_families=(kind.family,))
    module.run_list(kind)
