# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""drift_report: the planned actions of a check-mode overridden run, classified into missing, changed and
unmanaged, with counts and one case per object for JUnit."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.scorm.cloud.plugins.filter.drift_report import drift_report

DESTINATIONS = {"changed": True, "actions": [
    {"id": "same", "action": "none"},
    {"id": "renamed", "action": "update", "fields": ["name"], "before": {"id": "renamed", "name": "Old", "tags": ["a"]},
     "after": {"id": "renamed", "name": "New", "tags": ["a"]}},
    {"id": "gone", "action": "create", "fields": ["name"], "before": {}, "after": {"id": "gone", "name": "Gone"}},
    {"id": "rogue", "action": "delete", "declared": False, "fields": [], "before": {"id": "rogue"}, "after": {}},
    {"id": "kept", "action": "none", "declared": False, "protected": True},
]}
COURSES = {"changed": True, "actions": [
    {"id": "c1", "action": "update", "fields": ["package", "title"], "import_reason": "the package differs: 1 file(s) added (a.html)",
     "before": {"id": "c1", "title": "T", "version": 1}, "after": {"id": "c1", "title": "U", "version": 2}},
    {"id": "c2", "action": "none", "skipped": "Course c2 does not exist; set src or url to import it (...)"},
]}
APPLICATIONS = {"changed": False, "actions": [{"id": "A1", "name": "staging", "action": "none"}]}


def test_each_object_that_differs_is_one_record_with_only_its_differing_fields():
    report = drift_report({"destinations": DESTINATIONS, "courses": COURSES, "applications": APPLICATIONS})
    records = dict(((r["kind"], r["label"]), r) for r in report["records"])
    assert sorted(records) == [("courses", "c1"), ("courses", "c2"), ("destinations", "gone"),
                               ("destinations", "renamed"), ("destinations", "rogue")]
    assert records[("destinations", "renamed")] == {
        "kind": "destinations", "id": "renamed", "label": "renamed", "class": "changed", "fields": ["name"],
        "before": {"name": "Old"}, "after": {"name": "New"}}
    assert records[("destinations", "gone")]["class"] == "missing"
    assert records[("destinations", "rogue")]["class"] == "unmanaged"
    assert records[("courses", "c1")]["before"] == {"title": "T"} and "differs" in records[("courses", "c1")]["reason"]
    assert records[("courses", "c2")]["class"] == "missing"


def test_the_summary_counts_per_kind_and_the_share_the_code_manages():
    summary = drift_report({"destinations": DESTINATIONS, "applications": APPLICATIONS})["summary"]
    assert (summary["missing"], summary["changed"], summary["unmanaged"], summary["drifted"]) == (1, 1, 1, 3)
    assert summary["kinds"]["destinations"] == {"missing": 1, "changed": 1, "unmanaged": 1, "matching": 1,
                                                "protected": 1, "live": 4, "managed_share": 0.5}
    assert summary["live"] == 5 and summary["managed_share"] == 0.6
    assert summary["declared_kinds"] == ["applications", "destinations"]


def test_one_case_per_declared_and_per_unmanaged_object():
    cases = drift_report({"destinations": DESTINATIONS})["cases"]
    assert [(case["label"], case["class"]) for case in cases] == [
        ("same", None), ("renamed", "changed"), ("gone", "missing"), ("rogue", "unmanaged")]


def test_no_drift_is_an_empty_report():
    report = drift_report({"applications": APPLICATIONS})
    assert report["records"] == [] and report["summary"]["drifted"] == 0 and report["summary"]["managed_share"] == 1.0


def test_a_section_that_did_not_run_cannot_be_reported_as_clean():
    with pytest.raises(AnsibleFilterError) as raised:
        drift_report({"destinations": {"failed": True, "msg": "401"}})
    assert "destinations" in str(raised.value) and "unknown" in str(raised.value)


def test_an_object_a_purge_would_refuse_to_delete_is_unmanaged_with_the_reason():
    kept = ("Destination 'd1' is not declared, and it was kept, because dispatch 'x1' (kept: its section is not managed "
            "by this run) refers to it; declare destination 'd1', or add it to protect.")
    report = drift_report({"destinations": {"changed": False, "actions": [
        {"id": "d1", "action": "none", "declared": False, "skipped": kept}]}})
    assert report["records"] == [{"kind": "destinations", "id": "d1", "label": "d1", "class": "unmanaged",
                                  "reason": kept}]
    assert report["summary"]["unmanaged"] == 1
