# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""Dispatches: a course delivered to a destination (the package a client LMS imports and launches)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import os
import re

from ansible_collections.scorm.cloud.plugins.module_utils._engine import (
    MAX_INT,
    SkipItem,
    match_live,
    parallel,
    read_live,
    segment,
    the_object,
)
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    CREATE,
    SECRET,
    TAGS,
    UPDATE,
    DesiredStateError,
    Field,
    mapped,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import ID, STR, Obj

POSTBACK_OPTIONS = dict(
    url=dict(type="str"),
    auth_type=dict(type="str", choices=["UNDEFINED", "FORM", "HTTPBASIC"]),
    user_name=dict(type="str"),
    password=dict(type="str", no_log=True),
    results_format=dict(type="str", choices=["UNDEFINED", "COURSE", "ACTIVITY", "FULL"]),
)
# option -> API key of the dispatch's scalar fields (CreateDispatchSchema / UpdateDispatchSchema / DispatchSchema)
POSTBACK_KEYS = {"url": "url", "auth_type": "authType", "user_name": "userName", "password": "password",
                 "results_format": "resultsFormat"}
PACKAGE_TYPE = "SCORM_12"
# Expiration dates the module accepts: what every date library on the way (the service is Java) reads the same.
MIN_YEAR, MAX_YEAR = 1970, 9999
# How a new dispatch learns whether its course and destination exist: the path and the part of the answer it checks.
EXISTENCE_READS = {"courses": ("/courses/%s", Obj({"id": ID})),
                   "destinations": ("/dispatch/destinations/%s", Obj({"name": STR}))}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


def expiration(value):
    """An expiration date as one canonical string (UTC, milliseconds), so that the declared and the stored forms of
    the same instant compare equal; "" (and None from the service) means never."""
    if value is None or not str(value).strip() or str(value).strip().lower() == "none":
        return ""
    match = _ISO.match(str(value).strip())
    if not match:
        raise DesiredStateError("expiration_date must be an ISO-8601 date or date and time, such as 2027-12-31 or "
                                "2027-12-31T23:59:59Z, or empty for never; got %r." % value)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                   int(second or 0), int((fraction or "0").ljust(6, "0")))
        if zone and zone != "Z":
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            moment -= sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    except (ValueError, OverflowError) as exc:
        raise DesiredStateError("expiration_date %r is not a valid date: %s." % (value, exc))
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise DesiredStateError("expiration_date must be in the years %d to %d; got %r." % (MIN_YEAR, MAX_YEAR, value))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


