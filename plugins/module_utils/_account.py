# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""A whole account: its sections (one kind each, in the order the account role reconciles them), read together,
in exactly the shape the account role takes as input (``scorm_<section>``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._applications import APPLICATIONS
from ansible_collections.scorm.cloud.plugins.module_utils._credentials import CREDENTIALS
from ansible_collections.scorm.cloud.plugins.module_utils._courses import COURSES
from ansible_collections.scorm.cloud.plugins.module_utils._destinations import DESTINATIONS
from ansible_collections.scorm.cloud.plugins.module_utils._dispatches import DISPATCHES
from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._engine import (
    DELETES,
    UPSERTS,
    ItemsFailed,
    Record,
    check_items,
    finish_items,
    parallel,
    plan_items,
    reconcile_items,
    refuse_failed_plan,
    write_items,
)
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import DELETE
from ansible_collections.scorm.cloud.plugins.module_utils._xapi_credentials import XAPI_CREDENTIALS
from ansible_collections.scorm.cloud.plugins.module_utils._xapi_pipes import PIPES
from ansible_collections.scorm.cloud.plugins.module_utils._public_invitations import PUBLIC_INVITATIONS

# Dependencies first: applications before their credentials, courses and destinations before the dispatches that
# join them, xAPI credentials before the pipes that use them.
SECTIONS = (
    ("applications", APPLICATIONS),
    ("credentials", CREDENTIALS),
    ("destinations", DESTINATIONS),
    ("courses", COURSES),
    ("dispatches", DISPATCHES),
    ("public_invitations", PUBLIC_INVITATIONS),
    ("xapi_credentials", XAPI_CREDENTIALS),
    ("xapi_pipes", PIPES),
)
KINDS = dict(SECTIONS)
MGMT_SECTIONS = tuple(name for name, kind in SECTIONS if kind.uses_mgmt)

# What an export cannot carry, per section: the sentence says what, and why.
LEFT_OUT = dict((name, kind.left_out) for name, kind in SECTIONS if kind.left_out)


def gather(kind, client, task, details):
    """Every live object of ``kind`` in the shape of its list module's config (with the export ``details``)."""
    objects = [record.current for record in reconcile_items(kind, client, [], task)]
    if details:
        outcomes = parallel([_detailer(kind, client, obj, task) for obj in objects], task.concurrency)
        for obj, outcome in zip(objects, outcomes):
            if isinstance(outcome, Exception):
                raise outcome
            obj.update(outcome)
    return objects


def _detailer(kind, client, obj, task):
    return lambda: kind.export_details(client, obj, task)


def read_account(clients, sections, task_for, details=True, concurrency=8):
    """``{section: [objects in config shape]}`` and ``{section: what was left out}`` for the sections asked for.

    ``clients`` maps "app" and "mgmt" to the client of the sections that need it; ``task_for(kind)`` is the gathered
    task of a kind. Sections are read concurrently; each follows its own pages.
    """
    jobs = [_reader(KINDS[name], clients["mgmt" if KINDS[name].uses_mgmt else "app"], task_for(KINDS[name]), details)
            for name in sections]
    outcomes = parallel(jobs, concurrency)
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


def _reader(kind, client, task, details):
    return lambda: gather(kind, client, task, details)


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


# -- reconciling a whole account --------------------------------------------------------------------------------------
# The order in which sections are read and planned, and their creates and updates written: a stage's sections side by
# side, after the stage before it. Credentials name applications, dispatches join courses and destinations, so they
# are planned knowing what this run does to those (task.planned), and written once those exist. Deletes come after
# every section's creates and updates, in the reverse order.
STAGES = (
    tuple(name for name, kind in SECTIONS if not kind.references),
    tuple(name for name, kind in SECTIONS if kind.references),
)


class NotWritten(Exception):
    """A section whose plan was fine, not written because another section failed first (``records`` hold the
    plan)."""

    def __init__(self, records):
        super(NotWritten, self).__init__("not written")
        self.records = records


def reconcile_account(clients, declared, task_for, keep_refused=False):
    """Reconcile every declared section (``{section: items}``). Returns ``{section: outcome}``: the records, or the
    ItemsFailed, NotWritten or API error that stopped the section.

    Every section is checked offline, then read and planned, and the whole plan is checked for a purge of what a
    kept object refers to (``keep_refused``: such objects are kept instead), all before the first write: a mistake
    anywhere fails the run with nothing written. Then
    the plan is carried out as planned: creates and updates stage by stage, then deletes, then the results. A phase
    runs only when the one before it succeeded, as the next task of a play would.
    """
    tasks = dict((name, task_for(name)) for name in declared)
    task_for = tasks.get
    outcomes, checked = {}, {}
    for name, items in declared.items():
        try:
            checked[name] = check_items(KINDS[name], items, task_for(name))
        except ItemsFailed as failed:
            outcomes[name] = failed
    if outcomes:
        return outcomes
    names = [name for stage in STAGES for name in stage if name in declared]
    client_of = dict((name, clients["mgmt" if KINDS[name].uses_mgmt else "app"]) for name in names)
    planned = {}
    for stage in STAGES:
        stage_names = [name for name in stage if name in declared]
        for name in stage_names:
            task_for(name).planned = planned
        results = parallel([_planner(KINDS[name], client_of[name], declared[name], task_for(name), checked[name])
                            for name in stage_names], max(len(stage_names), 1))
        for name, result in zip(stage_names, results):
            if isinstance(result, Exception):
                outcomes[name] = result
            else:
                planned[name] = result
        if outcomes:
            return _not_written(outcomes, planned)
    try:
        check_references(planned, lambda kind: clients["mgmt" if kind.uses_mgmt else "app"],
                         lambda kind: task_for(kind.plural) if kind.plural in declared else task_for(names[0]),
                         keep_refused)
    except ScormCloudError as exc:
        return _not_written({names[0]: exc}, planned)
    for name in names:
        try:
            refuse_failed_plan(planned[name])
        except ItemsFailed as failed:
            outcomes[name] = failed
    if outcomes:
        return _not_written(outcomes, planned)
    phases = [(UPSERTS, [name for name in stage if name in declared]) for stage in STAGES]
    phases += [(DELETES, [name for name in stage if name in declared]) for stage in reversed(STAGES)]
    done = set()
    for phase, stage_names in phases:
        if any(record.error for name in names for record in planned[name]):
            break
        parallel([_writer(KINDS[name], client_of[name], planned[name], task_for(name), phase) for name in stage_names],
                 max(len(stage_names), 1))
        done.update((phase, name) for name in stage_names)
    for name in names:
        if (UPSERTS, name) not in done:
            outcomes[name] = NotWritten(planned[name])
            continue
        if (DELETES, name) not in done:
            for record in planned[name]:
                if record.action == DELETE and not record.error:
                    record.skipped = "Not deleted, because another section failed first."
        try:
            outcomes[name] = finish_items(KINDS[name], client_of[name], planned[name], task_for(name))
        except ItemsFailed as failed:
            outcomes[name] = failed
    return outcomes


def _not_written(outcomes, planned):
    for name, records in planned.items():
        outcomes.setdefault(name, NotWritten(records))
    return outcomes


def _planner(kind, client, items, task, checked):
    def job():
        try:
            return plan_items(kind, client, items, task, checked)
        except ItemsFailed as failed:
            return failed

    return job


def _writer(kind, client, records, task, phase):
    return lambda: write_items(kind, client, records, task, phase)


def check_references(planned, client_for, task_for, keep_refused=False):
    """Refuse a purge that would delete what a kept object refers to (a dispatch's course and destination, a pipe's
    xAPI credential, a credential's application): the object it would delete fails with one sentence naming both,
    before any write, in check mode as in a real run.

    ``planned`` maps sections to their planned records. What refers to an object is whatever exists after the run:
    the declared objects, and the live ones it keeps (protected, or of a section this run does not manage, read
    here only when a purge of what they may refer to is planned). SCORM Cloud deletes an application's credentials
    with it: they are part of it, and only declared ones count. With ``keep_refused`` the object is kept instead
    (skipped, with the sentence, and warned about).
    """
    purged = {}
    for name, records in planned.items():
        gone = dict((record.key, record) for record in records
                    if record.action == DELETE and record.item is None and not record.error and record.key is not None)
        if gone:
            purged[name] = gone
    if not purged:
        return
    for name, kind in SECTIONS:
        targets = sorted(set(section for _option, section in kind.references if section in purged))
        if not targets:
            continue
        if name in planned:
            referrers = [record for record in planned[name] if record.item is not None or (
                record.current is not None and record.action != DELETE)]
        elif name == "credentials":
            continue
        else:
            referrers = []
            for target in targets:
                objects = kind.live_referrers(client_for(kind), target, sorted(purged[target]), task_for(kind)) or []
                referrers.extend(Record(current=obj) for obj in objects)
        for referrer in referrers:
            for target, key in kind.refers_to(referrer):
                victim = purged.get(target, {}).get(key)
                if victim is None or victim.error or victim.skipped:
                    continue
                refusal = _refusal(KINDS[target], victim, kind, referrer)
                if keep_refused:
                    victim.skipped = refusal.replace("so the purge would delete it, but", "and it was kept, because")
                    task_for(KINDS[target]).warn(victim.skipped)
                else:
                    victim.error = refusal


def _refusal(kind, victim, referrer_kind, referrer):
    how = "declared" if referrer.item is not None else (
        "kept: protected" if referrer.protected else "kept: its section is not managed by this run")
    return ("%s is not declared, so the purge would delete it, but %s (%s) refers to it%s; declare %s, or add it "
            "to protect." % (_capitalised(kind.describe(victim)), referrer_kind.describe(referrer), how,
                             CASCADES.get(kind.plural, ""), kind.describe(victim)))


# What SCORM Cloud deletes along with an object of a section.
CASCADES = dict((name, " (%s)" % kind.cascades) for name, kind in SECTIONS if kind.cascades)


def _capitalised(text):
    return text[:1].upper() + text[1:]
