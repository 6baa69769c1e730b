# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""The account engine: reconcile N declared objects of one kind from one read of the account.

A ``Kind`` (_kind.py) declares one kind of SCORM Cloud object once: its fields (from which the argument specs of its modules are
derived), how to convert the API's shape (list items included) to the option shape, and how to write. It holds no
object: identity is passed in. ``reconcile_items`` then does the same thing for every kind and for any number of
declared objects, a single-object module being the case N=1:

1. check every declared item offline (types are Ansible's; identities, duplicates, numbers, tags and the kind's own
   rules here);
2. read what exists: one GET for a single object, else the kind's list, once, following ``more`` (and switching to
   GETs by id when that is fewer requests than the pages still to read). Every answer must have the shape the kind
   declares (see _shapes.py); "absent" comes only from the service's 404 of the object's own path, or from a list
   read to its end whose objects add up to the service's count;
3. read per object only the detail fields an item declares (fields the list does not carry);
4. plan every item with the pure ``plan()``, and refuse the whole run before the first write if any item is wrong
   (the account also refuses a purge of what a kept object refers to, see _account.py);
5. write only real changes, in the planned order: creates (batched where the API batches), updates, tags, and
   deletes last; with bounded concurrency (the client makes concurrent requests back off together on 429);
6. report per object: the action, before/after (redacted), and the error of each item that failed; an object that
   failed after a write reached the service counts as changed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import random

from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.six.moves.urllib.parse import quote

from ansible_collections.scorm.cloud.plugins.module_utils._client import (
    CheckModeWriteError,
    ScormCloudError,
    UnexpectedAnswer,
    has_control_or_space,
)
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    CREATE,
    DELETE,
    NOTHING,
    TAGS,
    UPDATE,
    DesiredStateError,
    plan,
    redact,
)
from ansible_collections.scorm.cloud.plugins.module_utils._shapes import TAGS_ANSWER
from ansible_collections.scorm.cloud.plugins.module_utils._tags import add_tags_to_many, write_tags

MERGED = "merged"
OVERRIDDEN = "overridden"
DELETED = "deleted"
GATHERED = "gathered"
LIST_STATES = (MERGED, OVERRIDDEN, DELETED, GATHERED)

DEFAULT_CONCURRENCY = 8
# Options that name an object: an empty value, '.' or '..' would address the collection instead of one object.
IDENTITY_OPTIONS = ("id", "name", "application")
# Options that hold an id, which goes into a URL path as one segment: stricter (see identity_problem).
ID_OPTIONS = ("id",)
MAX_ID_LENGTH = 255  # the service's limit for ids (courseId: 255 characters per the v1 documentation)
ID_UNSAFE = "/?#"  # characters that servers and proxies take apart even when they are percent-encoded
BATCH_SIZE = 100  # objects per batch request (batch create, batch tags); the service's own limit is not documented
MAX_TAG_LENGTH = 255  # the service refuses longer tags
MAX_INT = 2147483647  # the service's integers are 32-bit
# Rounds of tag writes per object: the first, then repairs when the tags read back are not the declared ones (another
# run writing other tags at the same moment); then the object fails naming the conflict.
TAG_ROUNDS = 3


class SkipItem(Exception):
    """The declared item cannot be acted on and that is not an error (e.g. an exported course without its package);
    the message is shown as a warning and the object is left as it is."""


def segment(value):
    """``value`` as one percent-encoded path segment. '.' and '..' would address the parent path, so they are refused
    before any request (see ``identity_problem``); reaching here with one is a bug."""
    if value in (".", ".."):
        raise ValueError("%r cannot be a path segment" % value)
    return quote(value, safe="")


def identity_problem(option, value, is_id=None):
    """One sentence about an id or name that cannot address one object, or None. An id (``is_id``, by default the
    options of ID_OPTIONS) must also stay one path segment: no '/', '?', '#' or white space, at most 255 characters."""
    if not isinstance(value, str):
        return None
    if not value.strip():
        return "%s must not be empty." % option
    if value in (".", ".."):
        return "%s must not be '%s': it would address the parent collection, not one object." % (option, value)
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return "%s must not contain control characters; got %r." % (option, value)
    if not (option in ID_OPTIONS if is_id is None else is_id):
        return None
    if len(value) > MAX_ID_LENGTH:
        return "%s must be at most %d characters long; got %d characters." % (option, MAX_ID_LENGTH, len(value))
    unsafe = sorted(set(char for char in value if char in ID_UNSAFE or char.isspace()))
    if unsafe:
        return ("%s must not contain %s: an id is one segment of a URL path, so use letters, digits and characters "
                "such as - _ . ~; got %r." % (option, " or ".join(repr(char) for char in unsafe), value))
    return None


