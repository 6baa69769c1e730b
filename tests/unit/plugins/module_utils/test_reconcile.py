# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reconcile engine: plan() as a table of (desired, current) -> action and changes, and reconcile() driving
a Resource that records its calls."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import (
    CREATE,
    DELETE,
    DICT,
    NOTHING,
    REDACTED,
    SECRET,
    SET,
    TAGS,
    UPDATE,
    DesiredStateError,
    Field,
    Resource,
    plan,
    reconcile,
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


# -- reconcile() ------------------------------------------------------------------------------------------------

class RecordingResource(Resource):
    """A Resource kept in memory that records every write, like a module's Resource would send them."""

    kind = "thing"
    fields = FIELDS
    required_on_create = ("name",)

    def __init__(self, current=None):
        self.stored = copy.deepcopy(current)
        self.writes = []
        self.reads = 0

    def identity(self):
        return {"id": "r1"}

    def read(self):
        self.reads += 1
        if self.stored is None:
            return None
        return dict((key, value) for key, value in self.stored.items() if key != "password")

    def create(self, values):
        self.writes.append(("create", values))
        self.stored = dict(desired(), id="r1", **values)

    def update(self, current, changes, wanted):
        self.writes.append(("update", changes))
        self.stored.update(changes)

    def delete(self, current):
        self.writes.append(("delete", current["id"]))
        self.stored = None


@pytest.mark.parametrize("wanted, current, state, action", [
    (desired(name="New", password="pw-1"), None, "present", CREATE),
    (desired(name="New"), CURRENT, "present", UPDATE),
    (desired(), CURRENT, "absent", DELETE),
])
def test_reconcile_in_check_mode_writes_nothing_and_returns_the_prediction(wanted, current, state, action):
    resource = RecordingResource(current)
    expected = plan(FIELDS, wanted, resource.read(), state=state, identity=resource.identity())
    changed, after, diff = reconcile(resource, wanted, state=state, check_mode=True)
    assert resource.writes == []
    assert changed is True
    assert after == expected.after
    assert diff == {"before": expected.before or {}, "after": expected.after or {}}


def test_reconcile_create_sends_every_set_field_and_returns_what_was_stored():
    resource = RecordingResource()
    changed, after, diff = reconcile(resource, desired(name="New", tags=["b", "a"], password="pw-1"))
    assert changed is True
    assert resource.writes == [("create", {"name": "New", "tags": ["a", "b"], "password": "pw-1"})]
    assert resource.reads == 2  # before, and again after the write
    stored = dict(desired(name="New", tags=["a", "b"]), id="r1")
    del stored["password"]  # write-only: never read back
    assert after == stored
    assert diff["before"] == {} and "pw-1" not in repr(diff)


def test_reconcile_update_sends_only_the_changes():
    resource = RecordingResource(CURRENT)
    changed, after, diff = reconcile(resource, desired(name="New", email="ops@example.com", password="pw-1"))
    assert changed is True
    assert resource.writes == [("update", {"name": "New"})]
    assert after == dict(CURRENT, name="New")
    assert diff == {"before": CURRENT, "after": dict(CURRENT, name="New")}


def test_reconcile_without_changes_writes_nothing():
    resource = RecordingResource(CURRENT)
    assert reconcile(resource, desired(name="Old")) == (False, CURRENT, {"before": CURRENT, "after": CURRENT})
    assert resource.writes == [] and resource.reads == 1


@pytest.mark.parametrize("current, writes, changed", [
    (CURRENT, [("delete", "r1")], True),
    (None, [], False),
])
def test_reconcile_absent(current, writes, changed):
    resource = RecordingResource(current)
    assert reconcile(resource, desired(), state="absent") == (changed, None, {"before": current or {}, "after": {}})
    assert resource.writes == writes


@pytest.mark.parametrize("check_mode", [False, True])
def test_reconcile_refuses_a_create_without_its_required_options(check_mode):
    resource = RecordingResource()
    with pytest.raises(DesiredStateError) as raised:
        reconcile(resource, desired(email="ops@example.com"), check_mode=check_mode)
    assert str(raised.value) == "thing id=r1 does not exist yet; set name to create it."
    assert resource.writes == []


def test_required_options_may_be_omitted_on_update():
    resource = RecordingResource(CURRENT)
    assert reconcile(resource, desired(email="new@example.com"))[0] is True
    assert resource.writes == [("update", {"email": "new@example.com"})]
