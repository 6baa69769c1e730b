"""Paginated lists with the service's `more` token and the common filter parameters.

A route declares a ListSpec (which `filterBy`/`orderBy` values exist and which document field each one
reads), takes `q: ListQuery = Depends(list_query)` plus any extra filters of its own, and calls

    q = resolve(SPEC, q, {"courseId": course_id})
    return paginate(request, SPEC, q, Docs(store, tenant, "widget", where={"courseId": ...}), render)

`more` encodes the original filters and the offset: a follow-up request sends only `more` and gets the
same filters back; it is only good for the list that issued it (ListSpec.scope, default its name).
`includeTotalCount` on the first request adds the X-Total-Count header.

Given a `Docs` source, a ListSpec of plain fields (strings, `dt_key`, `text_key`) and no `predicate`, the
page is filtered, ordered and sliced by SQLite (Store.select; created/updated orders come from an index), so
a page costs about the same for 100 or 100,000 documents.  A list of documents, a callable field or a
predicate takes the Python path (`apply_filters`), which is the reference behaviour both paths share.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Collection

from fastapi import Query, Request
from fastapi.responses import JSONResponse

from .errors import bad_request
from .wire import format_dt, parse_bool, parse_dt, split_list, to_dt


@dataclass(frozen=True)
class FieldKey:
    """Sort key read from one top-level field: "dt" = the timestamp string ('' if absent), "text" = lower-cased."""
    field: str
    kind: str

    def __call__(self, doc: dict) -> str:
        if self.kind == "text":
            return str(doc.get(self.field) or "").lower()
        return doc.get(self.field) or ""


def dt_key(field_name: str) -> FieldKey:
    # Emulator timestamps share one fixed format, so string order is time order.
    return FieldKey(field_name, "dt")


def text_key(field_name: str) -> FieldKey:
    return FieldKey(field_name, "text")


@dataclass
class ListSpec:
    name: str                                  # response key ("destinations") and token scope
    filter_fields: dict[str, str | Callable[[dict], Any]]   # filterBy value -> field name (or doc -> value)
    default_filter_by: str
    order_fields: dict[str, FieldKey | Callable[[dict], Any]]   # orderBy prefix ("updated") -> sort key
    default_order_by: str = "updated_asc"
    scope: str | None = None                   # token scope when two lists share a response key; default: name

    @property
    def token_scope(self) -> str:
        return self.scope or self.name

    def reader(self, filter_by: str) -> Callable[[dict], Any]:
        """doc -> the str or list[str] that `filter` is matched against."""
        source = self.filter_fields[filter_by]
        return (lambda doc: doc.get(source)) if isinstance(source, str) else source


@dataclass
class Docs:
    """The stored documents of one kind of one tenant, optionally narrowed: `where` = top-level fields that
    must equal these scalar values, `ids` = only these ids.  paginate() lets SQLite do the work."""
    store: Any                     # store.Store (not imported: paging is below the store)
    tenant: str
    kind: str
    where: dict[str, Any] = field(default_factory=dict)
    ids: Collection[str] | None = None

    def __post_init__(self) -> None:
        self.where = {k: v for k, v in self.where.items() if v is not None}

    def load(self) -> list[dict]:
        """All of them in insertion order (the Python path)."""
        return [d for d in self.store.list(self.tenant, self.kind)
                if (self.ids is None or d["id"] in self.ids) and all(d.get(k) == v for k, v in self.where.items())]


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
    state = {"l": spec.token_scope, "o": offset, "s": q.since, "u": q.until, "d": q.datetime_filter, "f": q.filter,
             "fb": q.filter_by, "ob": q.order_by, "t": q.tags, "x": q.extras}
    state = {k: v for k, v in state.items() if v not in (None, [], {})}   # keep the token short
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(spec: ListSpec, token: str) -> ListQuery:
    try:
        state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if state["l"] != spec.token_scope or not isinstance(state["o"], int) or state["o"] < 0:
            raise ValueError
        json.dumps(state, ensure_ascii=False).encode()     # lone surrogates (\ud800) cannot reach SQLite
        return ListQuery(since=state.get("s"), until=state.get("u"), datetime_filter=state.get("d"),
                         filter=state.get("f"), filter_by=state.get("fb"), order_by=state.get("ob"),
                         tags=[str(t) for t in state.get("t", [])], extras=dict(state.get("x", {})),
                         offset=state["o"])
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, UnicodeError):
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


@dataclass
class _Plan:
    """A ListQuery checked against its ListSpec (400 on bad values), shared by both paths."""
    dt_field: str
    since: datetime | None
    until: datetime | None
    filter_by: str
    needle: str | None
    tags: set[str]
    key: Callable[[dict], Any]
    reverse: bool


def _plan(spec: ListSpec, q: ListQuery) -> _Plan:
    dt_field = (q.datetime_filter or "updated").lower()
    if dt_field not in ("created", "updated"):
        raise bad_request("datetimeFilter must be 'created' or 'updated'")
    since, until = parse_dt(q.since, "since"), parse_dt(q.until, "until")
    filter_by = (q.filter_by or spec.default_filter_by).lower()
    if filter_by not in spec.filter_fields:
        raise bad_request(f"Invalid filterBy '{q.filter_by}'; allowed: {', '.join(spec.filter_fields)}")
    key, reverse = _order(spec, q.order_by)
    return _Plan(dt_field, since, until, filter_by, q.filter.lower() if q.filter else None, set(q.tags), key,
                 reverse)


def apply_filters(spec: ListSpec, q: ListQuery, docs: list[dict] | Docs,
                  predicate: Callable[[dict], bool] | None = None) -> list[dict]:
    """Filter (since/until/filter/tags + the route's predicate) and sort; raises 400 on bad values."""
    plan = _plan(spec, q)
    if isinstance(docs, Docs):
        docs = docs.load()
    read = spec.reader(plan.filter_by)

    def keep(doc: dict) -> bool:
        if plan.since or plan.until:
            stamp: datetime = to_dt(doc[plan.dt_field])
            if (plan.since and stamp < plan.since) or (plan.until and stamp > plan.until):
                return False
        if plan.needle is not None and not _matches_text(read(doc), plan.needle):
            return False
        if plan.tags and not plan.tags & set(doc.get("tags") or []):
            return False
        return predicate is None or predicate(doc)

    # Ties (e.g. a batch created within one millisecond) fall back to insertion order, in the same direction.
    kept = [(plan.key(d), index, d) for index, d in enumerate(docs) if keep(d)]
    kept.sort(key=lambda item: item[:2], reverse=plan.reverse)
    return [entry[-1] for entry in kept]


def _stamp_bound(value: datetime, *, ceil: bool) -> str:
    """A since/until bound as an emulator timestamp string (millisecond precision, compared as text):
    a stamp >= since  <=>  stamp >= since rounded up to the millisecond; until rounds down."""
    value = value.astimezone(timezone.utc)
    if ceil and value.microsecond % 1000:
        try:
            value += timedelta(microseconds=1000 - value.microsecond % 1000)
        except OverflowError:
            return "~"            # after every timestamp: nothing matches
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:"
            f"{value.second:02d}.{value.microsecond // 1000:03d}Z")


