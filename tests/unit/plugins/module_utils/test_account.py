# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""reconcile_account: sections of a stage side by side, the next stage once they succeeded."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils import account
from ansible_collections.scorm.cloud.plugins.module_utils.engine import ItemsFailed, Task
from ansible_collections.scorm.cloud.tests.unit.plugins.module_utils.test_engine import THINGS, FakeClient, Service


@pytest.fixture
def kinds(monkeypatch):
    monkeypatch.setattr(account, "KINDS", {"destinations": THINGS, "courses": THINGS, "dispatches": THINGS})


def test_a_stage_runs_once_the_one_before_it_succeeded(kinds):
    service = Service([{"id": "t1", "name": "One", "tags": []}])
    declared = {"destinations": [{"id": "t1", "name": "One"}], "dispatches": [{"id": "t9", "name": "Nine"}]}
    outcomes = account.reconcile_account({"app": FakeClient(service)}, declared, lambda name: Task())
    assert [r.action for r in outcomes["destinations"]] == ["none"]
    assert [r.action for r in outcomes["dispatches"]] == ["create"] and "t9" in service.objects


def test_a_failed_section_stops_the_stages_after_it_and_not_its_own(kinds):
    service = Service()
    declared = {"destinations": [{"id": "bad", "name": "forbidden"}], "courses": [{"id": "c1", "name": "Course"}],
                "dispatches": [{"id": "t9", "name": "Nine"}]}
    outcomes = account.reconcile_account({"app": FakeClient(service)}, declared, lambda name: Task())
    assert isinstance(outcomes["destinations"], ItemsFailed)
    assert [r.action for r in outcomes["courses"]] == ["create"]  # same stage: reconciled
    assert "dispatches" not in outcomes and "t9" not in service.objects  # next stage: not touched
