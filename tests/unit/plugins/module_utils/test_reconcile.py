# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plan() as a table of (desired, current) -> action and changes; the engine that drives it is tested in
test_engine.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    CREATE,
    DELETE,
    DICT,
    NOTHING,
    REDACTED,
    SECRET,
    SET,
    SETTINGS,
    TAGS,
    UPDATE,
    Field,
    plan,
)

FIELDS = (
    Field("name"),
    Field("email", normalize=lambda value: value.lower()),
    Field("tags", kind=TAGS),
    Field("settings", kind=DICT),
    Field("members", kind=SET),
    Field("password", kind=SECRET),
)
NAMES = [field.name for field in FIELDS]

CURRENT = {
    "id": "r1",
    "name": "Old",
    "email": "ops@example.com",
    "tags": ["a", "b"],
    "settings": {"mode": "x", "limits": {"low": 1, "high": 9}},
    "members": ["m1", "m2"],
}


def desired(**values):
    """Module-style desired state: every field present, None where the user set nothing."""
    state = dict((name, None) for name in NAMES)
    state.update(values)
    return state


PLAN_CASES = [
    # (id, desired, current, keyword arguments, action, changes)
    ("create", desired(name="New", tags=["b", "a", "b"]), None, {}, CREATE, {"name": "New", "tags": ["a", "b"]}),
    ("nothing set, nothing to do", desired(), CURRENT, {}, NOTHING, {}),
    ("same values", desired(name="Old", email="ops@example.com"), CURRENT, {}, NOTHING, {}),
    ("update one field", desired(name="New", email="ops@example.com"), CURRENT, {}, UPDATE, {"name": "New"}),
    ("normalised before comparing", desired(email="OPS@Example.com"), CURRENT, {}, NOTHING, {}),
    ("normalised value is what is sent", desired(email="NEW@Example.com"), CURRENT, {}, UPDATE, {"email": "new@example.com"}),
    ("delete", desired(), CURRENT, {"state": "absent"}, DELETE, {}),
    ("already absent", desired(), None, {"state": "absent"}, NOTHING, {}),
    # tags
    ("tags purged", desired(tags=["b", "c"]), CURRENT, {}, UPDATE, {"tags": ["b", "c"]}),
    ("tags only added", desired(tags=["c"]), CURRENT, {"purge_tags": False}, UPDATE, {"tags": ["a", "b", "c"]}),
    ("listed tags present, not purged", desired(tags=["a"]), CURRENT, {"purge_tags": False}, NOTHING, {}),
    ("tags omitted are kept", desired(tags=None), CURRENT, {}, NOTHING, {}),
    ("empty tags with purge remove all", desired(tags=[]), CURRENT, {}, UPDATE, {"tags": []}),
    ("empty tags without purge", desired(tags=[]), CURRENT, {"purge_tags": False}, NOTHING, {}),
    ("tag order and duplicates ignored", desired(tags=["b", "a", "a"]), CURRENT, {}, NOTHING, {}),
    ("current tags read in any order", desired(tags=["a", "b"]), dict(CURRENT, tags=["b", "a", "b"]), {}, NOTHING, {}),
    # nested options
    ("dict: unset sub-options keep their values", desired(settings={"mode": None, "limits": {"low": 1, "high": None}}),
     CURRENT, {}, NOTHING, {}),
    ("dict: a changed sub-option is merged into the rest", desired(settings={"mode": None, "limits": {"low": 5, "high": None}}),
     CURRENT, {}, UPDATE, {"settings": {"mode": "x", "limits": {"low": 5, "high": 9}}}),
    ("dict: new sub-option added", desired(settings={"extra": True}), CURRENT, {}, UPDATE,
     {"settings": {"mode": "x", "limits": {"low": 1, "high": 9}, "extra": True}}),
    ("dict on create has only what was set", desired(settings={"mode": "y", "limits": None}), None, {}, CREATE,
     {"settings": {"mode": "y"}}),
    # unordered lists
    ("set: order ignored", desired(members=["m2", "m1"]), CURRENT, {}, NOTHING, {}),
    ("set: current read in any order", desired(members=["m1", "m2"]), dict(CURRENT, members=["m2", "m1"]), {}, NOTHING, {}),
    ("set: replaced whole", desired(members=["m3"]), CURRENT, {}, UPDATE, {"members": ["m3"]}),
    # write-only secrets
    ("secret sent on create", desired(name="New", password="pw-1"), None, {}, CREATE, {"name": "New", "password": "pw-1"}),
    ("secret not resent by default", desired(password="pw-1"), CURRENT, {}, NOTHING, {}),
    ("secret not resent with on_create", desired(password="pw-1"), CURRENT, {"update_password": "on_create"}, NOTHING, {}),
    ("secret resent with always", desired(password="pw-1"), CURRENT, {"update_password": "always"}, UPDATE,
     {"password": "pw-1"}),
    ("secret unset is never sent", desired(), CURRENT, {"update_password": "always"}, NOTHING, {}),
]


