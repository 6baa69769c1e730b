# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""What an answer of the API must look like before anything is planned from it.

A shape declares the part of an operation's JSON answer that the collection reads, and nothing more: keys it does
not name are not checked, because the service may add fields. ``problem(value, shape)`` returns None, or a phrase
that says where the answer differs and how (``destinations[2].data.tags is a string, not a list``), which the client
turns into one sentence that fails the task before any write.

- ``STR``, ``INT``, ``BOOL``, ``SCALAR`` (a string, number or true/false) and ``ANY``;
- ``ID``: a non-empty string (what names an object);
- ``Obj({key: shape}, required=(...))``: an object; a key that is present and not null must match its shape, a
  required key must be present and not null;
- ``ListOf(shape)``: a list whose every element matches;
- ``OneOf(shape, ...)``: any of the shapes (the service writes some enums as a string or as an object);
- ``Enum(values)``: one of these strings.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

integer_types, string_types = (int,), (str,)


class Scalar:
    """A JSON scalar of one of ``types``; ``name`` is how a sentence calls it."""

    def __init__(self, name, types, non_empty=False):
        self.name = name
        self.types = types
        self.non_empty = non_empty

    def problem(self, value, where):
        if isinstance(value, bool) and bool not in self.types:
            return "%s is %s, not %s" % (where, describe(value), self.name)
        if not isinstance(value, self.types):
            return "%s is %s, not %s" % (where, describe(value), self.name)
        if self.non_empty and not value.strip():
            return "%s is an empty string" % where
        return None


class Obj:
    def __init__(self, keys, required=()):
        self.keys = keys
        self.required = tuple(required)

    def problem(self, value, where):
        if not isinstance(value, dict):
            return "%s is %s, not an object" % (where, describe(value))
        for key in self.required:
            if value.get(key) is None:
                return "%s has no %s" % (where, key) if where != ANSWER else "it has no %s" % key
        for key, shape in self.keys.items():
            if value.get(key) is not None:
                found = shape.problem(value[key], _join(where, key))
                if found:
                    return found
        return None


class ListOf:
    def __init__(self, element):
        self.element = element

    def problem(self, value, where):
        if not isinstance(value, list):
            return "%s is %s, not a list" % (where, describe(value))
        for index, element in enumerate(value):
            if element is None:
                return "%s[%d] is null" % (where, index)
            found = self.element.problem(element, "%s[%d]" % (where, index))
            if found:
                return found
        return None


class OneOf:
    def __init__(self, *shapes):
        self.shapes = shapes

    def problem(self, value, where):
        problems = [shape.problem(value, where) for shape in self.shapes]
        return None if None in problems else problems[0]


class Enum:
    def __init__(self, values):
        self.values = tuple(values)

    def problem(self, value, where):
        if value not in self.values:
            shown = repr(value) if isinstance(value, string_types) else describe(value)
            return "%s is %s, not one of %s" % (where, shown, ", ".join(self.values))
        return None


class Anything:
    def problem(self, value, where):
        return None


ANSWER = "the answer"
STR = Scalar("a string", string_types)
ID = Scalar("a string", string_types, non_empty=True)
INT = Scalar("a number", integer_types)
BOOL = Scalar("true or false", (bool,))
SCALAR = Scalar("a string, number or true/false", string_types + integer_types + (float, bool))
ANY = Anything()
TAG_LIST = ListOf(STR)
# The answer of a tag read (TagListSchema), of an EnabledSchema read, of a StringResultSchema (a new object's id).
TAGS_ANSWER = Obj({"tags": TAG_LIST}, required=("tags",))
ENABLED_ANSWER = Obj({"enabled": BOOL}, required=("enabled",))
RESULT_ANSWER = Obj({"result": ID}, required=("result",))
# A configuration read (SettingListSchema), as far as _settings.py reads it.
SETTINGS_ANSWER = Obj({"settingItems": ListOf(Obj({
    "id": ID,
    "explicitValue": SCALAR,
    "metadata": Obj({"validValues": ListOf(Obj({"value": SCALAR}))}),
}, required=("id",)))}, required=("settingItems",))


def problem(value, shape):
    """None when ``value`` (a decoded JSON answer) has ``shape``, else where and how it differs."""
    if shape is None:
        return None
    if value is None:
        return "it is empty (null or no body)"
    return shape.problem(value, ANSWER)


def list_answer(key, item):
    """The shape of a page of a list: ``key`` holds the items, each with ``item``'s shape."""
    return Obj({key: ListOf(item)}, required=(key,))


def describe(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, string_types):
        return "a string"
    if isinstance(value, integer_types + (float,)):
        return "a number"
    return "a %s" % type(value).__name__


def _join(where, key):
    return key if where == ANSWER else "%s.%s" % (where, key)
