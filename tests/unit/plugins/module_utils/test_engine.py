# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account engine against an in-memory kind: what it reads (one GET, or the list once, or GETs when they are
fewer than the pages left), what it writes (only changes; batched creates and tag additions; nothing in check mode),
and how it reports (per object; every failing item named; nothing written when the plan is wrong)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import copy
import threading

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils._client import CheckModeWriteError, ScormCloudError
from ansible_collections.scorm.cloud.plugins.module_utils._engine import (
    DELETED,
    GATHERED,
    MERGED,
    OVERRIDDEN,
    ItemsFailed,
    Task,
    action_of,
    failure_message,
    parallel,
    reconcile_items,
    segment,
    summary_of,
)
from ansible_collections.scorm.cloud.plugins.module_utils._kind import Kind
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import (
    DICT,
    SECRET,
    TAGS,
    DesiredStateError,
    Field,
)


class Service:
    """The objects of one kind on a fake service, and every request the engine sent, as (method, path)."""

    def __init__(self, objects=(), page_size=3):
        self.objects = dict((obj["id"], copy.deepcopy(obj)) for obj in objects)
        self.page_size = page_size
        self.sent = []
        self.lock = threading.Lock()
        self.fail = {}  # (method, path) -> ScormCloudError to raise

    def record(self, method, path):
        with self.lock:
            self.sent.append((method, path))
        if (method, path) in self.fail:
            raise self.fail[(method, path)]

    def writes(self):
        return sorted(sent for sent in self.sent if sent[0] != "GET")


