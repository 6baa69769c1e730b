# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""The plan of one object: desired state + current state -> create, update, delete or nothing, with the changes
and the object before and after (redacted).

``plan()`` is a pure function of (fields, desired, current): it compares only what the user set, keeps write-only
secrets out of comparisons and diffs, and predicts the object after the change. The account engine (_engine.py) reads
a whole kind once and plans every declared object against it with this function.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.scorm.cloud.plugins.module_utils._shapes import ANY, BOOL, INT, STR, ListOf, Obj

SCALAR = "scalar"
DICT = "dict"  # nested options; only the sub-options the user set are compared
TAGS = "tags"  # a set of strings; purge_tags decides whether unlisted tags are removed
SET = "set"  # an unordered list compared as a set and replaced whole
SECRET = "secret"  # write-only: never read back, never compared, never shown; update_password decides resends
# Configuration settings, id -> value: each declared id is compared (None: leave it alone), and an id the current value
# holds beyond the declared ones is removed (a kind reads such ids only when the item purges its settings).
SETTINGS = "settings"

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
NOTHING = "none"

REDACTED = "********"


class DesiredStateError(Exception):
    """The declared state cannot be reached as written; the message says what to change. Nothing was written."""


# The argument spec an option of each field kind gets unless the field says otherwise.
DEFAULT_SPECS = {
    SCALAR: {"type": "str"},
    DICT: {"type": "dict"},
    TAGS: {"type": "list", "elements": "str"},
    SET: {"type": "list", "elements": "str"},
    SECRET: {"type": "str", "no_log": True},
    SETTINGS: {"type": "dict"},
}


# The shape of an option's value in the API's answers, by the option's type (_shapes.py).
TYPE_SHAPES = {"str": STR, "int": INT, "bool": BOOL}


class Field:
    """One managed option of a kind, as the user writes it (snake_case, option-shaped), and where the API holds it.

    ``spec`` holds the option's argument spec (``type``, ``choices``, ``options``...; the kind's default when
    omitted). ``option=False`` marks a field that is not an option of its own (a password nested in an endpoint
    dict). ``detail=True`` marks a field that the kind's list and GET do not carry: it costs a request per object,
    so it is read only for objects that declare it, and left out of ``before``/``after`` otherwise.

    ``api`` is the key of the object in the API's answers and request bodies (None: the kind reads and writes the
    field itself). ``read`` turns the answer's value into the option's, ``write`` the option's into the body's;
    ``shape`` is what the answer's value must look like (from the option's type when omitted). ``output=True`` marks
    a value the service keeps and the user cannot set (created, a count): returned, never an option nor written.
    ``readable=False`` marks a field the service never returns (a write-only postback); ``create_only=True`` one that
    is sent only when the object is created (what it is attached to).
    """

    def __init__(self, name, kind=SCALAR, normalize=None, option=True, detail=False, api=None, read=None, write=None,
                 shape=None, output=False, readable=True, create_only=False, **spec):
        self.name = name
        self.kind = kind
        self.normalize = normalize or (lambda value: value)
        self.option = option and not output
        self.detail = detail
        self.output = output
        self.spec = dict(DEFAULT_SPECS[kind], **spec)
        self.api = api
        self.readable = readable
        self.create_only = create_only
        self._read = read
        self._write = write
        self.shape = shape if shape is not None else self._default_shape()

    def _default_shape(self):
        if self.kind in (TAGS, SET):
            return ListOf(STR)
        if self.kind == DICT:
            return Obj(dict((key, TYPE_SHAPES.get(option.get("type", "str"), ANY))
                            for key, option in (self.spec.get("options") or {}).items()))
        return TYPE_SHAPES.get(self.spec.get("type"), ANY)

    def from_api(self, data):
        """The option's value from an answer's object ``data``."""
        value = data.get(self.api)
        if self._read is not None:
            return self._read(value)
        if self.kind in (TAGS, SET):
            return sorted(value or [])
        return value

    def to_api(self, value):
        """The body's value of the option's ``value``."""
        return self._write(value) if self._write is not None else value


def mapped(keys):
    """``read``, ``write`` and ``shape`` of a DICT field whose sub-options are, one for one, keys of the API's object
    (``keys``: sub-option -> API key); a sub-option the service does not hold is left out of the value read."""
    def read(data):
        if not data:
            return None
        return dict((option, data[key]) for option, key in keys.items() if data.get(key) is not None)

    def write(value):
        return dict((key, value[option]) for option, key in keys.items() if value.get(option) is not None)

    return {"read": read, "write": write, "shape": Obj(dict((key, STR) for key in keys.values()))}


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


def pick_one(items, what, name, option):
    """The only item of ``items`` (objects found by a non-unique name) or None; several -> DesiredStateError listing
    their ids and naming the ``option`` that picks one."""
    if len(items) > 1:
        raise DesiredStateError("%d %ss are named '%s' (ids: %s); set %s to the id of the one to manage." % (
            len(items), what, name, ", ".join(sorted(str(item.get("id")) for item in items)), option))
    return items[0] if items else None


def concurrent_duplicates(named, what, name, resolve, where=""):
    """After a create by name: more than one object with that name means another run created one at the same time
    (SCORM Cloud assigns these ids, so nothing else could tell the two runs apart). Raise a sentence naming them."""
    if len(named) > 1:
        raise DesiredStateError(
            "%d %ss %sare named '%s' (ids: %s): another run created one at the same time as this run; %s." % (
                len(named), what, where, name, ", ".join(sorted(str(item.get("id")) for item in named)), resolve))


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
    if field.kind == SETTINGS:
        current = current or {}
        return dict((name, current.get(name) if value is None else value) for name, value in desired.items())
    return field.normalize(desired)


def _comparable(field, value):
    if field.kind in (TAGS, SET):
        return _sorted_unique(value)
    if field.kind == SCALAR:
        return field.normalize(value) if value is not None else None
    return value


def redact(fields, obj):
    """A copy of an option-shaped object without its write-only fields and without working values (keys that
    start with ``_``, such as what a kind read to decide, never shown)."""
    if obj is None:
        return None
    secret_names = set(field.name for field in fields if field.kind == SECRET)
    return dict((key, value) for key, value in obj.items() if key not in secret_names and not key.startswith("_"))


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
        after = dict((field.name, None) for field in fields if not field.output)
        after.update(identity or {})
        after.update(changes)
        return Plan(CREATE, before, _redact_after(fields, after, changes), changes)
    if not changes:
        return Plan(NOTHING, before, before, {})
    after = dict(current)
    after.update(changes)
    return Plan(UPDATE, before, _redact_after(fields, after, changes), changes)


def _redact_after(fields, after, changes):
    """``after`` without secrets, except a mask where a secret will be sent, so the diff shows that it changes."""
    shown = redact(fields, after)
    for field in fields:
        if field.kind == SECRET and field.name in changes:
            shown[field.name] = REDACTED
    return shown