def tag_problem(option, tags):
    """One sentence about a declared tag the service would refuse or change, or None: the service refuses an empty
    tag or one over 255 characters, and keeps a tag without the spaces around it (so it would never match)."""
    for tag in tags or []:
        if not tag.strip():
            return "%s must not contain an empty tag." % option
        if len(tag) > MAX_TAG_LENGTH:
            return "%s must not contain a tag over %d characters; got one of %d characters." % (
                option, MAX_TAG_LENGTH, len(tag))
        if tag != tag.strip() or has_control_or_space(tag.replace(" ", "")):
            return ("%s must not contain a tag with spaces around it or control characters (SCORM Cloud stores it "
                    "changed); got %r." % (option, tag))
    return None


def the_object(path, key, data):
    """``data``, the answer to a GET of the object ``key``: an answer that names another object (by its id, or by an
    id that is null) is not this one, whatever else it holds."""
    if isinstance(data, dict) and "id" in data and data["id"] != key:
        raise UnexpectedAnswer("GET", path, "an object whose id is %r, not %r" % (data["id"], key))
    return data


def bound_problem(option, value, low, high):
    """One sentence about a number outside [low, high] (what the service stores), or None."""
    if value is not None and not low <= value <= high:
        return "%s must be from %d to %d; got %s." % (option, low, high, value)
    return None