class FakeClient:
    """What the engine and the kind need of ScormCloudClient, on the Service."""

    def __init__(self, service, check_mode=False):
        self.service = service
        self.check_mode = check_mode
        self.secrets = []
        self.slept = []
        self.owner = threading.local()

    @contextlib.contextmanager
    def on_behalf_of(self, owner):
        self.owner.value = owner
        try:
            yield owner
        finally:
            self.owner.value = None

    def sleep(self, seconds):
        self.slept.append(seconds)

    def request(self, method, path, json=None, **kwargs):
        if self.check_mode and method != "GET":
            raise CheckModeWriteError("%s %s attempted in check mode" % (method, path))
        self.service.record(method, path)
        if getattr(self.owner, "value", None) is not None:
            self.owner.value.wrote = True
        if method == "DELETE" and path.count("/") == 2:
            del self.service.objects[path.split("/")[2]]
        elif path == "/things/tags":
            for thing_id in json["ids"]:
                self.service.objects[thing_id]["tags"] = sorted(set(self.service.objects[thing_id]["tags"]) | set(json["tags"]))
        elif path.endswith("/tags"):
            thing = self.service.objects[path.split("/")[2]]
            change = set(json["tags"])
            thing["tags"] = sorted(set(thing["tags"]) | change if method == "PUT" else set(thing["tags"]) - change)

    def get(self, path, params=None, shape=None):
        self.service.record("GET", path)
        assert path.endswith("/tags"), path  # the engine reads tags back after writing them
        return {"tags": list(self.service.objects[path.split("/")[2]]["tags"])}

    def get_or_none(self, path, params=None, shape=None):
        self.service.record("GET", path)
        thing = self.service.objects.get(path.split("/")[2])
        return copy.deepcopy(thing) if thing is not None else None

    def pages(self, path, key, params=None, count=False, item_shape=None):
        ordered = [self.service.objects[thing_id] for thing_id in sorted(self.service.objects)]
        size = self.service.page_size
        for start in range(0, max(len(ordered), 1), size):
            self.service.record("GET", path + "?page=%d" % (start // size))
            more = "page" if start + size < len(ordered) else None
            yield copy.deepcopy(ordered[start:start + size]), more, len(ordered) if count and start == 0 else None

    def add_secret(self, value):
        self.secrets.append(value)


class Things(Kind):
    name = "thing"
    plural = "things"
    noun = "thing"
    family = "thing"
    modules = ("scorm_thing", "scorm_things")
    doc_fragment = "thing"
    path = "/things"
    list_key = "things"
    tags_batch_path = "/things/tags"
    fields = (
        Field("name"),
        Field("tags", kind=TAGS),
        Field("settings", kind=DICT),
        Field("password", kind=SECRET),
        Field("extra", detail=True),
    )
    item_options = {"id": dict(type="str", required=True)}
    required_on_create = ("name",)

    def from_api(self, key, data):
        return {"id": key, "name": data.get("name"), "tags": sorted(data.get("tags") or []),
                "settings": data.get("settings"), "password": data.get("password")}

    def from_list_item(self, item):
        return self.from_api(item["id"], item)

    def read_details(self, client, record, names, task):
        client.service.record("GET", self.item_path(record.key) + "/extra")
        return {"extra": client.service.objects[record.key].get("extra")}

    def refine(self, record, task):
        if (record.desired or {}).get("name") == "forbidden":
            raise DesiredStateError("thing %s may not be named forbidden." % record.key)

    def create(self, client, record, task):
        client.request("PUT", self.item_path(record.key))
        client.service.objects[record.key] = dict(record.plan.changes, id=record.key, tags=record.plan.changes.get("tags") or [])

    def create_batch(self, client, records, task):
        client.request("POST", self.path)
        for record in records:
            client.service.objects[record.key] = dict(record.plan.changes, id=record.key,
                                                      tags=record.plan.changes.get("tags") or [])

    def update(self, client, record, changes, task):
        client.request("PATCH", self.item_path(record.key))
        client.service.objects[record.key].update(changes)


THINGS = Things()
EXISTING = [{"id": "t%d" % n, "name": "Thing %d" % n, "tags": ["a"], "extra": "x"} for n in range(1, 8)]


def run(service, items, state=MERGED, check_mode=False, **choices):
    task = Task(state=state, check_mode=check_mode, **choices)
    return reconcile_items(THINGS, FakeClient(service, check_mode), items, task)


# -- reading ----------------------------------------------------------------------------------------------------------

def test_a_single_object_is_read_with_one_get():
    service = Service(EXISTING)
    records = run(service, [{"id": "t2", "name": "Thing 2"}])
    assert service.sent == [("GET", "/things/t2")]
    assert records[0].action == "none"


def test_many_objects_are_read_from_the_list_once():
    service = Service(EXISTING)
    run(service, [{"id": "t%d" % n, "name": "Thing %d" % n} for n in range(1, 8)])
    assert service.sent == [("GET", "/things?page=0"), ("GET", "/things?page=1"), ("GET", "/things?page=2")]


def test_reading_stops_when_every_declared_id_is_found():
    service = Service(EXISTING)
    run(service, [{"id": "t1"}, {"id": "t2"}])
    assert service.sent == [("GET", "/things?page=0")]


def test_a_few_ids_in_a_large_list_are_read_by_id_when_that_is_fewer_requests():
    service = Service([{"id": "t%02d" % n, "name": "n", "tags": []} for n in range(30)], page_size=3)
    run(service, [{"id": "t28"}, {"id": "t29"}, {"id": "new", "name": "New"}], check_mode=True)
    # 9 pages were left after the first; 3 GETs by id are fewer.
    assert service.sent[0] == ("GET", "/things?page=0")
    assert sorted(service.sent[1:]) == [("GET", "/things/new"), ("GET", "/things/t28"), ("GET", "/things/t29")]


def test_detail_fields_are_read_only_for_objects_that_declare_them():
    service = Service(EXISTING)
    records = run(service, [{"id": "t1", "extra": "x"}, {"id": "t2", "name": "Thing 2"}])
    assert ("GET", "/things/t1/extra") in service.sent and ("GET", "/things/t2/extra") not in service.sent
    assert records[0].plan.before["extra"] == "x"
    assert "extra" not in records[1].plan.before  # never reported as a default value


def test_secrets_read_are_learned_by_the_client_and_never_shown():
    service = Service([{"id": "t1", "name": "n", "tags": [], "password": "read-secret-1"}])
    client = FakeClient(service)
    records = reconcile_items(THINGS, client, [{"id": "t1", "name": "n"}], Task())
    assert client.secrets == ["read-secret-1"]
    assert "read-secret-1" not in repr((records[0].plan.before, records[0].after))


# -- writing ----------------------------------------------------------------------------------------------------------

def test_only_real_changes_are_written():
    service = Service(EXISTING)
    records = run(service, [{"id": "t1", "name": "Thing 1"}, {"id": "t2", "name": "Renamed"}, {"id": "t3"}])
    assert service.writes() == [("PATCH", "/things/t2")]
    assert [r.action for r in records] == ["none", "update", "none"]
    assert records[1].after["name"] == "Renamed"
    assert summary_of(records) == {"create": 0, "update": 1, "delete": 0, "unchanged": 2, "failed": 0, "protected": 0}


def test_creates_of_several_objects_are_batched():
    service = Service()
    run(service, [{"id": "n%d" % n, "name": "New %d" % n} for n in range(5)])
    assert service.writes() == [("POST", "/things")]
    assert sorted(service.objects) == ["n0", "n1", "n2", "n3", "n4"]


def test_a_batch_refused_as_a_whole_is_sent_again_object_by_object():
    service = Service()
    service.fail[("POST", "/things")] = ScormCloudError("POST /things failed (400): one is bad", status=400)
    run(service, [{"id": "n1", "name": "One"}, {"id": "n2", "name": "Two"}])
    assert service.writes() == [("POST", "/things"), ("PUT", "/things/n1"), ("PUT", "/things/n2")]


def test_tag_additions_shared_by_several_objects_go_in_one_batch():
    service = Service(EXISTING)
    run(service, [{"id": "t1", "tags": ["a", "b"]}, {"id": "t2", "tags": ["a", "b"]}, {"id": "t3", "tags": ["c"]}])
    assert service.writes() == [("DELETE", "/things/t3/tags"), ("PUT", "/things/t3/tags"), ("PUT", "/things/tags")]
    assert [service.objects[t]["tags"] for t in ("t1", "t2", "t3")] == [["a", "b"], ["a", "b"], ["c"]]


def test_check_mode_writes_nothing_and_predicts():
    service = Service(EXISTING)
    records = run(service, [{"id": "t1", "name": "Renamed"}, {"id": "new", "name": "New", "tags": ["z"]}],
                  state=OVERRIDDEN, check_mode=True)
    assert service.writes() == []
    assert [(r.action, r.key) for r in records][:2] == [("update", "t1"), ("create", "new")]
    assert records[0].after["name"] == "Renamed" and records[1].after == {
        "id": "new", "name": "New", "tags": ["z"], "settings": None, "extra": None}
    assert sorted(r.key for r in records if r.action == "delete") == ["t2", "t3", "t4", "t5", "t6", "t7"]


def test_a_write_attempted_in_check_mode_is_raised_as_a_bug():
    def write():
        raise CheckModeWriteError("PUT /x attempted in check mode")

    with pytest.raises(CheckModeWriteError):
        parallel([write, write], 4)


# -- states -----------------------------------------------------------------------------------------------------------

def test_overridden_deletes_only_undeclared_and_unprotected_objects():
    service = Service(EXISTING)
    records = run(service, [{"id": "t1"}, {"id": "t2"}], state=OVERRIDDEN, protect=["t3", "Thing 4"])
    assert sorted(service.objects) == ["t1", "t2", "t3", "t4"]
    # The protected ones are reported, as undeclared objects that were kept.
    kept = [action_of(THINGS, r) for r in records if r.protected]
    assert sorted(entry["id"] for entry in kept) == ["t3", "t4"]
    assert all(entry["action"] == "none" and entry["declared"] is False for entry in kept)
    assert summary_of(records)["protected"] == 2 and summary_of(records)["delete"] == 3


def test_deleted_deletes_the_listed_objects_and_is_idempotent():
    service = Service(EXISTING)
    first = run(service, [{"id": "t1"}, {"id": "nope"}], state=DELETED)
    assert [r.action for r in first] == ["delete", "none"] and "t1" not in service.objects
    service.sent[:] = []
    assert [r.action for r in run(service, [{"id": "t1"}], state=DELETED)] == ["none"]
    assert service.writes() == []


def test_gathered_returns_every_object_in_config_shape():
    service = Service(EXISTING[:2])
    records = run(service, [], state=GATHERED)
    assert [THINGS.config_shape(r.current) for r in records] == [
        {"id": "t1", "name": "Thing 1", "tags": ["a"]}, {"id": "t2", "name": "Thing 2", "tags": ["a"]}]
    assert service.writes() == []


# -- errors -----------------------------------------------------------------------------------------------------------

def test_duplicates_and_bad_ids_fail_before_any_request():
    service = Service(EXISTING)
    with pytest.raises(ItemsFailed) as failed:
        run(service, [{"id": "t1"}, {"id": "t1", "name": "again"}, {"id": ".."}, {"id": "ok"}])
    assert service.sent == []
    message = failure_message(THINGS, failed.value.records, failed.value.before_writes)
    assert message.startswith("3 of 4 things failed.")
    assert "thing 't1': thing 't1' is declared more than once" in message
    assert "id must not be '..'" in message and message.endswith("Nothing was written.")


def test_one_invalid_item_fails_the_task_before_the_first_write():
    service = Service(EXISTING)
    with pytest.raises(ItemsFailed) as failed:
        run(service, [{"id": "t1", "name": "Good"}, {"id": "t2", "name": "forbidden"}, {"id": "new"}])
    assert service.writes() == []
    message = failure_message(THINGS, failed.value.records, True)
    assert "thing 't2': thing t2 may not be named forbidden." in message
    assert "thing 'new': thing id=new does not exist yet; set name to create it." in message
    assert "'t1'" not in message


def test_a_failed_write_fails_only_its_object_and_the_others_are_written():
    service = Service(EXISTING)
    service.fail[("PATCH", "/things/t2")] = ScormCloudError("PATCH /things/t2 failed (409): busy", status=409)
    with pytest.raises(ItemsFailed) as failed:
        run(service, [{"id": "t1", "name": "A"}, {"id": "t2", "name": "B"}, {"id": "t3", "name": "C"}])
    records = failed.value.records
    assert [r.error for r in records] == [None, "PATCH /things/t2 failed (409): busy", None]
    assert service.objects["t1"]["name"] == "A" and service.objects["t3"]["name"] == "C"
    assert action_of(THINGS, records[1])["error"] == "PATCH /things/t2 failed (409): busy"
    assert failure_message(THINGS, records, False).endswith("The other things were reconciled as declared.")


def test_a_failed_update_leaves_the_objects_tags_alone():
    service = Service(EXISTING)
    service.fail[("PATCH", "/things/t1")] = ScormCloudError("PATCH failed", status=400)
    with pytest.raises(ItemsFailed):
        run(service, [{"id": "t1", "name": "B", "tags": ["new"]}])
    assert service.objects["t1"]["tags"] == ["a"]


def test_a_read_error_fails_the_whole_task_at_once():
    service = Service(EXISTING)
    service.fail[("GET", "/things/t1")] = ScormCloudError("GET /things/t1 failed (401)", status=401)
    with pytest.raises(ScormCloudError):
        run(service, [{"id": "t1"}])


@pytest.mark.parametrize("value", [".", ".."])
def test_dot_segments_never_reach_a_path(value):
    with pytest.raises(ValueError):
        segment(value)
    assert segment("a/b c") == "a%2Fb%20c"


def test_after_a_plan_that_fails_the_valid_items_show_their_prediction_and_nothing_is_written():
    service = Service(EXISTING)
    with pytest.raises(ItemsFailed) as failed:
        run(service, [{"id": "new", "name": "New"}, {"id": "bad", "name": "forbidden"}])
    new = failed.value.records[0]
    assert new.action == "create" and new.after["name"] == "New"
    assert failed.value.before_writes is True and service.writes() == []


# -- tags: a refused tag costs nothing; another run's tags are never mixed in silently ---------------------------------

def test_a_refused_tag_addition_removes_no_tag_and_changes_nothing():
    # The service refuses the new tag: the old ones must all stay, and nothing was changed.
    service = Service(EXISTING)
    service.fail[("PUT", "/things/t1/tags")] = ScormCloudError("PUT /things/t1/tags failed (400)", status=400)
    with pytest.raises(ItemsFailed) as failed:
        run(service, [{"id": "t1", "tags": ["new"]}])
    assert service.objects["t1"]["tags"] == ["a"]
    assert ("DELETE", "/things/t1/tags") not in service.sent
    assert failed.value.records[0].changed is False


def test_tags_are_added_before_any_is_removed_and_read_back():
    service = Service(EXISTING)
    run(service, [{"id": "t1", "tags": ["b"]}])
    tag_requests = [sent for sent in service.sent if sent[1] == "/things/t1/tags"]
    assert tag_requests == [("PUT", "/things/t1/tags"), ("DELETE", "/things/t1/tags"), ("GET", "/things/t1/tags")]
    assert service.objects["t1"]["tags"] == ["b"]


class RivalClient(FakeClient):
    """Another run adds tag "rival" to t1 after each of this run's first ``rounds`` tag writes."""

    def __init__(self, service, rounds):
        FakeClient.__init__(self, service)
        self.rounds = rounds

    def get(self, path, params=None, shape=None):
        if path == "/things/t1/tags" and self.rounds > 0:
            self.rounds -= 1
            self.service.objects["t1"]["tags"] = sorted(set(self.service.objects["t1"]["tags"]) | set(["rival"]))
        return FakeClient.get(self, path, params, shape)


def test_tags_another_run_wrote_meanwhile_are_set_right():
    service = Service(EXISTING)
    client = RivalClient(service, rounds=1)
    records = reconcile_items(THINGS, client, [{"id": "t1", "tags": ["b"]}], Task())
    assert service.objects["t1"]["tags"] == ["b"] and records[0].changed
    assert len(client.slept) == 1  # it stepped aside once before setting them right


def test_tags_that_keep_changing_under_the_run_fail_naming_the_conflict():
    service = Service(EXISTING)
    client = RivalClient(service, rounds=100)
    with pytest.raises(ItemsFailed) as failed:
        reconcile_items(THINGS, client, [{"id": "t1", "tags": ["b"]}], Task())
    record = failed.value.records[0]
    assert record.error == ("The tags of thing 't1' changed while this run wrote them: they are [b, rival], and this "
                            "run declares [b]. Another run (or someone) is writing other tags to it at the same time; "
                            "run the task again when that is done.")
    assert record.changed is True  # its writes reached the service
    assert len([sent for sent in service.sent if sent == ("GET", "/things/t1/tags")]) == 3


@pytest.mark.parametrize("tags, problem", [
    ([""], "tags must not contain an empty tag."),
    (["ok", "   "], "tags must not contain an empty tag."),
    (["x" * 256], "tags must not contain a tag over 255 characters; got one of 256 characters."),
    ([" padded"], "tags must not contain a tag with spaces around it or control characters (SCORM Cloud stores it "
                  "changed); got ' padded'."),
    (["line\nbreak"], "tags must not contain a tag with spaces around it or control characters (SCORM Cloud stores it "
                      "changed); got 'line\\nbreak'."),
])
def test_a_tag_the_service_would_refuse_fails_before_any_request(tags, problem):
    service = Service(EXISTING)
    with pytest.raises(ItemsFailed) as failed:
        run(service, [{"id": "t1", "tags": tags}])
    assert failed.value.records[0].error == problem
    assert service.sent == []


class Bounded(Things):
    bounds = {"size": (0, 10), "nested.count": (1, 5)}
    item_options = dict(Things.item_options, size=dict(type="int"), nested=dict(type="dict"))


@pytest.mark.parametrize("item, problem", [
    ({"size": -1}, "size must be from 0 to 10; got -1."),
    ({"size": 2 ** 40}, "size must be from 0 to 10; got 1099511627776."),
    ({"nested": {"count": 0}}, "nested.count must be from 1 to 5; got 0."),
])
def test_numbers_outside_what_the_service_stores_fail_before_any_request(item, problem):
    service = Service(EXISTING)
    with pytest.raises(ItemsFailed) as failed:
        reconcile_items(Bounded(), FakeClient(service), [dict(item, id="t1")], Task())
    assert failed.value.records[0].error == problem and service.sent == []


# -- a list read that does not add up is never planned from ---------------------------------------------------------

class SkippingClient(FakeClient):
    """A list whose pages skip t2 (as when another run deletes while they are read), while counting it."""

    def __init__(self, service, skips):
        FakeClient.__init__(self, service)
        self.skips = skips

    def pages(self, path, key, params=None, count=False, item_shape=None):
        for number, (objects, more, total) in enumerate(FakeClient.pages(self, path, key, params, count, item_shape)):
            if self.skips > 0:
                objects = [obj for obj in objects if obj["id"] != "t2"]
                if not more:
                    self.skips -= 1
            yield objects, more, total


def test_a_list_that_skipped_an_object_is_read_again_before_planning():
    service = Service(EXISTING)
    warnings = []
    records = reconcile_items(THINGS, SkippingClient(service, skips=1), [
        {"id": "t%d" % n, "name": "Thing %d" % n} for n in range(1, 8)], Task(state=OVERRIDDEN, warn=warnings.append))
    assert [r.action for r in records] == ["none"] * 7  # t2 was not planned as missing
    assert warnings == ["The list of things held 6 objects while SCORM Cloud counted 7 (it changed while it was read); "
                        "reading it again."]


def test_a_list_that_never_adds_up_fails_and_writes_nothing():
    service = Service(EXISTING)
    with pytest.raises(ScormCloudError) as raised:
        reconcile_items(THINGS, SkippingClient(service, skips=2), [
            {"id": "t%d" % n, "name": "Renamed"} for n in range(1, 8)], Task(state=OVERRIDDEN))
    assert "its pages held 6 different things while it counted 7, twice" in str(raised.value)
    assert service.writes() == []


def test_an_object_that_failed_after_a_write_counts_as_changed():
    service = Service(EXISTING)
    service.fail[("DELETE", "/things/t1/tags")] = ScormCloudError("DELETE failed", status=400)
    with pytest.raises(ItemsFailed) as failed:
        run(service, [{"id": "t1", "name": "Renamed", "tags": ["b"]}])
    record = failed.value.records[0]
    assert record.error and record.changed is True  # its name and the new tag were written
    assert service.objects["t1"]["name"] == "Renamed" and service.objects["t1"]["tags"] == ["a", "b"]