@pytest.mark.parametrize("wanted, current, options, action, changes",
                         [pytest.param(*case[1:], id=case[0]) for case in PLAN_CASES])
def test_plan(wanted, current, options, action, changes):
    snapshot = copy.deepcopy((wanted, current))
    result = plan(FIELDS, wanted, current, identity={"id": "r1"}, **options)
    assert (result.action, result.changes) == (action, changes)
    assert result.changed is (action != NOTHING)
    assert (wanted, current) == snapshot, "plan() must not modify its inputs"


def test_plan_after_for_create_is_the_prediction_with_identity():
    result = plan(FIELDS, desired(name="New", password="pw-1"), None, identity={"id": "r1"})
    assert result.before is None
    assert result.after == {"id": "r1", "name": "New", "email": None, "tags": None, "settings": None, "members": None,
                            "password": REDACTED}


def test_plan_after_for_update_overlays_the_changes():
    result = plan(FIELDS, desired(name="New", tags=["z"]), CURRENT)
    assert result.before == CURRENT
    assert result.after == dict(CURRENT, name="New", tags=["z"])


def test_plan_for_delete_has_no_after():
    result = plan(FIELDS, desired(), CURRENT, state="absent")
    assert (result.before, result.after) == (CURRENT, None)


@pytest.mark.parametrize("current, update_password, shown_after", [
    (None, "on_create", REDACTED),
    (dict(CURRENT, password="leaked-by-read"), "always", REDACTED),
    (dict(CURRENT, password="leaked-by-read"), "on_create", None),
])
def test_diff_never_shows_a_secret(current, update_password, shown_after):
    result = plan(FIELDS, desired(name="New", password="pw-new"), current, update_password=update_password)
    texts = repr((result.before, result.after))
    assert "pw-new" not in texts and "leaked-by-read" not in texts
    assert "password" not in (result.before or {})
    assert result.after.get("password") == shown_after


@pytest.mark.parametrize("wanted, current, action, target", [
    # Only the declared ids were read: compared one by one; None leaves a setting alone.
    ({"a": "1", "b": None}, {"a": "1", "b": "2"}, NOTHING, None),
    ({"a": "2"}, {"a": "1"}, UPDATE, {"a": "2"}),
    # An id read beyond the declared ones (a purge read every explicit one) is removed.
    ({"a": "1"}, {"a": "1", "c": "3"}, UPDATE, {"a": "1"}),
    ({}, {"c": "3"}, UPDATE, {}),
    ({}, {}, NOTHING, None),
])
def test_settings_fields_remove_what_the_current_value_holds_beyond_the_declared_ids(wanted, current, action, target):
    fields = (Field("settings", kind=SETTINGS),)
    result = plan(fields, {"settings": wanted}, {"id": "x", "settings": current})
    assert result.action == action
    assert result.changes.get("settings") == target
    if target is not None:
        assert result.after["settings"] == target and result.before["settings"] == current
