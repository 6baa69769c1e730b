# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile engine: desired state + current state -> one plan (create, update, delete or nothing) -> result.

A module declares a Resource (its fields and how to read and write one object); the engine does the rest the same
way for every module: compares only what the user set, keeps write-only secrets out of comparisons and diffs,
predicts the result in check mode without writing, and re-reads the object after a real write.

``plan()`` is a pure function of (fields, desired, current), so a module that reconciles a whole list can read the
list once and plan every item against it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

SCALAR = "scalar"
DICT = "dict"  # nested options; only the sub-options the user set are compared
TAGS = "tags"  # a set of strings; purge_tags decides whether unlisted tags are removed
SET = "set"  # an unordered list compared as a set and replaced whole
SECRET = "secret"  # write-only: never read back, never compared, never shown; update_password decides resends

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
NOTHING = "none"

REDACTED = "********"


class DesiredStateError(Exception):
    """The declared state cannot be reached as written; the message says what to change. Nothing was written."""


class Field:
    """One managed option of a resource, as the user writes it (snake_case, option-shaped)."""

    def __init__(self, name, kind=SCALAR, normalize=None):
        self.name = name
        self.kind = kind
        self.normalize = normalize or (lambda value: value)


class Plan:
    """What reconcile will do: the action, the changed fields, and the object before and after."""

    def __init__(self, action, before, after, changes):
        self.action = action
        self.before = before
        self.after = after
        self.changes = changes

    @property
    def changed(self):
        return self.action != NOTHING


class Resource:
    """Declares one kind of SCORM Cloud object. Subclasses set ``kind`` (the return key) and ``fields``, and
    implement ``identity``, ``read``, ``create``, ``update`` and ``delete`` using the shared client.

    - ``identity()``: the keys that name the object, e.g. ``{"id": "dest-1"}``.
    - ``read()``: the object option-shaped (the same keys the module's options use), or None when absent.
    - ``create(values)``: every field the user set, normalised (secrets included).
    - ``update(current, changes, desired)``: only the changed fields; ``desired`` for writes that need more.
    - ``delete(current)``.

    ``required_on_create`` lists options the service needs to create the object (they may be omitted on update).
    Override ``desired_from_params`` when fields are not plain module options (e.g. a password nested in a dict
    that must be handled as a write-only SECRET field of its own).
    """

    kind = "resource"
    fields = ()
    required_on_create = ()

    def desired_from_params(self, params):
        """The desired state: each field's module option, None where the user did not set it."""
        return dict((field.name, params.get(field.name)) for field in self.fields)

    def check_plan(self, action, current, desired):
        """Refuse a planned action before anything is written, in check mode too: raise DesiredStateError."""

    def returned(self, after):
        """The object the module returns; override to add values that must stay out of the diff (a secret asked for)."""
        return after


def pick_one(items, what, name, option):
    """The only item of ``items`` (objects found by a non-unique name) or None; several -> DesiredStateError listing
    their ids and naming the ``option`` that picks one."""
    if len(items) > 1:
        raise DesiredStateError("%d %ss are named '%s' (ids: %s); set %s to the id of the one to manage." % (
            len(items), what, name, ", ".join(sorted(str(item.get("id")) for item in items)), option))
    return items[0] if items else None


def _merge_dict(current, desired):
    """Overlay the sub-options the user set (not None) on the current nested value, recursively."""
    merged = copy.deepcopy(current) if isinstance(current, dict) else {}
    for key, value in (desired or {}).items():
        if value is None:
            continue
        if isinstance(value, dict):
            merged[key] = _merge_dict(merged.get(key), value)
        else:
            merged[key] = value
    return merged


def _sorted_unique(values):
    return sorted(set(values or []))


def _target_value(field, desired, current, purge_tags):
    """The value the field should have, or None when the user leaves it alone."""
    if desired is None:
        return None
    if field.kind == DICT:
        return _merge_dict(current, field.normalize(desired))
    if field.kind == TAGS:
        wanted = set(field.normalize(tag) for tag in desired)
        return sorted(wanted if purge_tags else wanted | set(current or []))
    if field.kind == SET:
        return _sorted_unique(field.normalize(item) for item in desired)
    return field.normalize(desired)


def _comparable(field, value):
    if field.kind in (TAGS, SET):
        return _sorted_unique(value)
    if field.kind == SCALAR:
        return field.normalize(value) if value is not None else None
    return value


def redact(fields, obj):
    """A copy of an option-shaped object without its write-only fields."""
    if obj is None:
        return None
    secret_names = set(field.name for field in fields if field.kind == SECRET)
    return dict((key, value) for key, value in obj.items() if key not in secret_names)


def plan(fields, desired, current, state="present", purge_tags=True, update_password="on_create", identity=None):
    """Decide create / update / delete / nothing for one object.

    ``desired`` maps option names to the user's values (None: not set, leave alone). ``current`` is the object as
    read (option-shaped) or None. Returns a Plan whose ``before``/``after`` are redacted and option-shaped.
    """
    before = redact(fields, current)
    if state == "absent":
        return Plan(DELETE if current is not None else NOTHING, before, None, {})

    changes = {}
    for field in fields:
        wanted = desired.get(field.name)
        if field.kind == SECRET:
            # Write-only: cannot be compared, so it is sent on create and, with update_password=always, on update.
            if wanted is not None and (current is None or update_password == "always"):
                changes[field.name] = wanted
            continue
        existing = current.get(field.name) if current is not None else None
        target = _target_value(field, wanted, existing, purge_tags)
        if target is None:
            continue
        if current is None or _comparable(field, target) != _comparable(field, existing):
            changes[field.name] = target

    if current is None:
        after = dict((field.name, None) for field in fields)
        after.update(identity or {})
        after.update(changes)
        return Plan(CREATE, before, _redact_after(fields, after, changes), changes)
    if not changes:
        return Plan(NOTHING, before, before, {})
    after = dict(current)
    after.update(changes)
    return Plan(UPDATE, before, _redact_after(fields, after, changes), changes)


def _describe_identity(identity):
    return ", ".join("%s=%s" % item for item in sorted((identity or {}).items()))


def _redact_after(fields, after, changes):
    """``after`` without secrets, except a mask where a secret will be sent, so the diff shows that it changes."""
    shown = redact(fields, after)
    for field in fields:
        if field.kind == SECRET and field.name in changes:
            shown[field.name] = REDACTED
    return shown


def reconcile(resource, desired, state="present", check_mode=False, purge_tags=True, update_password="on_create"):
    """Make one object match ``desired`` and return ``(changed, after, diff)``.

    In check mode nothing is written and ``after`` is the prediction. After a real write the object is read again,
    so ``after`` is what the service stored.
    """
    current = resource.read()
    the_plan = plan(resource.fields, desired, current, state, purge_tags, update_password, resource.identity())
    resource.check_plan(the_plan.action, current, desired)
    if the_plan.action == CREATE:
        missing = [name for name in resource.required_on_create if desired.get(name) is None]
        if missing:
            raise DesiredStateError("%s %s does not exist yet; set %s to create it." % (
                resource.kind, _describe_identity(resource.identity()), " and ".join(missing)))
    if the_plan.changed and not check_mode:
        if the_plan.action == CREATE:
            resource.create(the_plan.changes)
        elif the_plan.action == UPDATE:
            resource.update(current, the_plan.changes, desired)
        else:
            resource.delete(current)
        the_plan.after = redact(resource.fields, resource.read()) if the_plan.action != DELETE else None
    diff = {"before": the_plan.before or {}, "after": the_plan.after or {}}
    return the_plan.changed, the_plan.after, diff
