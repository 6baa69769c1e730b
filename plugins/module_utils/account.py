# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole account: its sections (one kind each, in the order the account role reconciles them), read together,
in exactly the shape the account role takes as input (``scorm_<section>``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils.appmanagement import APPLICATIONS, CREDENTIALS
from ansible_collections.scorm.cloud.plugins.module_utils.courses import COURSES
from ansible_collections.scorm.cloud.plugins.module_utils.destinations import DESTINATIONS
from ansible_collections.scorm.cloud.plugins.module_utils.dispatches import DISPATCHES
from ansible_collections.scorm.cloud.plugins.module_utils.engine import (
    GATHERED,
    ItemsFailed,
    Task,
    check_items,
    parallel,
    reconcile_items,
)
from ansible_collections.scorm.cloud.plugins.module_utils.xapi import PIPES, XAPI_CREDENTIALS

# Dependencies first: applications before their credentials, courses and destinations before the dispatches that
# join them, xAPI credentials before the pipes that use them.
SECTIONS = (
    ("applications", APPLICATIONS),
    ("credentials", CREDENTIALS),
    ("destinations", DESTINATIONS),
    ("courses", COURSES),
    ("dispatches", DISPATCHES),
    ("xapi_credentials", XAPI_CREDENTIALS),
    ("xapi_pipes", PIPES),
)
KINDS = dict(SECTIONS)
MGMT_SECTIONS = tuple(name for name, kind in SECTIONS if kind.uses_mgmt)

# What an export cannot carry, per section: the sentence says what, and why.
LEFT_OUT = {
    "credentials": "the secret of every credential (SCORM Cloud generates a new one when a credential is created)",
    "xapi_credentials": "the secret of every xAPI credential (a new one is generated when one is created; set secret "
                        "to choose it)",
    "xapi_pipes": "source.password and target.password of every pipe (SCORM Cloud never returns them)",
    "courses": "the package of every course (src or url; the service cannot give it back), so a course that does not "
               "exist is skipped, and so are the dispatches of it, until src or url is added",
    "dispatches": "the postback of every dispatch (SCORM Cloud never returns it)",
}


def gather(kind, client, task):
    """Every live object of ``kind`` in the shape of its list module's config (with the export details if asked)."""
    objects = [record.current for record in reconcile_items(kind, client, [], task)]
    if task.params.get("details"):
        outcomes = parallel([_detailer(kind, client, obj, task) for obj in objects], task.concurrency)
        for obj, outcome in zip(objects, outcomes):
            if isinstance(outcome, Exception):
                raise outcome
            obj.update(outcome)
    return objects


def _detailer(kind, client, obj, task):
    return lambda: kind.export_details(client, obj, task)


def read_account(clients, sections, task):
    """``{section: [objects in config shape]}`` and ``{section: what was left out}`` for the sections asked for.

    ``clients`` maps "app" and "mgmt" to the client of the sections that need it. Sections are read concurrently;
    each follows its own pages.
    """
    jobs = [_reader(KINDS[name], clients["mgmt" if KINDS[name].uses_mgmt else "app"], task) for name in sections]
    outcomes = parallel(jobs, task.concurrency)
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
    live = dict(zip(sections, outcomes))
    account = dict((name, [KINDS[name].config_shape(obj) for obj in live[name]]) for name in sections)
    left_out = dict((name, LEFT_OUT[name]) for name in sections if name in LEFT_OUT and account[name])
    secret_settings = sorted(set(setting for obj in live.get("courses", []) for setting in obj.get("_left_out", [])))
    if secret_settings:
        left_out["courses"] += "; the secret settings %s" % ", ".join(secret_settings)
    _name_server_assigned(account, live)
    for name in sections:
        # A stable order, so that an export kept in git changes only where the account did.
        account[name].sort(key=lambda obj: tuple(str(obj.get(key) or "") for key in ("application", "id", "name")))
    return account, left_out


def _reader(kind, client, task):
    return lambda: gather(kind, client, task)


def _name_server_assigned(account, live):
    """Applications and credentials get ids the service assigns, so an export names them (by a name that is unique
    where it is used) and applies to an empty account too; an id stays only where a name is ambiguous."""
    if "applications" in account:
        names = [app.get("name") for app in account["applications"]]
        for app in account["applications"]:
            if names.count(app.get("name")) == 1:
                app.pop("id", None)
    if "credentials" in account:
        names = {}
        for credential in account["credentials"]:
            names.setdefault(credential["application"], []).append(credential.get("name"))
        for credential, obj in zip(account["credentials"], live["credentials"]):
            if names[credential["application"]].count(credential.get("name")) == 1:
                credential.pop("id", None)
            credential["application"] = obj.get("_application_name") or credential["application"]


def gather_task(module, concurrency):
    return Task(state=GATHERED, check_mode=module.check_mode, concurrency=concurrency, params=module.params,
                warn=module.warn)


# -- reconciling a whole account --------------------------------------------------------------------------------------
# Sections that depend on no other are read, planned and written side by side; the others after them, once the
# objects they refer to exist (credentials name applications; dispatches join courses and destinations).
STAGES = (
    ("applications", "destinations", "courses", "xapi_credentials", "xapi_pipes"),
    ("credentials", "dispatches"),
)


def reconcile_account(clients, declared, task_for):
    """Reconcile every declared section (``{section: items}``), stage by stage. Returns ``{section: outcome}``: the
    records, or the ItemsFailed or API error that stopped the section. A stage runs only when the one before it
    succeeded, as the next task of a play would. Every section's items are checked offline first: a mistake in one
    section fails the run before any section sends a request."""
    outcomes, checked = {}, {}
    for name, items in declared.items():
        try:
            checked[name] = check_items(KINDS[name], items, task_for(name))
        except ItemsFailed as failed:
            outcomes[name] = failed
    if outcomes:
        return outcomes
    for stage in STAGES:
        names = [name for name in stage if name in declared]
        if any(isinstance(outcome, Exception) for outcome in outcomes.values()):
            break
        results = parallel([_section_job(KINDS[name], clients["mgmt" if KINDS[name].uses_mgmt else "app"],
                                         declared[name], task_for(name), checked[name]) for name in names],
                           max(len(names), 1))
        outcomes.update(zip(names, results))
    return outcomes


def _section_job(kind, client, items, task, checked):
    def job():
        try:
            return reconcile_items(kind, client, items, task, checked)
        except ItemsFailed as failed:
            return failed

    return job
