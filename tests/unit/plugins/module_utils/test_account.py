# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""reconcile_account: every section planned before the first write; creates and updates stage by stage, deletes
last; a purge never deletes what a kept object refers to."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils import _account as account
from ansible_collections.scorm.cloud.plugins.module_utils._client import ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._engine import MERGED, OVERRIDDEN, ItemsFailed, Task
from ansible_collections.scorm.cloud.tests.unit.plugins.module_utils.test_engine import FakeClient, Service, Things


class Section(Things):
    """Things of one section, each section at a path of its own (/destinations, ...) on one fake service."""

    def __init__(self, plural):
        self.plural = plural
        self.path = "/" + plural
        self.tags_batch_path = self.path + "/tags"


class Children(Section):
    """Things that name a parent of the "destinations" section, as a dispatch names its destination."""

    references = (("parent", "destinations"),)
    item_options = dict(Things.item_options, parent=dict(type="str"))

    def from_api(self, key, data):
        return dict(Things.from_api(self, key, data), parent=data.get("parent"))


PARENTS, COURSES, CHILDREN = Section("destinations"), Section("courses"), Children("dispatches")


class SectionsClient(FakeClient):
    """A FakeClient whose Service holds the objects of every section, by id, each remembering its section."""

    def pages(self, path, key, params=None, count=False, item_shape=None):
        mine = dict((thing_id, thing) for thing_id, thing in self.service.objects.items() if thing["at"] == path)
        everything, self.service.objects = self.service.objects, mine
        try:
            yield from FakeClient.pages(self, path, key, params, count, item_shape)
        finally:
            everything.update(self.service.objects)
            self.service.objects = everything

    def request(self, method, path, json=None, **kwargs):
        FakeClient.request(self, method, path, json=json, **kwargs)
        if method == "PUT" and path.count("/") == 2 and path.split("/")[2] in self.service.objects:
            self.service.objects[path.split("/")[2]]["at"] = "/" + path.split("/")[1]


@pytest.fixture
def kinds(monkeypatch):
    monkeypatch.setattr(account, "KINDS", {"destinations": PARENTS, "courses": COURSES, "dispatches": CHILDREN})
    monkeypatch.setattr(account, "SECTIONS", (("destinations", PARENTS), ("courses", COURSES),
                                              ("dispatches", CHILDREN)))


def thing(thing_id, at, **values):
    return dict(dict(id=thing_id, name=thing_id.title(), tags=[], at=at), **values)


def reconcile(service, declared, state=MERGED, check_mode=False):
    tasks = dict((name, Task(state=state, check_mode=check_mode)) for name in declared)
    return account.reconcile_account({"app": SectionsClient(service, check_mode)}, declared, tasks.get)


def test_a_stage_runs_once_the_one_before_it_succeeded(kinds):
    service = Service([thing("t1", "/destinations", name="One")])
    outcomes = reconcile(service, {"destinations": [{"id": "t1", "name": "One"}], "dispatches": [{"id": "t9", "name": "Nine"}]})
    assert [r.action for r in outcomes["destinations"]] == ["none"]
    assert [r.action for r in outcomes["dispatches"]] == ["create"] and "t9" in service.objects


def test_a_wrong_plan_in_any_section_writes_nothing_in_every_section(kinds):
    service = Service()
    outcomes = reconcile(service, {"destinations": [{"id": "bad", "name": "forbidden"}],
                                   "courses": [{"id": "c1", "name": "Course"}], "dispatches": [{"id": "t9", "name": "Nine"}]})
    assert isinstance(outcomes["destinations"], ItemsFailed) and outcomes["destinations"].before_writes
    assert isinstance(outcomes["courses"], account.NotWritten)
    assert [r.action for r in outcomes["courses"].records] == ["create"]  # the plan of its stage, shown
    assert "dispatches" not in outcomes  # not planned: its plan would build on the failed one
    assert service.writes() == []