def parallel(jobs, workers):
    """Run the callables in ``jobs``, at most ``workers`` at a time; return each one's result or exception, in order.

    A write attempted in check mode is a bug, never an item's error: it is raised at once.
    """
    if workers <= 1 or len(jobs) <= 1:
        outcomes = [_outcome(job) for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            outcomes = [future.result() for future in [pool.submit(_outcome, job) for job in jobs]]
    for outcome in outcomes:
        if isinstance(outcome, CheckModeWriteError):
            raise outcome
    return outcomes


def _outcome(job):
    try:
        return job()
    except (ScormCloudError, DesiredStateError, CheckModeWriteError) as exc:
        return exc


def _raise_first(outcomes):
    """Reads that fail are not one object's problem (a 401, a network error): the task fails at once."""
    for outcome in outcomes:
        if isinstance(outcome, ScormCloudError):
            raise outcome


class Options:
    """Options of a task, by their argument spec, as attributes (``task.options.wait``): a name that was not declared
    is an AttributeError, never a silent None."""

    def __init__(self, spec=None, params=None):
        for name, option in (spec or {}).items():
            value = (params or {}).get(name)
            setattr(self, name, option.get("default") if value is None else value)


# The connection options a kind may need to know (which application and key the run authenticates with).
CONNECTION = dict((name, {}) for name in ("app_id", "secret_key", "mgmt_app_id", "mgmt_secret_key"))


class Task:
    """The choices of one module run that are the same for every object."""

    def __init__(self, state=MERGED, check_mode=False, purge_tags=True, update_password="on_create", protect=(),
                 concurrency=DEFAULT_CONCURRENCY, reread=False, single=False, options=None, connection=None, warn=None,
                 explain=str):
        self.state = state
        self.check_mode = check_mode
        self.purge_tags = purge_tags
        self.update_password = update_password
        self.protect = set(protect or ())
        self.concurrency = concurrency
        self.reread = reread  # read changed objects back after writing (single-object modules)
        self.single = single  # a single-object module: an object that cannot be acted on is an error, not a skip
        self.options = options or Options()  # the kind's task_options (wait, return_secret...)
        self.connection = connection or Options(CONNECTION)
        # {section: records} of the sections an account run planned before this one (a dispatch's courses).
        self.planned = {}
        self.warn = warn or (lambda message: None)
        self.explain = explain  # one sentence for an error of one object


class Record:
    """One object of a run: declared (``item`` set) or live but not declared (overridden deletes, gathered)."""

    def __init__(self, item=None, current=None):
        self.item = item
        self.wrote = False  # whether a write request for this object reached the service and succeeded
        self.desired = None
        self.current = current
        self.key = current.get("id") if current is not None else None  # the object's id on the service, once known
        self.plan = None
        self.stored = None  # what a write returned (a server-assigned id, a secret...)
        self.after = None
        self.error = None  # one sentence; ``exception`` is what caused it
        self.exception = None
        self.skipped = None
        self.settled = False  # whether settle() changed something beside the object (a file it wrote)
        self.protected = False  # an undeclared object that overridden keeps
        self.extra = {}  # kind-specific result values (a course's import_reason...)
        self.data = {}  # kind-specific working values for one object (the local package, a secret read...)

    @property
    def action(self):
        return self.plan.action if self.plan is not None and not self.skipped else NOTHING

    @property
    def changed(self):
        return (self.action != NOTHING or self.settled) and self.error is None or self.wrote


class ItemsFailed(Exception):
    """Some declared items failed; ``records`` holds them all, failed and successful."""

    def __init__(self, records, before_writes):
        super(ItemsFailed, self).__init__("items failed")
        self.records = records
        self.before_writes = before_writes


# -- the run ------------------------------------------------------------------------------------------------------
UPSERTS = "upserts"  # the write phase of creates, updates and tags
DELETES = "deletes"  # the write phase of deletes, which always comes last


def check_items(kind, items, task):
    """The records of the declared ``items``, checked offline (step 1); raises ItemsFailed before any request."""
    records = [Record(item) for item in items]
    _check_offline(kind, records, task)
    return records


def reconcile_items(kind, client, items, task, checked=None, before_writes=None):
    """Reconcile the declared ``items`` (option-shaped dicts) of ``kind``; returns the records, declared ones first
    in their order, then undeclared objects (deleted by overridden, or read by gathered). ``checked`` are the records
    check_items made of them already; ``before_writes(records)`` may refuse the plan (set errors) before any write.

    Raises ItemsFailed when any item fails: before any write if the plan is wrong anywhere, else after the other
    items were written.
    """
    records = plan_items(kind, client, items, task, checked)
    if task.state == GATHERED:
        return records
    if before_writes is not None:
        before_writes(records)
        refuse_failed_plan(records)
    write_items(kind, client, records, task, UPSERTS)
    if not any(record.error for record in records):
        write_items(kind, client, records, task, DELETES)
    return finish_items(kind, client, records, task)


def plan_items(kind, client, items, task, checked=None):
    """Steps 1 to 4: read what exists and plan every object; nothing is written. Raises ItemsFailed when any item is
    wrong. With state=gathered, returns the live objects as records instead."""
    records = checked if checked is not None else check_items(kind, items, task)
    unlisted = kind.locate(client, records, task)
    unlisted = [obj for obj in unlisted if not kind.gone(obj)]
    if task.state == GATHERED:
        return [Record(current=obj) for obj in unlisted]
    _read_details(kind, client, records, task)
    if task.state == OVERRIDDEN:
        # Every live object the task does not declare: deleted, or kept (and reported) when it is protected.
        for obj in unlisted:
            record = Record(current=obj)
            record.protected = kind.protected(obj, task)
            records.append(record)
    for record in records:
        _plan(kind, record, task)
    refuse_failed_plan(records)
    return records


def refuse_failed_plan(records):
    """Raise ItemsFailed before any write when any record failed; the others show what they would have done."""
    if any(record.error for record in records):
        for record in records:
            if record.plan is not None and not record.error:
                record.after = record.plan.after  # what it would have been: nothing was written
        raise ItemsFailed(records, before_writes=True)


def write_items(kind, client, records, task, phase):
    """Step 5, one phase: UPSERTS (creates, updates, then tags) or DELETES. Nothing in check mode. Every failure is
    recorded on its object."""
    if task.check_mode:
        return
    if phase == DELETES:
        _each(client, [r for r in records if r.action == DELETE], lambda r: kind.delete(client, r, task), task)
    else:
        _write(kind, client, records, task)


def finish_items(kind, client, records, task):
    """Step 6: every record's ``after`` and what its declaration asks for beside the object (a downloaded package);
    raises ItemsFailed (after writes) when any object failed."""
    _finish(kind, client, records, task)
    _settle(kind, client, records, task)
    if any(record.error for record in records):
        raise ItemsFailed(records, before_writes=False)
    return records


def _fail(record, exc, task):
    record.exception = exc
    record.error = task.explain(exc)


def _check_offline(kind, records, task):
    """Identities, numbers, tags and the kind's own rules, before any request; duplicates are errors of every item
    involved."""
    seen = {}
    checked = [(option, None) for option in IDENTITY_OPTIONS if option in kind.item_spec()]
    checked += [(option, True) for option in kind.id_references]
    for record in records:
        item = record.item
        for option, is_id in checked:
            problem = identity_problem(option, item.get(option), is_id)
            if problem:
                record.error = problem
                break
        if record.error:
            continue
        record.error = _value_problem(kind, item) if task.state != DELETED else None
        if record.error:
            continue
        try:
            kind.prepare(record, task)
        except DesiredStateError as exc:
            _fail(record, exc, task)
            continue
        lookup = kind.lookup_key(item)
        if lookup in seen:
            for duplicate in (seen[lookup], record):
                duplicate.error = "%s is declared more than once; declare each object once." % kind.describe(duplicate)
        seen[lookup] = record
    if any(record.error for record in records):
        raise ItemsFailed(records, before_writes=True)


def _value_problem(kind, item):
    """A declared number outside what the service stores, or a tag it would refuse: one sentence, or None."""
    for option, (low, high) in sorted(kind.bounds.items()):
        value = item
        for part in option.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        problem = bound_problem(option, value, low, high)
        if problem:
            return problem
    for field in kind.fields:
        if field.kind == TAGS and field.option:
            problem = tag_problem(field.name, item.get(field.name))
            if problem:
                return problem
    return None


def locate_in_list(kind, client, records, task):
    """Kind.locate for kinds with one list: a GET for a single object found by id, else the list (see _read_list)."""
    live, complete = read_live(kind, client, records, task)
    return match_live(kind, records, live, complete)


def read_live(kind, client, records, task):
    """What exists of the declared records: ``({id: object} read from the list, complete)``. Objects read by id
    are set on their records directly; ``complete`` says whether ``live`` holds every object of the kind."""
    need_all = task.state in (OVERRIDDEN, GATHERED)
    by_name = [r for r in records if kind.declared_id(r.item) is None]
    if not need_all and not by_name and (len(records) == 1 or kind.list_key is None):
        _read_by_id(kind, client, records, task)
        return {}, False
    live, complete = _read_list(kind, client, records, task, need_all or bool(by_name))
    if not complete:
        _read_by_id(kind, client, [r for r in records if kind.declared_id(r.item) not in live], task)
    return live, complete


def match_live(kind, records, live, complete):
    """Set ``current`` and ``key`` of each record from ``live`` (by id, else by a unique name); return the live
    objects no record declares when ``live`` is complete, else []."""
    matched = set()
    for record in records:
        if record.current is not None or record.error:
            pass
        elif kind.declared_id(record.item) is not None:
            record.current = live.get(kind.declared_id(record.item))
        else:
            record.current = _by_name(kind, record, live)
        if record.current is not None:
            record.key = record.current.get("id")
            matched.add(record.key)
        else:
            record.key = kind.declared_id(record.item)
    return [obj for key, obj in live.items() if key not in matched] if complete else []


def _by_name(kind, record, live):
    name = record.item.get("name")
    named = [obj for obj in live.values() if obj.get("name") == name]
    if len(named) > 1:
        record.error = "%d %s are named '%s' (ids: %s); set id to the id of the one to manage." % (
            len(named), kind.plural_noun, name, ", ".join(sorted(str(obj.get("id")) for obj in named)))
        return None
    return named[0] if named else None


def _read_by_id(kind, client, records, task):
    outcomes = parallel([_reader(kind, client, kind.declared_id(r.item), task) for r in records], task.concurrency)
    _raise_first(outcomes)
    for record, outcome in zip(records, outcomes):
        if isinstance(outcome, Exception):
            _fail(record, outcome, task)
        else:
            record.current = outcome


def _reader(kind, client, key, task):
    return lambda: kind.read(client, key, task)


def _read_list(kind, client, records, task, need_all):
    """Read the list page by page into {id: object}; returns (live, complete).

    Without ``need_all`` it stops as soon as every declared id is found, or as soon as GETs of the ids still missing
    are fewer requests than the pages still to read (then ``complete`` is False and the caller reads those by id).
    A list read to its end must hold as many objects as the service counts (``includeTotalCount``): one that holds
    fewer (another run deleted objects while the pages were read, and a page skipped one) is read again once, then
    fails, because an object it skipped would be planned as missing.
    """
    for attempt in (1, 2):
        live, complete, total = _read_pages(kind, client, records, task, need_all)
        if not complete or total is None or len(live) >= total:
            return live, complete
        if attempt == 1:
            task.warn("The list of %s held %d objects while SCORM Cloud counted %d (it changed while it was read); "
                      "reading it again." % (kind.plural_noun, len(live), total))
    raise UnexpectedAnswer("GET", kind.path, "its pages held %d different %s while it counted %d, twice; the list "
                           "changed while it was read" % (len(live), kind.plural_noun, total))


def _read_pages(kind, client, records, task, need_all):
    wanted = set(kind.declared_id(r.item) for r in records)
    live = {}
    seen, total = 0, None
    for objects, more, count in kind.pages(client, task, count=True):
        total = count if total is None else total
        for obj in objects:
            live[obj.get("id")] = obj
        seen += len(objects)
        if need_all or not more:
            continue
        missing = wanted - set(live)
        if not missing:
            return live, False, total
        if total is not None and objects:
            pages_left = math.ceil(max(total - seen, 0) / float(len(objects)))
            if len(missing) < pages_left:
                return live, False, total
    return live, True, total


def _read_details(kind, client, records, task):
    """Read each existing object's declared detail fields, concurrently."""
    jobs, targets = [], []
    for record in records:
        if record.current is None or record.error:
            continue
        names = kind.detail_names(record, task)
        if names:
            jobs.append(_detail_reader(kind, client, record, names, task))
            targets.append(record)
    outcomes = parallel(jobs, task.concurrency)
    _raise_first(outcomes)
    for record, outcome in zip(targets, outcomes):
        if isinstance(outcome, Exception):
            _fail(record, outcome, task)
        else:
            record.current = dict(record.current, **outcome)


def _detail_reader(kind, client, record, names, task):
    return lambda: kind.read_details(client, record, names, task)


def _plan(kind, record, task):
    if record.error:
        return
    declared = record.item is not None
    state = "absent" if (task.state == DELETED or not (declared or record.protected)) else "present"
    desired = record.desired if declared else {}
    current = None if state == "absent" and record.current is not None and kind.gone(record.current) else record.current
    record.plan = plan(kind.fields, desired, current, state, task.purge_tags, task.update_password,
                       kind.identity_of(record) if declared else None)
    try:
        kind.refine(record, task)
        if record.plan.action == CREATE:
            missing = [name for name in kind.required_on_create if desired.get(name) is None]
            if missing:
                raise DesiredStateError("%s does not exist yet; set %s to create it." % (
                    _created_description(kind, record), " and ".join(missing)))
    except SkipItem as exc:
        record.skipped = str(exc)
        task.warn(record.skipped)
    except DesiredStateError as exc:
        _fail(record, exc, task)


def _created_description(kind, record):
    identity = kind.identity_of(record)
    return "%s %s" % (kind.noun, ", ".join("%s=%s" % item for item in sorted(identity.items())))


def _write(kind, client, records, task):
    """Creates, then updates, then the tag changes of the objects whose other writes succeeded; each concurrent,
    every failure recorded on its object. (Deletes are the DELETES phase, after every section's upserts.)"""
    creates = [r for r in records if r.action == CREATE]
    if kind.create_batch is not None and len(creates) > 1:
        batches = [creates[start:start + BATCH_SIZE] for start in range(0, len(creates), BATCH_SIZE)]
        outcomes = parallel([_batch_creator(kind, client, batch, task) for batch in batches], task.concurrency)
        created, retried = [], []
        for batch, outcome in zip(batches, outcomes):
            if isinstance(outcome, Exception):
                retried.extend(batch)
                continue
            created.extend(batch)
            # A kind may answer per object: what it stored, or the exception that failed that object alone.
            for record, result in zip(batch, outcome or [None] * len(batch)):
                if isinstance(result, Exception):
                    _fail(record, result, task)
                else:
                    record.wrote = True
                    _store(record, result)
        # A batch refused as a whole (one bad object) or whose answer was lost is sent again object by object:
        # each object then gets its own outcome, and creating at a client-chosen id is safe to resend.
        _each(client, retried, lambda r: _store(r, kind.create(client, r, task)), task)
        _each(client, [r for r in created if not r.error], lambda r: kind.finish_create(client, r, task), task)
    else:
        _each(client, creates, lambda r: _store(r, kind.create(client, r, task)), task)
    updates = [r for r in records if r.action == UPDATE]
    _each(client, [r for r in updates if _untagged(r.plan.changes)],
          lambda r: _store(r, kind.update(client, r, _untagged(r.plan.changes), task)), task)
    _write_tags(kind, client, [r for r in updates if not r.error and "tags" in r.plan.changes], task)


def _batch_creator(kind, client, batch, task):
    return lambda: kind.create_batch(client, batch, task)


def _store(record, stored):
    record.stored = stored
    if stored and stored.get("id") is not None:
        record.key = stored["id"]  # at once: a later section's write may refer to it (a new application's id)


def _untagged(changes):
    return dict((name, value) for name, value in changes.items() if name != "tags")


def _each(client, records, write, task):
    outcomes = parallel([_writer(client, write, record) for record in records], task.concurrency)
    for record, outcome in zip(records, outcomes):
        if isinstance(outcome, Exception):
            _fail(record, outcome, task)


def _writer(client, write, record):
    def job():
        with client.on_behalf_of(record):
            return write(record)

    return job


def _write_tags(kind, client, records, task):
    """The tag changes of updated objects. The service has no request that sets an object's tags: its tag PUT adds
    and its DELETE removes. So that a refused tag never costs an object the tags it had, every object's additions
    go first (in batches of objects that gain the same tags, where the API has batch tags), and its removals only
    once they succeeded. Then the tags are read back: tags another run wrote at the same moment are set right
    (TAG_ROUNDS in all), and an object whose tags still are not the declared ones fails, naming the conflict. So an
    object ends with the tags one run declared, or a run fails saying so."""
    wanted = dict((id(record), set(record.plan.changes["tags"])) for record in records)
    current = dict((id(record), set(record.current.get("tags") or [])) for record in records)
    pending = list(records)
    for attempt in range(1, TAG_ROUNDS + 1):
        _add_tags(kind, client, pending, wanted, current, task)
        _remove_tags(kind, client, [r for r in pending if not r.error], wanted, current, task)
        pending = [r for r in pending if not r.error]
        reads = parallel([_tag_reader(kind, client, record) for record in pending], task.concurrency)
        astray = []
        for record, outcome in zip(pending, reads):
            if isinstance(outcome, Exception):
                _fail(record, outcome, task)
                continue
            current[id(record)] = set(kind.shown_tags(outcome))
            if current[id(record)] != wanted[id(record)]:
                astray.append(record)
        pending = astray
        if not pending:
            return
        if attempt < TAG_ROUNDS:
            # Step aside for a moment, at random, so that two runs repairing the same objects stop meeting.
            client.sleep(random.uniform(0.2, 0.6) * attempt)
    for record in pending:
        _fail(record, DesiredStateError(
            "The tags of %s changed while this run wrote them: they are [%s], and this run declares [%s]. Another "
            "run (or someone) is writing other tags to it at the same time; run the task again when that is done." % (
                kind.describe(record), ", ".join(sorted(current[id(record)])),
                ", ".join(sorted(wanted[id(record)])))), task)


def _add_tags(kind, client, records, wanted, current, task):
    additions = {}
    for record in records:
        added = tuple(sorted(wanted[id(record)] - current[id(record)]))
        if added:
            additions.setdefault(added, []).append(record)
    jobs, owners = [], []
    for added, gaining in sorted(additions.items()):
        if len(gaining) == 1 or not kind.tags_batch_path:
            for record in gaining:
                jobs.append(_tag_request(client, record, kind.tags_path(record.key), added=added))
                owners.append([record])
            continue
        for start in range(0, len(gaining), BATCH_SIZE):
            batch = gaining[start:start + BATCH_SIZE]
            jobs.append(_batch_tag_request(client, batch, kind.tags_batch_path, list(added)))
            owners.append(batch)
    for batch, outcome in zip(owners, parallel(jobs, task.concurrency)):
        if isinstance(outcome, Exception):
            for record in batch:
                _fail(record, outcome, task)


def _remove_tags(kind, client, records, wanted, current, task):
    removals = [(record, sorted(current[id(record)] - wanted[id(record)])) for record in records]
    removals = [(record, removed) for record, removed in removals if removed]
    jobs = [_tag_request(client, record, kind.tags_path(record.key), removed=removed) for record, removed in removals]
    for (record, removed), outcome in zip(removals, parallel(jobs, task.concurrency)):
        if isinstance(outcome, Exception):
            _fail(record, outcome, task)


def _tag_request(client, record, path, added=(), removed=()):
    def job():
        with client.on_behalf_of(record):
            write_tags(client, path, added, removed)

    return job


def _batch_tag_request(client, records, path, tags):
    def job():
        add_tags_to_many(client, path, [record.key for record in records], tags)
        for record in records:
            record.wrote = True

    return job


def _tag_reader(kind, client, record):
    return lambda: client.get(kind.tags_path(record.key), shape=TAGS_ANSWER)["tags"]


def _finish(kind, client, records, task):
    """Set every record's ``after``: the prediction, with what writes returned; read back when ``task.reread``."""
    for record in records:
        if record.plan is None or record.error:
            continue
        after = record.plan.after if not record.skipped else record.plan.before
        if after is not None and record.stored:
            after = dict(after, **redact(kind.fields, record.stored))
        record.after = after
        if record.stored and record.stored.get("id") is not None:
            record.key = record.stored["id"]
    if not task.reread or task.check_mode:
        return
    rereads = [r for r in records if r.changed and r.action != DELETE and not r.error]
    outcomes = parallel([_rereader(kind, client, record, task) for record in rereads], task.concurrency)
    for record, outcome in zip(rereads, outcomes):
        if isinstance(outcome, Exception):
            _fail(record, outcome, task)
        else:
            record.after = redact(kind.fields, outcome)


def _rereader(kind, client, record, task):
    return lambda: kind.reread(client, record, task)


def _settle(kind, client, records, task):
    declared = [r for r in records if r.item is not None and r.plan is not None and not r.error and not r.skipped]
    outcomes = parallel([_settler(kind, client, record, task) for record in declared], task.concurrency)
    for record, outcome in zip(declared, outcomes):
        if isinstance(outcome, Exception):
            _fail(record, outcome, task)
        elif outcome:
            record.settled = True


def _settler(kind, client, record, task):
    return lambda: kind.settle(client, record, task)


# -- results --------------------------------------------------------------------------------------------------------
def summary_of(records):
    """Counts per action; ``protected`` counts the undeclared objects overridden kept."""
    counts = {"create": 0, "update": 0, "delete": 0, "unchanged": 0, "failed": 0, "protected": 0}
    for record in records:
        if record.error:
            counts["failed"] += 1
        elif record.protected:
            counts["protected"] += 1
        elif record.action == NOTHING:
            counts["unchanged"] += 1
        else:
            counts[record.action] += 1
    return counts


def action_of(kind, record):
    """One object's planned action, for the list modules' ``actions``: identity, action, the fields that change,
    and before/after (redacted) when something changes."""
    entry = dict(kind.identity_of(record))
    entry["action"] = record.action
    if record.plan is not None and record.action != NOTHING:
        entry["fields"] = sorted(kind.changed_fields(record.plan.changes))
        entry["before"] = record.plan.before or {}
        entry["after"] = record.after or {}
    if record.item is None:
        entry["declared"] = False
        if record.protected:
            entry["protected"] = True
    if record.skipped:
        entry["skipped"] = record.skipped
    if record.error:
        entry["error"] = record.error
    entry.update(record.extra)
    return entry


def failure_message(kind, records, before_writes):
    """One sentence per distinct error, naming every object that has it; a single object's error as it is."""
    failed = [r for r in records if r.error]
    if len(records) == 1:
        return failed[0].error
    by_error = {}
    for record in failed:
        by_error.setdefault(record.error, []).append(kind.describe(record))
    parts = ["%s: %s" % (", ".join(names), error) for error, names in by_error.items()]
    if before_writes:
        outcome = "Nothing was written."
    elif len(failed) < len(records):
        outcome = "The other %s were reconciled as declared." % kind.plural_noun
    else:
        outcome = ""
    return ("%d of %d %s failed. %s %s" % (len(failed), len(records), kind.plural_noun, " ".join(parts),
                                           outcome)).strip()
