"""Paging: the SQLite path (Docs sources) gives exactly what the Python reference path gives, and big lists page
completely.  In-process, no server."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

from conftest import asgi_request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorm_cloud_emulator.app import create_app
from scorm_cloud_emulator.context import Settings
from scorm_cloud_emulator.errors import ApiError
from scorm_cloud_emulator.paging import Docs, ListQuery, ListSpec, dt_key, paginate, text_key
from scorm_cloud_emulator.store import Store
from scorm_cloud_emulator.wire import format_dt

SPEC = ListSpec("widgets", {"widget_id": "id", "name": "name", "labels": "labels"}, "widget_id",
                {"created": dt_key("created"), "updated": dt_key("updated"), "name": text_key("name")})
BASE = datetime(2026, 3, 4, 5, 6, 7, 123000, tzinfo=timezone.utc)
NAMES = ["Alpha", "alpha", "Émile", "émile", "ZETA", "straße", "", None, "Ωmega", "b-2"]
TAGS = ["red", "green", "blue"]


def _widgets(seed: int, count: int) -> list[dict]:
    """Deterministic documents with many ties (timestamps, names) and a few missing fields."""
    docs = []
    for i in range(count):
        n = (i * 7 + seed) % 97
        doc = {"id": f"w-{i:03d}-{'ÄbC'[n % 3]}", "created": format_dt(BASE + timedelta(milliseconds=n % 5)),
               "updated": format_dt(BASE + timedelta(milliseconds=n % 3, microseconds=0)),
               "tags": [t for j, t in enumerate(TAGS) if (n >> j) & 1], "group": "ab"[n % 2],
               "enabled": n % 3 == 0, "labels": [f"L{n % 4}", "Mixed"] if n % 5 else []}
        if NAMES[n % len(NAMES)] is not None:
            doc["name"] = NAMES[n % len(NAMES)]
        docs.append(doc)
    return docs


def _store(docs: list[dict]) -> Store:
    store = Store(None)
    with store.transaction():
        for doc in docs:
            store.put("t", "widget", doc["id"], doc)
    return store


def _page(spec, q: ListQuery, source, size: int) -> tuple[int, dict, dict]:
    try:
        response = paginate(None, spec, q, source, lambda d: d["id"], page_size=size)
    except ApiError as exc:
        return exc.status, {}, {"message": exc.message}
    return response.status_code, dict(response.headers), json.loads(response.body)


stamps = st.one_of(st.none(), st.integers(-3000, 6000).map(lambda us: (BASE + timedelta(microseconds=us)).isoformat()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 96), since=stamps, until=stamps,
       datetime_filter=st.sampled_from([None, "created", "updated", "UPDATED", "bogus"]),
       needle=st.sampled_from([None, "", "a", "ALPHA", "é", "É", "ss", "ß", "w-0", "äb", "mixed", "l2", "zz"]),
       filter_by=st.sampled_from([None, "widget_id", "name", "labels", "NAME", "colour"]),
       order_by=st.sampled_from([None, "created_asc", "created_desc", "updated_asc", "UPDATED_DESC", "name_asc",
                                 "name_desc", "sideways"]),
       tags=st.lists(st.sampled_from(TAGS + ["none"]), max_size=2),
       where=st.sampled_from([{}, {"group": "a"}, {"enabled": True}, {"enabled": False, "group": "b"}]),
       ids=st.one_of(st.none(), st.sets(st.integers(0, 40)).map(lambda s: {f"w-{i:03d}-{'ÄbC'[i % 3]}" for i in s})),
       offset=st.integers(0, 45), size=st.integers(1, 12), total=st.booleans())
def test_sqlite_path_matches_the_python_path(seed, since, until, datetime_filter, needle, filter_by, order_by, tags,
                                             where, ids, offset, size, total):
    store = _store(_widgets(seed, 40))
    try:
        def query():
            return ListQuery(since=since, until=until, datetime_filter=datetime_filter, filter=needle,
                             filter_by=filter_by, order_by=order_by, tags=list(tags), include_total_count=total,
                             offset=offset)
        source = Docs(store, "t", "widget", where=dict(where), ids=ids)
        fast = _page(SPEC, query(), source, size)
        reference = _page(SPEC, query(), source.load(), size)
        assert fast == reference
    finally:
        store.close()


def test_equal_timestamps_keep_insertion_order_in_both_directions():
    docs = [{"id": f"d{i}", "created": "2026-01-01T00:00:00.000Z", "updated": "2026-01-01T00:00:00.000Z",
             "name": "same", "tags": []} for i in range(7)]
    store = _store(docs)
    for order, expected in (("updated_asc", [f"d{i}" for i in range(7)]),
                            ("updated_desc", [f"d{i}" for i in reversed(range(7))]),
                            ("name_desc", [f"d{i}" for i in reversed(range(7))])):
        _status, _headers, body = _page(SPEC, ListQuery(order_by=order), Docs(store, "t", "widget"), 10)
        assert body["widgets"] == expected


def test_paging_over_ten_thousand_destinations_returns_each_once():
    app = create_app(None, Settings(page_size=100))
    ids = [f"dest-{i:05d}" for i in range(10000)]
    for start in range(0, len(ids), 2000):
        body = {"destinations": [{"id": i, "data": {"name": f"Name {i[-5:]}", "tags": ["even" if int(i[-1]) % 2 == 0
                                                                                       else "odd"]}}
                                 for i in ids[start:start + 2000]]}
        assert asgi_request(app, "POST", "/api/v2/dispatch/destinations", json.dumps(body).encode())[0] == 204

    def walk(query: str, max_pages: int = 1000) -> tuple[list[str], int]:
        seen, pages = [], 0
        status, headers, data = asgi_request(app, "GET", "/api/v2/dispatch/destinations", query=query)
        while True:
            assert status == 200
            page = json.loads(data)
            seen += [d["id"] for d in page["destinations"]]
            pages += 1
            if "more" not in page or pages == max_pages:
                return seen, pages
            status, headers, data = asgi_request(app, "GET", "/api/v2/dispatch/destinations",
                                                 query=f"more={page['more']}")

    seen, pages = walk("includeTotalCount=true")
    assert seen == ids and pages == 100
    # a few pages of other orders and filters (filters and text orders scan every document, so not all pages)
    seen, _pages = walk("tags=odd&orderBy=created_desc", max_pages=3)
    assert seen == [i for i in reversed(ids) if int(i[-1]) % 2][:300]
    seen, _pages = walk("orderBy=name_desc", max_pages=3)
    assert seen == list(reversed(ids))[:300]
    status, headers, _data = asgi_request(app, "GET", "/api/v2/dispatch/destinations",
                                          query="filter=dest-0999&includeTotalCount=true")
    assert status == 200 and headers["x-total-count"] == "10"


def test_a_more_token_with_a_lone_surrogate_is_a_400():
    app = create_app(None, Settings())
    for state in ({"l": "destinations", "o": 0, "f": "\ud800"}, {"l": "destinations", "o": 0, "t": ["\udfff"]},
                  {"l": "dispatches", "o": 0, "x": {"courseId": "\ud800"}}):
        token = base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")
        path = f"/api/v2/dispatch/{state['l']}"
        status, _headers, data = asgi_request(app, "GET", path, query=f"more={token}")
        assert status == 400 and json.loads(data)["message"] == "Invalid 'more' token"
    assert app.fastapi.state.emu.errors == []