def test_a_failed_write_stops_the_stages_after_it_and_not_its_own(kinds):
    service = Service()
    service.fail[("PUT", "/destinations/d1")] = ScormCloudError("PUT /destinations/d1 failed (400)", status=400)
    outcomes = reconcile(service, {"destinations": [{"id": "d1", "name": "One"}],
                                   "courses": [{"id": "c1", "name": "Course"}], "dispatches": [{"id": "t9", "name": "Nine"}]})
    assert isinstance(outcomes["destinations"], ItemsFailed) and not outcomes["destinations"].before_writes
    assert [r.action for r in outcomes["courses"]] == ["create"] and "c1" in service.objects  # same stage: written
    assert isinstance(outcomes["dispatches"], account.NotWritten) and "t9" not in service.objects


def test_deletes_come_after_every_create_and_update(kinds):
    service = Service([thing("old", "/destinations"), thing("c-old", "/dispatches")])
    reconcile(service, {"destinations": [{"id": "d1", "name": "New"}], "dispatches": [{"id": "c1", "name": "Child"}]},
              state=OVERRIDDEN)
    writes = [sent for sent in service.sent if sent[0] != "GET"]
    assert writes == [("PUT", "/destinations/d1"), ("PUT", "/dispatches/c1"), ("DELETE", "/dispatches/c-old"),
                      ("DELETE", "/destinations/old")]


@pytest.mark.parametrize("check_mode", [True, False])
def test_a_purge_of_what_a_declared_object_refers_to_fails_before_any_write(kinds, check_mode):
    # The purge would delete parent p1, which the declared child refers to: refused in check mode and for real alike.
    service = Service([thing("p1", "/destinations"), thing("k1", "/dispatches", parent="p1")])
    outcomes = reconcile(service, {"destinations": [{"id": "p0", "name": "Other"}],
                                   "dispatches": [{"id": "k1", "name": "K1", "parent": "p1"}]},
                         state=OVERRIDDEN, check_mode=check_mode)
    failed = outcomes["destinations"]
    assert isinstance(failed, ItemsFailed) and failed.before_writes
    refused = [r for r in failed.records if r.error]
    assert [r.key for r in refused] == ["p1"]
    assert refused[0].error == ("Thing 'p1' is not declared, so the purge would delete it, but thing 'k1' (declared) "
                                "refers to it (SCORM Cloud deletes a destination's dispatches with it); declare thing 'p1', or add "
                                "it to protect.")
    assert isinstance(outcomes["dispatches"], account.NotWritten)
    assert service.writes() == [] and "p1" in service.objects


def test_a_purge_of_what_a_kept_object_of_an_unmanaged_section_refers_to_fails(kinds, monkeypatch):
    # The dispatches section is not declared: its live objects are kept, and read only because a purge is planned.
    service = Service([thing("p1", "/destinations"), thing("k1", "/dispatches", parent="p1")])
    asked = []

    def live_referrers(client, section, keys, task):
        asked.append((section, keys))
        return [CHILDREN.from_api("k1", service.objects["k1"])]

    monkeypatch.setattr(CHILDREN, "live_referrers", live_referrers)
    outcomes = reconcile(service, {"destinations": [{"id": "p0", "name": "Other"}]}, state=OVERRIDDEN)
    assert asked == [("destinations", ["p1"])]  # the objects the purge would delete
    assert [r.error for r in outcomes["destinations"].records if r.error] == [
        "Thing 'p1' is not declared, so the purge would delete it, but thing 'k1' (kept: its section is not managed by "
        "this run) refers to it (SCORM Cloud deletes a destination's dispatches with it); declare thing 'p1', or add it "
        "to protect."]
    assert service.writes() == []


def test_a_purge_keeps_going_when_nothing_refers_to_what_it_deletes(kinds):
    service = Service([thing("p1", "/destinations"), thing("k1", "/dispatches", parent="p1")])
    outcomes = reconcile(service, {"destinations": [{"id": "p0", "name": "Other"}], "dispatches": []}, state=OVERRIDDEN)
    assert sorted((r.key, r.action) for r in outcomes["destinations"]) == [("p0", "create"), ("p1", "delete")]
    assert [(r.key, r.action) for r in outcomes["dispatches"]] == [("k1", "delete")]
    assert set(service.objects) == set(["p0"])