def _select(spec: ListSpec, q: ListQuery, plan: _Plan, docs: Docs, limit: int) -> tuple[list[dict], int | None]:
    """The SQLite path: (up to `limit` documents from q.offset, total count when asked for)."""
    stamp = None
    if plan.since or plan.until:
        stamp = (plan.dt_field, plan.since and _stamp_bound(plan.since, ceil=True),
                 plan.until and _stamp_bound(plan.until, ceil=False))
    contains = None if plan.needle is None else (spec.filter_fields[plan.filter_by], plan.needle)
    filters = {"equals": docs.where, "ids": docs.ids, "stamp": stamp, "contains": contains, "tags_any": plan.tags}
    key: FieldKey = plan.key     # type: ignore[assignment]
    page = docs.store.select(docs.tenant, docs.kind, **filters, order=(key.field, key.kind == "text", plan.reverse),
                             offset=q.offset, limit=limit)
    total = docs.store.count_selected(docs.tenant, docs.kind, **filters) if q.include_total_count and not q.more \
        else None
    return page, total


def paginate(request: Request, spec: ListSpec, q: ListQuery, docs: list[dict] | Docs, render: Callable[[dict], dict],
             *, page_size: int | None = None, predicate: Callable[[dict], bool] | None = None,
             extra_body: dict | None = None) -> JSONResponse:
    size = page_size or request.app.state.emu.settings.page_size
    plan = _plan(spec, q)
    if (isinstance(docs, Docs) and predicate is None and isinstance(plan.key, FieldKey)
            and (plan.needle is None or isinstance(spec.filter_fields[plan.filter_by], str))):
        rows, total = _select(spec, q, plan, docs, size + 1)
        page, has_more = rows[:size], len(rows) > size
    else:
        matched = apply_filters(spec, q, docs, predicate)
        page, has_more, total = matched[q.offset:q.offset + size], q.offset + size < len(matched), len(matched)
    body: dict[str, Any] = {spec.name: [render(d) for d in page], **(extra_body or {})}
    if has_more:
        body["more"] = _encode(spec, q, q.offset + size)
    headers = {}
    if q.include_total_count and not q.more:
        headers["X-Total-Count"] = str(total)
    return JSONResponse(body, headers=headers)


__all__ = ["ListSpec", "ListQuery", "Docs", "FieldKey", "list_query", "resolve", "apply_filters", "paginate",
           "dt_key", "text_key", "format_dt"]
