"""Dispatch destinations and dispatches through the official SDK."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from conftest import PAGE_SIZE
from rustici_software_cloud_v2 import (BatchTagsSchema, CreateDispatchIdSchema, CreateDispatchListSchema,
                                       CreateDispatchSchema, DestinationIdSchema, DestinationListSchema,
                                       DestinationSchema, EnabledSchema, LaunchAuthSchema, PostBackSchema,
                                       TagListSchema, UpdateDispatchSchema)
from rustici_software_cloud_v2.api.dispatch_api import DispatchApi
from rustici_software_cloud_v2.rest import ApiException


@pytest.fixture
def api(emu):
    return emu.app_api(DispatchApi)


def status_of(call, *args, **kwargs) -> int:
    with pytest.raises(ApiException) as err:
        call(*args, **kwargs)
    return err.value.status


def all_pages(call, **filters) -> tuple[list, int]:
    """Follow `more` like the SDK sample does; returns (items, pages)."""
    items, pages, page = [], 0, call(**filters)
    while True:
        pages += 1
        items += page.destinations if hasattr(page, "destinations") else page.dispatches
        if page.more is None:
            return items, pages
        page = call(more=page.more)


def make_destinations(api, count: int, prefix: str = "dest", tags=None) -> list[str]:
    ids = [f"{prefix}-{i:02d}" for i in range(count)]
    api.create_destinations(DestinationListSchema(destinations=[
        DestinationIdSchema(id=i, data=DestinationSchema(name=f"Name {i}", tags=tags)) for i in ids]))
    return ids


def dispatch(dispatch_id: str, course: str, destination: str, **data) -> CreateDispatchIdSchema:
    return CreateDispatchIdSchema(id=dispatch_id, data=CreateDispatchSchema(
        destination_id=destination, course_id=course, **data))


# -- destinations --------------------------------------------------------------------------------------
def test_destination_create_get_update_delete(api):
    api.create_destinations(DestinationListSchema(destinations=[DestinationIdSchema(
        id="d1", data=DestinationSchema(name="One", tags=["t1"], email="a@example.com", notes="n",
                                        launch_auth=LaunchAuthSchema(type="vault")))]))
    raw = json.loads(api.get_destination("d1", _preload_content=False).data)
    assert "id" not in raw
    assert (raw["name"], raw["tags"], raw["email"], raw["notes"], raw["launchAuth"]["type"]) == (
        "One", ["t1"], "a@example.com", "n", "vault")
    assert raw["created"].endswith("Z") and "lti13Data" not in raw

    api.set_destination("d1", DestinationSchema(notes="changed"))   # only non-null fields change
    got = api.get_destination("d1")
    assert (got.name, got.notes, got.email) == ("One", "changed", "a@example.com")

    assert status_of(api.set_destination, "d2", DestinationSchema(notes="no name")) == 400
    api.set_destination("d2", DestinationSchema(name="Two"))   # PUT creates
    assert {d.id for d in api.get_destinations().destinations} == {"d1", "d2"}

    api.delete_destination("d2")
    assert status_of(api.get_destination, "d2") == 404
    assert status_of(api.delete_destination, "d2") == 404


def test_destination_batch_create_is_atomic_and_rejects_duplicates(api):
    make_destinations(api, 1)
    batch = DestinationListSchema(destinations=[DestinationIdSchema(id="fresh", data=DestinationSchema(name="F")),
                                                DestinationIdSchema(id="dest-00", data=DestinationSchema(name="X"))])
    assert status_of(api.create_destinations, batch) == 400
    assert status_of(api.get_destination, "fresh") == 404
    no_name = DestinationListSchema(destinations=[DestinationIdSchema(id="x", data=DestinationSchema(tags=["a"]))])
    assert status_of(api.create_destinations, no_name) == 400


def test_destination_tags(api):
    make_destinations(api, 3, tags=["base"])
    api.put_destination_tags("dest-00", TagListSchema(tags=["x", "base"]))
    assert api.get_destination_tags("dest-00").tags == ["base", "x"]
    api.delete_destination_tags("dest-00", TagListSchema(tags=["base", "absent"]))
    assert api.get_destination_tags("dest-00").tags == ["x"]
    api.put_destination_tags_batch(BatchTagsSchema(ids=["dest-01", "dest-02"], tags=["batch"]))
    assert api.get_destination_tags("dest-02").tags == ["base", "batch"]
    tagged, _pages = all_pages(api.get_destinations, tags=["batch", "x"])
    assert sorted(d.id for d in tagged) == ["dest-00", "dest-01", "dest-02"]
    only_x, _pages = all_pages(api.get_destinations, tags=["x"])
    assert [d.id for d in only_x] == ["dest-00"]
    assert status_of(api.get_destination_tags, "missing") == 404
    assert status_of(api.put_destination_tags_batch, BatchTagsSchema(ids=["dest-00", "missing"], tags=["y"])) == 404
    assert "y" not in api.get_destination_tags("dest-00").tags


def test_destination_paging_filters_and_total_count(api):
    ids = make_destinations(api, 2 * PAGE_SIZE + 2)
    make_destinations(api, 2, prefix="other")
    _data, _status, headers = api.get_destinations_with_http_info(filter="dest-", include_total_count=True)
    assert headers["X-Total-Count"] == str(len(ids))
    items, pages = all_pages(api.get_destinations, filter="dest-", order_by="created_desc")
    assert pages == 3
    assert [d.id for d in items] == list(reversed(ids))
    # a `more` follow-up carries no total count header
    first = api.get_destinations(filter="dest-", include_total_count=True)
    _data, _data, headers = api.get_destinations_with_http_info(more=first.more)
    assert "X-Total-Count" not in headers
    by_name, _pages = all_pages(api.get_destinations, filter="name other", filter_by="name")
    assert sorted(d.id for d in by_name) == ["other-00", "other-01"]
    assert status_of(api.get_destinations, filter_by="colour") == 400
    assert status_of(api.get_destinations, more="bm90LWEtdG9rZW4") == 400


def test_destination_since_until(api):
    make_destinations(api, 2)
    future = datetime.now(timezone.utc) + timedelta(hours=1)
    assert api.get_destinations(since=future).destinations == []
    assert len(api.get_destinations(until=future, datetime_filter="created").destinations) == 2


def test_destination_hash_user_info(emu, api):
    make_destinations(api, 1)
    emu.put_course("c1")
    api.create_dispatches(CreateDispatchListSchema(dispatches=[dispatch("p1", "c1", "dest-00")]))
    assert api.get_destination_hash_user_info("dest-00").enabled is False
    api.update_destination_hash_user_info("dest-00", EnabledSchema(enabled=True))
    assert api.get_destination_hash_user_info("dest-00").enabled is True
    assert api.get_dispatch_hash_user_info("p1").enabled is True
    api.update_dispatch_hash_user_info("p1", EnabledSchema(enabled=False))
    assert api.get_dispatch_hash_user_info("p1").enabled is False


# -- dispatches ----------------------------------------------------------------------------------------
@pytest.fixture
def world(emu, api):
    emu.put_course("c1", "Course One")
    emu.put_course("c2", "Course Two")
    make_destinations(api, 2)
    return api


def test_dispatch_create_get_and_uniqueness(world):
    api = world
    api.create_dispatches(CreateDispatchListSchema(dispatches=[
        dispatch("p1", "c1", "dest-00", tags=["a"], notes="hello",
                 post_back=PostBackSchema(url="http://127.0.0.1/pb", password="s3cret"))]))
    raw = json.loads(api.get_dispatch("p1", _preload_content=False).data)
    assert (raw["courseId"], raw["courseTitle"], raw["destinationId"], raw["destinationName"]) == (
        "c1", "Course One", "dest-00", "Name dest-00")
    assert (raw["allowNewRegistrations"], raw["instanced"], raw["enabled"], raw["registrationCap"],
            raw["registrationCount"], raw["tags"], raw["notes"]) == (True, True, True, 0, 0, ["a"], "hello")
    assert "postBack" not in raw and "id" not in raw and "s3cret" not in json.dumps(raw)

    same_pair = CreateDispatchListSchema(dispatches=[dispatch("p2", "c1", "dest-00")])
    assert status_of(api.create_dispatches, same_pair) == 400
    same_id = CreateDispatchListSchema(dispatches=[dispatch("p1", "c2", "dest-01")])
    assert status_of(api.create_dispatches, same_id) == 400
    for bad in (dispatch("p3", "no-course", "dest-00"), dispatch("p3", "c2", "no-dest")):
        assert status_of(api.create_dispatches, CreateDispatchListSchema(dispatches=[bad])) == 400
    assert status_of(api.get_dispatch, "p3") == 404


def test_dispatch_update_enabled_tags_delete(world):
    api = world
    expiry = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    api.create_dispatches(CreateDispatchListSchema(dispatches=[dispatch("p1", "c1", "dest-00", email="x@y.z")]))
    api.update_dispatch("p1", UpdateDispatchSchema(registration_cap=10, expiration_date=expiry,
                                                   allow_new_registrations=False))
    got = api.get_dispatch("p1")
    assert (got.registration_cap, got.expiration_date, got.allow_new_registrations, got.email,
            got.instanced) == (10, expiry, False, "x@y.z", True)

    assert api.get_dispatch_enabled("p1").enabled is True
    api.set_dispatch_enabled("p1", EnabledSchema(enabled=False))
    assert api.get_dispatch_enabled("p1").enabled is False and api.get_dispatch("p1").enabled is False

    api.put_dispatch_tags("p1", TagListSchema(tags=["t1", "t2"]))
    api.delete_dispatch_tags("p1", TagListSchema(tags=["t1"]))
    assert api.get_dispatch_tags("p1").tags == ["t2"]
    api.create_dispatches(CreateDispatchListSchema(dispatches=[dispatch("p2", "c2", "dest-00")]))
    api.put_dispatch_tags_batch(BatchTagsSchema(ids=["p1", "p2"], tags=["both"]))
    assert api.get_dispatch_tags("p2").tags == ["both"]

    api.delete_dispatch("p1")
    assert status_of(api.get_dispatch, "p1") == 404
    assert status_of(api.delete_dispatch, "p1") == 404
    assert status_of(api.update_dispatch, "p1", UpdateDispatchSchema(enabled=True)) == 404


def test_dispatch_list_filters_and_paging(emu, world):
    api = world
    dests = make_destinations(api, 2 * PAGE_SIZE + 1, prefix="many")
    api.create_dispatches(CreateDispatchListSchema(dispatches=[
        dispatch(f"d-{i:02d}", "c1", dest, enabled=i % 2 == 0) for i, dest in enumerate(dests)]))
    api.create_dispatches(CreateDispatchListSchema(dispatches=[dispatch("other", "c2", "dest-00")]))
    items, pages = all_pages(api.get_dispatches, course_id="c1")
    assert pages == 3 and [d.id for d in items] == [f"d-{i:02d}" for i in range(len(dests))]
    enabled, _pages = all_pages(api.get_dispatches, course_id="c1", is_enabled=False)
    assert [d.id for d in enabled] == [f"d-{i:02d}" for i in range(1, len(dests), 2)]
    _data, _data, headers = api.get_dispatches_with_http_info(include_total_count=True)
    assert headers["X-Total-Count"] == str(len(dests) + 1)
    by_dest, _pages = all_pages(api.get_destination_dispatches, destination_id="dest-00")
    assert [d.id for d in by_dest] == ["other"]
    with_count = api.get_destination("many-00", include_dispatch_count=True)
    assert with_count.dispatch_count == 1
    dest_for_c2, _pages = all_pages(api.get_destinations, course_id="c2")
    assert [d.id for d in dest_for_c2] == ["dest-00"]


def test_bulk_update_and_delete_with_total_count(world):
    api = world
    api.create_dispatches(CreateDispatchListSchema(dispatches=[
        dispatch("a", "c1", "dest-00", tags=["x"]), dispatch("b", "c1", "dest-01"),
        dispatch("c", "c2", "dest-00")]))
    _data, status, headers = api.update_dispatches_with_http_info(UpdateDispatchSchema(enabled=False), course_id="c1")
    assert status == 204 and headers["X-Total-Count"] == "2"
    assert [api.get_dispatch(i).enabled for i in "abc"] == [False, False, True]
    assert status_of(api.update_dispatches, UpdateDispatchSchema(enabled=True)) == 400   # no filter at all
    _data, _data, headers = api.delete_dispatches_with_http_info(tags=["x"])
    assert headers["X-Total-Count"] == "1"
    assert sorted(d.id for d in api.get_dispatches().dispatches) == ["b", "c"]


def test_per_destination_operations_and_cascade(world):
    api = world
    api.create_dispatches(CreateDispatchListSchema(dispatches=[
        dispatch("a", "c1", "dest-00"), dispatch("b", "c2", "dest-00"), dispatch("c", "c1", "dest-01")]))
    api.set_destination_dispatch_enabled("dest-00", EnabledSchema(enabled=False))
    assert [api.get_dispatch(i).enabled for i in "abc"] == [False, False, True]
    api.delete_destination_dispatches("dest-00")
    assert [d.id for d in api.get_dispatches().dispatches] == ["c"]
    assert api.get_destination("dest-00").name   # the destination itself stays
    api.delete_destination("dest-01")   # cascades to its dispatches
    assert api.get_dispatches().dispatches == []
    assert status_of(api.get_destination_dispatches, "dest-01") == 404
