"""Paginated lists with the service's `more` token and the common filter parameters.

A route declares a ListSpec (which `filterBy`/`orderBy` values exist and how they read a document), takes
`q: ListQuery = Depends(list_query)` plus any extra filters of its own, and calls

    return paginate(request, SPEC, q, docs, render, extras={"courseId": course_id}, predicate=...)

`more` encodes the original filters and the offset: a follow-up request sends only `more` and gets the
same filters back.  `includeTotalCount` on the first request adds the X-Total-Count header.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from fastapi import Query, Request
from fastapi.responses import JSONResponse

from .errors import bad_request
from .wire import format_dt, parse_bool, parse_dt, split_list, to_dt


@dataclass
class ListSpec:
    name: str                                        # response key ("destinations") and token scope
    filter_fields: dict[str, Callable[[dict], Any]]  # filterBy value -> doc -> str | list[str]
    default_filter_by: str
    order_fields: dict[str, Callable[[dict], Any]]   # orderBy prefix ("updated") -> sort key
    default_order_by: str = "updated_asc"


@dataclass
class ListQuery:
    since: str | None = None
    until: str | None = None
    datetime_filter: str | None = None
    filter: str | None = None
    filter_by: str | None = None
    order_by: str | None = None
    tags: list[str] = field(default_factory=list)
    include_total_count: bool = False
    more: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    offset: int = 0


def list_query(
    since: str | None = Query(None, description="ISO-8601, inclusive; naive = UTC"),
    until: str | None = Query(None, description="ISO-8601, inclusive; naive = UTC"),
    datetime_filter: str | None = Query(None, alias="datetimeFilter"),
    filter: str | None = Query(None, max_length=1000),
    filter_by: str | None = Query(None, alias="filterBy"),
    order_by: str | None = Query(None, alias="orderBy"),
    tags: str | None = Query(None, description="comma-joined; matches any"),
    include_total_count: str | None = Query(None, alias="includeTotalCount"),
    more: str | None = Query(None),
) -> ListQuery:
    return ListQuery(since=since, until=until, datetime_filter=datetime_filter, filter=filter,
                     filter_by=filter_by, order_by=order_by, tags=split_list(tags),
                     include_total_count=bool(parse_bool(include_total_count, "includeTotalCount")), more=more)


def _encode(spec: ListSpec, q: ListQuery, offset: int) -> str:
    state = {"l": spec.name, "o": offset, "s": q.since, "u": q.until, "d": q.datetime_filter, "f": q.filter,
             "fb": q.filter_by, "ob": q.order_by, "t": q.tags, "x": q.extras}
    state = {k: v for k, v in state.items() if v not in (None, [], {})}   # keep the token short
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(spec: ListSpec, token: str) -> ListQuery:
    try:
        state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if state["l"] != spec.name or not isinstance(state["o"], int) or state["o"] < 0:
            raise ValueError
        return ListQuery(since=state.get("s"), until=state.get("u"), datetime_filter=state.get("d"),
                         filter=state.get("f"), filter_by=state.get("fb"), order_by=state.get("ob"),
                         tags=[str(t) for t in state.get("t", [])], extras=dict(state.get("x", {})),
                         offset=state["o"])
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, UnicodeDecodeError):
        raise bad_request("Invalid 'more' token")


def resolve(spec: ListSpec, q: ListQuery, extras: dict[str, Any]) -> ListQuery:
    """With `more`, the token's filters replace anything else sent; otherwise use this request's."""
    if q.more:
        return _decode(spec, q.more)
    q.extras = {k: v for k, v in extras.items() if v is not None}
    return q


def _order(spec: ListSpec, order_by: str | None) -> tuple[Callable[[dict], Any], bool]:
    value = (order_by or spec.default_order_by).lower()
    prefix, _sep, direction = value.rpartition("_")
    if prefix not in spec.order_fields or direction not in ("asc", "desc"):
        allowed = ", ".join(f"{p}_{d}" for p in spec.order_fields for d in ("asc", "desc"))
        raise bad_request(f"Invalid orderBy '{order_by}'; allowed: {allowed}")
    return spec.order_fields[prefix], direction == "desc"


def _matches_text(value: Any, needle: str) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(needle in str(v).lower() for v in values if v is not None)


def apply_filters(spec: ListSpec, q: ListQuery, docs: list[dict],
                  predicate: Callable[[dict], bool] | None = None) -> list[dict]:
    """Filter (since/until/filter/tags + the route's predicate) and sort; raises 400 on bad values."""
    dt_field = (q.datetime_filter or "updated").lower()
    if dt_field not in ("created", "updated"):
        raise bad_request("datetimeFilter must be 'created' or 'updated'")
    since, until = parse_dt(q.since, "since"), parse_dt(q.until, "until")
    filter_by = (q.filter_by or spec.default_filter_by).lower()
    if filter_by not in spec.filter_fields:
        raise bad_request(f"Invalid filterBy '{q.filter_by}'; allowed: {', '.join(spec.filter_fields)}")
    needle = q.filter.lower() if q.filter else None
    tags = set(q.tags)
    key, reverse = _order(spec, q.order_by)

    def keep(doc: dict) -> bool:
        if since or until:
            stamp: datetime = to_dt(doc[dt_field])
            if (since and stamp < since) or (until and stamp > until):
                return False
        if needle is not None and not _matches_text(spec.filter_fields[filter_by](doc), needle):
            return False
        if tags and not tags & set(doc.get("tags") or []):
            return False
        return predicate is None or predicate(doc)

    # Ties (e.g. a batch created within one millisecond) fall back to insertion order, in the same direction.
    kept = [(key(d), index, d) for index, d in enumerate(docs) if keep(d)]
    kept.sort(key=lambda item: item[:2], reverse=reverse)
    return [entry[-1] for entry in kept]


def paginate(request: Request, spec: ListSpec, q: ListQuery, docs: list[dict], render: Callable[[dict], dict],
             *, page_size: int | None = None, predicate: Callable[[dict], bool] | None = None,
             extra_body: dict | None = None) -> JSONResponse:
    size = page_size or request.app.state.emu.settings.page_size
    matched = apply_filters(spec, q, docs, predicate)
    page = matched[q.offset:q.offset + size]
    body: dict[str, Any] = {spec.name: [render(d) for d in page], **(extra_body or {})}
    if q.offset + size < len(matched):
        body["more"] = _encode(spec, q, q.offset + size)
    headers = {}
    if q.include_total_count and not q.more:
        headers["X-Total-Count"] = str(len(matched))
    return JSONResponse(body, headers=headers)


def dt_key(field_name: str) -> Callable[[dict], str]:
    # Emulator timestamps share one fixed format, so string order is time order.
    return lambda doc: doc.get(field_name) or ""


def text_key(field_name: str) -> Callable[[dict], str]:
    return lambda doc: str(doc.get(field_name) or "").lower()


__all__ = ["ListSpec", "ListQuery", "list_query", "resolve", "apply_filters", "paginate", "dt_key", "text_key",
           "format_dt"]