# Fields a dispatch and a public invitation share. A postback is write-only: a dispatch's is never returned
# (DispatchSchema has none), an invitation's never with its password, so none of it can be compared.
EXPIRATION_DATE = Field("expiration_date", normalize=expiration, api="expirationDate", read=expiration, shape=STR)
POSTBACK = Field("postback", kind=SECRET, type="dict", no_log=False, options=POSTBACK_OPTIONS, api="postBack",
                 readable=False, **mapped(POSTBACK_KEYS))


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Dispatches(Kind):
    name = "dispatch"
    plural = "dispatches"
    modules = ("scorm_dispatch", "scorm_dispatches")
    doc_fragment = "dispatch"
    noun = "dispatch"
    nouns = "dispatches"
    family = "dispatch"
    path = "/dispatch/dispatches"
    list_key = "dispatches"
    tags_batch_path = "/dispatch/dispatches/tags"
    fields = (
        # Which course goes to which destination: fixed once the dispatch exists (the service cannot move it).
        Field("destination", api="destinationId", shape=ID, create_only=True),
        Field("course", api="courseId", shape=ID, create_only=True),
        Field("enabled", type="bool", api="enabled"),
        Field("allow_new_registrations", type="bool", api="allowNewRegistrations"),
        Field("instanced", type="bool", api="instanced"),
        Field("registration_cap", type="int", api="registrationCap"),
        EXPIRATION_DATE,
        Field("tags", kind=TAGS, api="tags"),
        Field("email", api="email"),
        Field("notes", api="notes"),
        POSTBACK,
        Field("registration_count", type="int", api="registrationCount", output=True),
        Field("created", api="created", output=True),
        Field("updated", api="updated", output=True),
    )
    item_options = {"id": dict(type="str", required=True), "package_dest": dict(type="path")}
    id_references = ("course", "destination")
    required_on_create = ("destination", "course")
    # DispatchSchema; the list wraps it as {id, data}. It names its course and destination (what a purge keeps).
    answer_required = ("destinationId", "courseId")
    wrapped = True
    bounds = {"registration_cap": (0, MAX_INT)}
    references = (("destination", "destinations"), ("course", "courses"))
    left_out = "the postback of every dispatch (SCORM Cloud never returns it)"
    reads_families = ("course",)  # whether a new dispatch's course exists

    def prepare(self, record, task):
        Kind.prepare(self, record, task)
        dest = record.item.get("package_dest")
        if dest and task.state != "deleted" and not os.path.isdir(os.path.dirname(os.path.abspath(dest))):
            # Before any request: the dispatch must not be created only for its package to fail.
            raise DesiredStateError("package_dest %s is in a directory that does not exist; create it first." % dest)

    def live_referrers(self, client, section, keys, task):
        """The dispatches of the destinations or courses ``keys`` (SCORM Cloud deletes them with it)."""
        if section == "destinations":
            paths = [(self.item_path_of_destination(key), None) for key in keys]
        elif section == "courses":
            paths = [(self.path, {"courseId": key}) for key in keys]
        else:
            return None
        outcomes = parallel([self._lister(client, path, params) for path, params in paths], task.concurrency)
        found = {}
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome
            for item in outcome:
                found[item["id"]] = self.from_list_item(item)
        return list(found.values())

    @staticmethod
    def item_path_of_destination(key):
        return "/dispatch/destinations/%s/dispatches" % segment(key)

    def _lister(self, client, path, params):
        return lambda: client.read_all(path, self.list_key, self.item_shape, params=params)

    # -- one dispatch per course and destination ------------------------------------------------------------------
    def locate(self, client, records, task):
        """Find each dispatch, then which dispatch already delivers each new one's course to its destination: the
        service allows one per pair, and a sentence naming the existing one beats its 400."""
        live, complete = read_live(self, client, records, task)
        unlisted = match_live(self, records, live, complete)
        taken = {}
        for obj in list(live.values()) + [r.current for r in records if r.current]:
            taken[(obj["course"], obj["destination"])] = obj["id"]
        new = [r for r in records if r.current is None and task.state != "deleted" and r.item.get("course")]
        # Without the whole list, ask the service for the dispatches of each new dispatch's course.
        for course in sorted(set(r.item["course"] for r in new) if not complete else ()):
            for item in client.iter_list(self.path, self.list_key, params={"courseId": course},
                                         item_shape=self.item_shape):
                obj = self.from_list_item(item)
                taken.setdefault((obj["course"], obj["destination"]), obj["id"])
        missing = missing_references(client, task, new, self.references)
        declared = {}
        for record in new:
            record.data["course_missing"] = record.item["course"] in missing["course"]
            record.data["destination_missing"] = record.item.get("destination") in missing["destination"]
            pair = (record.item["course"], record.item.get("destination"))
            if pair in declared:
                record.error = ("dispatches %s and %s both deliver course %s to destination %s; SCORM Cloud allows one "
                                "dispatch per course and destination, so declare one of them." % (
                                    declared[pair], record.key, pair[0], pair[1]))
            declared.setdefault(pair, record.key)
            if taken.get(pair) not in (None, record.key):
                record.error = ("Course %s is already dispatched to destination %s by dispatch %s; SCORM Cloud allows "
                                "one dispatch per course and destination, so manage dispatch %s (set id: %s) or delete "
                                "it first." % (pair[0], pair[1], taken[pair], taken[pair], taken[pair]))
        return unlisted

    def refine(self, record, task):
        if record.item is not None and record.plan.action == CREATE and record.data.get("destination_missing"):
            raise DesiredStateError("Destination %s does not exist, so dispatch %s cannot be created; declare the "
                                    "destination, or create it first." % (record.item["destination"], record.key))
        if record.item is not None and record.plan.action == CREATE and record.data.get("course_missing"):
            course = record.item["course"]
            if course in planned_keys(task, "courses"):
                # Declared in the same run without a package (an export carries none): skipped with it.
                raise SkipItem("Course %s does not exist and has no src or url (an exported course carries no "
                               "package), so dispatch %s was left out with it." % (course, record.key))
            raise DesiredStateError("Course %s does not exist, so dispatch %s cannot be created; import the course "
                                    "first, or declare it with src or url." % (course, record.key))
        if record.item is None or record.plan.action != UPDATE:
            return
        moved = [name for name in ("destination", "course") if name in record.plan.changes]
        if moved:
            raise DesiredStateError(
                "Dispatch %s delivers course %s to destination %s, and SCORM Cloud cannot move a dispatch to another %s. "
                "Delete it (state: absent) and declare it again, or give the new pair a new id." % (
                    record.key, record.current["course"], record.current["destination"], " or ".join(moved)))

    # -- writes ---------------------------------------------------------------------------------------------------
    def create(self, client, record, task):
        body = {"dispatches": [self._create_item(record)]}

        def find_created():
            return self.get_object(client, record.key)

        client.create_verified("POST", self.path, find_created, json=body)

    def create_batch(self, client, records, task):
        client.request("POST", self.path, json={"dispatches": [self._create_item(r) for r in records]})

    def update(self, client, record, changes, task):
        body = self.body(changes)
        if body:
            client.request("PUT", self.item_path(record.key), json=body)

    def _create_item(self, record):
        data = self.body(record.plan.changes, create=True)
        data["tags"] = record.plan.changes.get("tags") or []
        return {"id": record.key, "data": data}

    # -- the package ----------------------------------------------------------------------------------------------
    def settle(self, client, record, task):
        """Download the dispatch's SCORM 1.2 zip to package_dest when the file is missing or the dispatch changed in
        this run (never in check mode); returns whether a file was (or would be) written."""
        dest = (record.item or {}).get("package_dest")
        if not dest or record.after is None:
            return False
        stale = record.changed or not os.path.isfile(dest)
        if task.check_mode or not stale:
            record.extra["package"] = {"path": dest, "sha256": sha256_of(dest) if os.path.isfile(dest) else None,
                                       "changed": stale}
            return stale
        digest = client.download(self.item_path(record.key) + "/zip", dest, params={"type": PACKAGE_TYPE})
        record.extra["package"] = {"path": dest, "sha256": digest, "changed": True}
        return True


def missing_references(client, task, new, references):
    """{option: the ids it names that will not exist} for the ``references`` ((option, section)...) of the ``new``
    records: what this run does to the objects it also declares decides (the account plans them first); the others
    are read. (A course declared without its package is not recreated, as an export carries none.)"""
    missing = {}
    for option, section in references:
        planned = planned_keys(task, section)
        keys = sorted(set(r.item[option] for r in new if r.item.get(option)) - set(planned))
        outcomes = parallel([_existence_reader(client, section, key) for key in keys], task.concurrency)
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome
        missing[option] = set(key for key, found in zip(keys, outcomes) if found is None)
        missing[option].update(key for key, exists in planned.items() if not exists)
    return missing


def _existence_reader(client, section, key):
    path, shape = EXISTENCE_READS[section]
    return lambda: the_object(path % segment(key), key, client.get_or_none(path % segment(key), shape=shape))


def planned_keys(task, section):
    """{id: whether it exists after this run} for the objects of ``section`` that the same account run declares
    (_account.py plans courses and destinations before dispatches); {} outside an account run. An undeclared object
    that the run would purge is not counted: it exists, and a purge of what a dispatch needs is refused (_account.py)."""
    planned = {}
    for record in (task.planned or {}).get(section, []):
        if record.key is None or record.error or record.item is None:
            continue
        planned[record.key] = record.current is not None or (record.action == CREATE and not record.skipped)
    return planned


DISPATCHES = Dispatches()
