"""Dispatch destinations and dispatches (DispatchApi).

Store kinds (tenant = app id): "destination" and "dispatch", keyed by their client-chosen ids.
A dispatch needs an existing "course" document (owned by routes/courses.py; at least {"id", "title"}).
Course deletion should call `delete_course_dispatches()` from here so dispatches cascade.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import Field

from ..auth import Principal, app_auth
from ..context import Emulator, get_emu
from ..errors import bad_request, not_found
from ..models import BatchTagsSchema, Body, EnabledSchema, Ident, Name, TagListSchema, Text
from ..paging import ListQuery, ListSpec, apply_filters, dt_key, list_query, paginate, resolve, text_key
from ..store import Store
from ..wire import check_id, clean_tags, format_dt, merge_tags, now_iso, parse_bool, parse_dt

router = APIRouter(tags=["dispatch"])
auth = app_auth("dispatch")
DEST, DISP, COURSE = "destination", "dispatch", "course"
LAUNCH_AUTH_TYPES = ("cookies", "vault")
LTI13_REQUIRED = ("clientId", "platformIssuerIdentifier", "deploymentId", "oidcAuthorizationEndpoint",
                  "jsonWebKeySetUrl")
POSTBACK_AUTH_TYPES = ("UNDEFINED", "FORM", "HTTPBASIC")
POSTBACK_FORMATS = ("UNDEFINED", "COURSE", "ACTIVITY", "FULL")
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]


# -- request bodies -------------------------------------------------------------------------------
class LaunchAuthOptionsSchema(Body):
    ipAddress: bool | None = None
    fingerprint: bool | None = None
    expiry: Count | None = None
    slidingExpiry: Count | None = None


class LaunchAuthSchema(Body):
    type: Name | None = None
    options: LaunchAuthOptionsSchema | None = None


class Lti13PlatformConfigurationSchema(Body):
    clientId: Text | None = None
    platformIssuerIdentifier: Text | None = None
    deploymentId: Text | None = None
    oidcAuthorizationEndpoint: Text | None = None
    jsonWebKeySetUrl: Text | None = None
    accessTokenUrl: Text | None = None


class DestinationSchema(Body):
    name: Name | None = None
    updated: Text | None = None     # read-only on the service: ignored
    created: Text | None = None     # read-only on the service: ignored
    tags: list[Ident] | None = Field(None, max_length=1000)
    email: Name | None = None
    notes: Text | None = None
    launchAuth: LaunchAuthSchema | None = None
    lti13Data: Lti13PlatformConfigurationSchema | None = None


class DestinationIdSchema(Body):
    id: Ident | None = None
    data: DestinationSchema | None = None


class DestinationListSchema(Body):
    destinations: list[DestinationIdSchema] | None = Field(None, max_length=10000)


class PostBackSchema(Body):
    url: Text | None = None
    authType: Name | None = None
    userName: Name | None = None
    password: Name | None = None
    resultsFormat: Name | None = None
    legacy: bool | None = None


class CreateDispatchSchema(Body):
    destinationId: Ident | None = None
    courseId: Ident | None = None
    allowNewRegistrations: bool | None = None
    instanced: bool | None = None
    registrationCap: Count | None = None
    expirationDate: Name | None = None
    enabled: bool | None = None
    tags: list[Ident] | None = Field(None, max_length=1000)
    email: Name | None = None
    notes: Text | None = None
    postBack: PostBackSchema | None = None


class CreateDispatchIdSchema(Body):
    id: Ident | None = None
    data: CreateDispatchSchema | None = None


class CreateDispatchListSchema(Body):
    dispatches: list[CreateDispatchIdSchema] | None = Field(None, max_length=10000)


class UpdateDispatchSchema(Body):
    allowNewRegistrations: bool | None = None
    instanced: bool | None = None
    registrationCap: Count | None = None
    registrationCount: Count | None = None
    expirationDate: Name | None = None
    enabled: bool | None = None
    email: Name | None = None
    notes: Text | None = None
    postBack: PostBackSchema | None = None


# -- helpers ----------------------------------------------------------------------------------------
def _require_doc(store: Store, tenant: str, kind: str, doc_id: str, label: str) -> dict:
    doc = store.get(tenant, kind, doc_id)
    if doc is None:
        raise not_found(f"{label} '{doc_id}' not found")
    return doc


def _launch_auth(value: LaunchAuthSchema | None, current: dict | None) -> dict:
    result = dict(current or {"type": "cookies"})
    if value is None:
        return result
    if value.type is not None:
        if value.type.lower() not in LAUNCH_AUTH_TYPES:
            raise bad_request(f"launchAuth.type must be one of {', '.join(LAUNCH_AUTH_TYPES)}")
        result["type"] = value.type.lower()
    if value.options is not None:
        options = dict(result.get("options") or {})
        options.update(value.options.model_dump(exclude_none=True))
        result["options"] = options
    return result


def _render_destination(doc: dict, dispatch_count: int | None = None) -> dict:
    data = {"name": doc["name"], "created": doc["created"], "updated": doc["updated"], "tags": doc["tags"],
            "launchAuth": doc["launchAuth"]}
    for key in ("email", "notes"):
        if doc.get(key) is not None:
            data[key] = doc[key]
    lti = doc.get("lti13Data") or {}
    if all(lti.get(k) for k in LTI13_REQUIRED):   # the SDK requires these, so omit a partial block
        data["lti13Data"] = lti
    if dispatch_count is not None:
        data["dispatchCount"] = dispatch_count
    return data


def _apply_destination(doc: dict, data: DestinationSchema, *, replace_tags: bool) -> dict:
    """Apply the non-null fields of a DestinationSchema to a stored destination."""
    if data.name is not None:
        if not data.name.strip():
            raise bad_request("name must not be empty")
        doc["name"] = data.name
    if data.tags is not None:
        tags = clean_tags(data.tags)
        doc["tags"] = tags if replace_tags else merge_tags(doc.get("tags", []), tags)
    for key in ("email", "notes"):
        if getattr(data, key) is not None:
            doc[key] = getattr(data, key)
    doc["launchAuth"] = _launch_auth(data.launchAuth, doc.get("launchAuth"))
    if data.lti13Data is not None:
        doc["lti13Data"] = data.lti13Data.model_dump(exclude_none=True)
    return doc


def _new_destination(dest_id: str, data: DestinationSchema | None) -> dict:
    if data is None or data.name is None or not data.name.strip():
        raise bad_request(f"Destination '{dest_id}': name is required")
    ts = now_iso()
    doc = {"id": dest_id, "name": data.name, "created": ts, "updated": ts, "tags": [],
           "launchAuth": {"type": "cookies"}, "hashUserInfo": False}
    return _apply_destination(doc, data, replace_tags=True)


class _Names:
    """Per-request cache of destination names and course titles for rendering dispatches."""

    def __init__(self, store: Store, tenant: str):
        self.store, self.tenant, self.cache = store, tenant, {}

    def lookup(self, kind: str, doc_id: str, field: str) -> str | None:
        key = (kind, doc_id)
        if key not in self.cache:
            doc = self.store.get(self.tenant, kind, doc_id)
            self.cache[key] = doc.get(field) if doc else None
        return self.cache[key]


def _render_dispatch(doc: dict, names: _Names) -> dict:
    data = {key: doc[key] for key in ("destinationId", "courseId", "created", "updated", "allowNewRegistrations",
                                      "enabled", "instanced", "registrationCap", "registrationCount", "tags")}
    data["destinationName"] = names.lookup(DEST, doc["destinationId"], "name")
    data["courseTitle"] = names.lookup(COURSE, doc["courseId"], "title")
    for key in ("expirationDate", "registrationResetDate", "email", "notes"):
        if doc.get(key) is not None:
            data[key] = doc[key]
    return {k: v for k, v in data.items() if v is not None}


def _postback(value: PostBackSchema | None) -> dict | None:
    if value is None:
        return None
    pb = value.model_dump(exclude_none=True)
    if pb.get("authType", "UNDEFINED").upper() not in POSTBACK_AUTH_TYPES:
        raise bad_request(f"postBack.authType must be one of {', '.join(POSTBACK_AUTH_TYPES)}")
    if pb.get("resultsFormat", "UNDEFINED").upper() not in POSTBACK_FORMATS:
        raise bad_request(f"postBack.resultsFormat must be one of {', '.join(POSTBACK_FORMATS)}")
    return pb


def _expiration(raw: str | None) -> str | None:
    """'' or 'none' clears the expiration date (the service's convention); anything else must be ISO-8601."""
    parsed = parse_dt(raw, "expirationDate")
    return format_dt(parsed) if parsed else None


def _apply_update(doc: dict, body: UpdateDispatchSchema) -> dict:
    for key in ("allowNewRegistrations", "instanced", "registrationCap", "registrationCount", "enabled",
                "email", "notes"):
        value = getattr(body, key)
        if value is not None:
            doc[key] = value
    if body.expirationDate is not None:
        doc["expirationDate"] = _expiration(body.expirationDate)
    if body.postBack is not None:
        doc["postBack"] = _postback(body.postBack)
    doc["updated"] = now_iso()
    return doc


def delete_course_dispatches(store: Store, tenant: str, course_id: str) -> int:
    """Cascade for course deletion (used by routes/courses.py)."""
    ids = [d["id"] for d in store.list(tenant, DISP) if d["courseId"] == course_id]
    return store.delete_many(tenant, DISP, ids)


def _touch(store: Store, tenant: str, kind: str, doc: dict) -> None:
    doc["updated"] = now_iso()
    store.put(tenant, kind, doc["id"], doc)


def _add_tags(store: Store, tenant: str, kind: str, label: str, doc_id: str, tags: list[str] | None) -> None:
    if tags is None:
        raise bad_request("tags is required")
    with store.transaction():
        doc = _require_doc(store, tenant, kind, doc_id, label)
        doc["tags"] = merge_tags(doc.get("tags", []), clean_tags(tags))
        _touch(store, tenant, kind, doc)


def _remove_tags(store: Store, tenant: str, kind: str, label: str, doc_id: str, tags: list[str] | None) -> None:
    if tags is None:
        raise bad_request("tags is required")
    with store.transaction():
        doc = _require_doc(store, tenant, kind, doc_id, label)
        doc["tags"] = [t for t in doc.get("tags", []) if t not in set(tags)]
        _touch(store, tenant, kind, doc)


def _batch_tags(store: Store, tenant: str, kind: str, label: str, body: BatchTagsSchema) -> None:
    if body.ids is None or body.tags is None:
        raise bad_request("ids and tags are required")
    tags = clean_tags(body.tags)
    with store.transaction():
        docs = [_require_doc(store, tenant, kind, doc_id, label) for doc_id in body.ids]
        for doc in docs:
            doc["tags"] = merge_tags(doc.get("tags", []), tags)
            _touch(store, tenant, kind, doc)


def _enabled_value(body: EnabledSchema) -> bool:
    if body.enabled is None:
        raise bad_request("enabled is required")
    return body.enabled


NO_CONTENT = 204

DEST_SPEC = ListSpec("destinations", {"destination_id": lambda d: d["id"], "name": lambda d: d["name"]},
                     "destination_id", {"created": dt_key("created"), "updated": dt_key("updated"),
                                        "name": text_key("name")})
DISP_SPEC = ListSpec("dispatches", {"dispatch_id": lambda d: d["id"], "course_id": lambda d: d["courseId"],
                                    "destination_id": lambda d: d["destinationId"]},
                     "dispatch_id", {"created": dt_key("created"), "updated": dt_key("updated")})


# -- destinations -----------------------------------------------------------------------------------
@router.get("/dispatch/destinations")
def get_destinations(request: Request, q: ListQuery = Depends(list_query),
                     course_id: Ident | None = Query(None, alias="courseId"),
                     include_dispatch_count: str | None = Query(None, alias="includeDispatchCount"),
                     who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    q = resolve(DEST_SPEC, q, {"courseId": course_id,
                               "includeDispatchCount": parse_bool(include_dispatch_count, "includeDispatchCount")})
    store, tenant = emu.store, who.app_id
    with_count = bool(q.extras.get("includeDispatchCount"))
    course_id = q.extras.get("courseId")
    dispatches = store.list(tenant, DISP) if with_count or course_id else []
    dest_ids = {d["destinationId"] for d in dispatches if d["courseId"] == course_id}
    counts: dict[str, int] = {}
    for d in dispatches:
        counts[d["destinationId"]] = counts.get(d["destinationId"], 0) + 1

    def dispatches_the_course(doc):
        return doc["id"] in dest_ids

    def render(doc):
        return {"id": doc["id"], "data": _render_destination(doc, counts.get(doc["id"], 0) if with_count else None)}
    return paginate(request, DEST_SPEC, q, store.list(tenant, DEST), render,
                    predicate=dispatches_the_course if course_id else None)


@router.post("/dispatch/destinations", status_code=NO_CONTENT)
def create_destinations(body: DestinationListSchema, who: Principal = Depends(auth),
                        emu: Emulator = Depends(get_emu)):
    if body.destinations is None:
        raise bad_request("destinations is required")
    store = emu.store
    with store.transaction():
        docs, seen = [], set()
        for item in body.destinations:
            dest_id = check_id(item.id, "destination id")
            if dest_id in seen or store.exists(who.app_id, DEST, dest_id):
                raise bad_request(f"Destination '{dest_id}' already exists")
            seen.add(dest_id)
            docs.append(_new_destination(dest_id, item.data))
        for doc in docs:
            store.put(who.app_id, DEST, doc["id"], doc)
    return Response(status_code=NO_CONTENT)


@router.put("/dispatch/destinations/tags", status_code=NO_CONTENT)
def put_destination_tags_batch(body: BatchTagsSchema, who: Principal = Depends(auth),
                               emu: Emulator = Depends(get_emu)):
    _batch_tags(emu.store, who.app_id, DEST, "Destination", body)
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/destinations/{destination_id:seg}")
def get_destination(destination_id: str, include_dispatch_count: str | None = Query(None, alias="includeDispatchCount"),
                    who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    doc = _require_doc(emu.store, who.app_id, DEST, destination_id, "Destination")
    count = None
    if parse_bool(include_dispatch_count, "includeDispatchCount"):
        count = sum(1 for d in emu.store.list(who.app_id, DISP) if d["destinationId"] == destination_id)
    return _render_destination(doc, count)


@router.put("/dispatch/destinations/{destination_id:seg}", status_code=NO_CONTENT)
def set_destination(destination_id: str, body: DestinationSchema, who: Principal = Depends(auth),
                    emu: Emulator = Depends(get_emu)):
    check_id(destination_id, "destinationId")
    store = emu.store
    with store.transaction():
        doc = store.get(who.app_id, DEST, destination_id)
        if doc is None:
            doc = _new_destination(destination_id, body)
        else:
            doc = _apply_destination(doc, body, replace_tags=True)
            doc["updated"] = now_iso()
        store.put(who.app_id, DEST, destination_id, doc)
    return Response(status_code=NO_CONTENT)


@router.delete("/dispatch/destinations/{destination_id:seg}", status_code=NO_CONTENT)
def delete_destination(destination_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    store = emu.store
    with store.transaction():
        _require_doc(store, who.app_id, DEST, destination_id, "Destination")
        _delete_dispatches_where(store, who.app_id, lambda d: d["destinationId"] == destination_id)
        store.delete(who.app_id, DEST, destination_id)
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/destinations/{destination_id:seg}/tags")
def get_destination_tags(destination_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    return {"tags": _require_doc(emu.store, who.app_id, DEST, destination_id, "Destination")["tags"]}


@router.put("/dispatch/destinations/{destination_id:seg}/tags", status_code=NO_CONTENT)
def put_destination_tags(destination_id: str, body: TagListSchema, who: Principal = Depends(auth),
                         emu: Emulator = Depends(get_emu)):
    _add_tags(emu.store, who.app_id, DEST, "Destination", destination_id, body.tags)
    return Response(status_code=NO_CONTENT)


@router.delete("/dispatch/destinations/{destination_id:seg}/tags", status_code=NO_CONTENT)
def delete_destination_tags(destination_id: str, body: TagListSchema, who: Principal = Depends(auth),
                            emu: Emulator = Depends(get_emu)):
    _remove_tags(emu.store, who.app_id, DEST, "Destination", destination_id, body.tags)
    return Response(status_code=NO_CONTENT)


# -- dispatches of one destination ------------------------------------------------------------------
def _delete_dispatches_where(store: Store, tenant: str, keep_out) -> int:
    ids = [d["id"] for d in store.list(tenant, DISP) if keep_out(d)]
    return store.delete_many(tenant, DISP, ids)


def _update_destination_dispatches(store: Store, tenant: str, destination_id: str, changes: dict) -> None:
    with store.transaction():
        _require_doc(store, tenant, DEST, destination_id, "Destination")
        for doc in store.list(tenant, DISP):
            if doc["destinationId"] == destination_id:
                doc.update(changes)
                _touch(store, tenant, DISP, doc)


@router.get("/dispatch/destinations/{destination_id:seg}/dispatches")
def get_destination_dispatches(request: Request, destination_id: str, q: ListQuery = Depends(list_query),
                               course_id: Ident | None = Query(None, alias="courseId"),
                               is_enabled: str | None = Query(None, alias="isEnabled"),
                               who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    _require_doc(emu.store, who.app_id, DEST, destination_id, "Destination")
    return _list_dispatches(request, q, who, emu, course_id, is_enabled, destination_id)


@router.delete("/dispatch/destinations/{destination_id:seg}/dispatches", status_code=NO_CONTENT)
def delete_destination_dispatches(destination_id: str, who: Principal = Depends(auth),
                                  emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        _require_doc(emu.store, who.app_id, DEST, destination_id, "Destination")
        _delete_dispatches_where(emu.store, who.app_id, lambda d: d["destinationId"] == destination_id)
    return Response(status_code=NO_CONTENT)


@router.post("/dispatch/destinations/{destination_id:seg}/dispatches/enabled", status_code=NO_CONTENT)
def set_destination_dispatch_enabled(destination_id: str, body: EnabledSchema, who: Principal = Depends(auth),
                                     emu: Emulator = Depends(get_emu)):
    _update_destination_dispatches(emu.store, who.app_id, destination_id, {"enabled": _enabled_value(body)})
    return Response(status_code=NO_CONTENT)


@router.post("/dispatch/destinations/{destination_id:seg}/dispatches/registrationInstancing",
             status_code=NO_CONTENT)
def set_destination_registration_instancing(destination_id: str, body: EnabledSchema,
                                            who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    _update_destination_dispatches(emu.store, who.app_id, destination_id, {"instanced": _enabled_value(body)})
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/destinations/{destination_id:seg}/dispatches/hashUserInfo")
def get_destination_hash_user_info(destination_id: str, who: Principal = Depends(auth),
                                   emu: Emulator = Depends(get_emu)):
    doc = _require_doc(emu.store, who.app_id, DEST, destination_id, "Destination")
    return {"enabled": bool(doc.get("hashUserInfo", False))}


@router.put("/dispatch/destinations/{destination_id:seg}/dispatches/hashUserInfo", status_code=NO_CONTENT)
def set_destination_hash_user_info(destination_id: str, body: EnabledSchema, who: Principal = Depends(auth),
                                   emu: Emulator = Depends(get_emu)):
    enabled = _enabled_value(body)
    store = emu.store
    with store.transaction():
        doc = _require_doc(store, who.app_id, DEST, destination_id, "Destination")
        doc["hashUserInfo"] = enabled
        _touch(store, who.app_id, DEST, doc)
        _update_destination_dispatches(store, who.app_id, destination_id, {"hashUserInfo": enabled})
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/destinations/{destination_id:seg}/dispatches/registrationCount")
def get_destination_registration_count(destination_id: str, who: Principal = Depends(auth),
                                       emu: Emulator = Depends(get_emu)):
    _require_doc(emu.store, who.app_id, DEST, destination_id, "Destination")
    total = sum(d.get("registrationCount", 0) for d in emu.store.list(who.app_id, DISP)
                if d["destinationId"] == destination_id)
    return {"result": total}


@router.delete("/dispatch/destinations/{destination_id:seg}/dispatches/registrationCount", status_code=NO_CONTENT)
def reset_destination_registration_count(destination_id: str, who: Principal = Depends(auth),
                                         emu: Emulator = Depends(get_emu)):
    _update_destination_dispatches(emu.store, who.app_id, destination_id,
                                   {"registrationCount": 0, "registrationResetDate": now_iso()})
    return Response(status_code=NO_CONTENT)


# -- dispatches -------------------------------------------------------------------------------------
def _list_dispatches(request: Request, q: ListQuery, who: Principal, emu: Emulator, course_id: str | None,
                     is_enabled: str | None, destination_id: str | None = None):
    q = resolve(DISP_SPEC, q, {"courseId": course_id, "isEnabled": parse_bool(is_enabled, "isEnabled"),
                               "destinationId": destination_id})
    x = q.extras

    def predicate(doc: dict) -> bool:
        return ((x.get("courseId") is None or doc["courseId"] == x["courseId"])
                and (x.get("isEnabled") is None or doc["enabled"] == x["isEnabled"])
                and (x.get("destinationId") is None or doc["destinationId"] == x["destinationId"]))

    names = _Names(emu.store, who.app_id)

    def render(doc):
        return {"id": doc["id"], "data": _render_dispatch(doc, names)}
    return paginate(request, DISP_SPEC, q, emu.store.list(who.app_id, DISP), render, predicate=predicate)


@router.get("/dispatch/dispatches")
def get_dispatches(request: Request, q: ListQuery = Depends(list_query),
                   course_id: Ident | None = Query(None, alias="courseId"),
                   is_enabled: str | None = Query(None, alias="isEnabled"),
                   who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    return _list_dispatches(request, q, who, emu, course_id, is_enabled)


@router.post("/dispatch/dispatches", status_code=NO_CONTENT)
def create_dispatches(body: CreateDispatchListSchema, who: Principal = Depends(auth),
                      emu: Emulator = Depends(get_emu)):
    if body.dispatches is None:
        raise bad_request("dispatches is required")
    store, tenant = emu.store, who.app_id
    with store.transaction():
        pairs = {(d["courseId"], d["destinationId"]) for d in store.list(tenant, DISP)}
        docs, seen = [], set()
        for item in body.dispatches:
            dispatch_id = check_id(item.id, "dispatch id")
            data = item.data
            if data is None:
                raise bad_request(f"Dispatch '{dispatch_id}': data is required")
            course_id = check_id(data.courseId, "courseId")
            dest_id = check_id(data.destinationId, "destinationId")
            if dispatch_id in seen or store.exists(tenant, DISP, dispatch_id):
                raise bad_request(f"Dispatch '{dispatch_id}' already exists")
            if (course_id, dest_id) in pairs:
                raise bad_request(f"A dispatch for course '{course_id}' and destination '{dest_id}' already exists")
            if not store.exists(tenant, DEST, dest_id):
                raise bad_request(f"Destination '{dest_id}' not found")
            if not store.exists(tenant, COURSE, course_id):
                raise bad_request(f"Course '{course_id}' not found")
            seen.add(dispatch_id)
            pairs.add((course_id, dest_id))
            ts = now_iso()
            docs.append({
                "id": dispatch_id, "destinationId": dest_id, "courseId": course_id, "created": ts, "updated": ts,
                "allowNewRegistrations": True if data.allowNewRegistrations is None else data.allowNewRegistrations,
                "instanced": True if data.instanced is None else data.instanced,
                "registrationCap": data.registrationCap or 0, "registrationCount": 0,
                "expirationDate": _expiration(data.expirationDate),
                "enabled": True if data.enabled is None else data.enabled,
                "tags": clean_tags(data.tags), "email": data.email, "notes": data.notes,
                "postBack": _postback(data.postBack),
                "hashUserInfo": bool(store.get(tenant, DEST, dest_id).get("hashUserInfo", False)),
            })
        for doc in docs:
            store.put(tenant, DISP, doc["id"], doc)
    return Response(status_code=NO_CONTENT)


def _bulk_selection(who: Principal, emu: Emulator, course_id, since, until, datetime_filter, tags, filter_,
                    filter_by) -> list[dict]:
    """Dispatches matched by the bulk PUT/DELETE filters; at least one filter is required."""
    q = list_query(since=since, until=until, datetime_filter=datetime_filter, filter=filter_, filter_by=filter_by,
                   order_by=None, tags=tags, include_total_count=None, more=None)
    if not (course_id or q.since or q.until or q.tags or q.filter):
        raise bad_request("At least one of courseId, since, until, tags or filter is required")
    predicate = (lambda d: d["courseId"] == course_id) if course_id else None
    return apply_filters(DISP_SPEC, q, emu.store.list(who.app_id, DISP), predicate)


class _BulkParams:
    def __init__(self, course_id: Ident | None = Query(None, alias="courseId"), since: str | None = Query(None),
                 until: str | None = Query(None), datetime_filter: str | None = Query(None, alias="datetimeFilter"),
                 tags: str | None = Query(None), filter: str | None = Query(None, max_length=1000),
                 filter_by: str | None = Query(None, alias="filterBy")):
        self.args = (course_id, since, until, datetime_filter, tags, filter, filter_by)


@router.put("/dispatch/dispatches", status_code=NO_CONTENT)
def update_dispatches(body: UpdateDispatchSchema, params: _BulkParams = Depends(), who: Principal = Depends(auth),
                      emu: Emulator = Depends(get_emu)):
    store = emu.store
    with store.transaction():
        selected = _bulk_selection(who, emu, *params.args)
        for doc in selected:
            store.put(who.app_id, DISP, doc["id"], _apply_update(doc, body))
    return Response(status_code=NO_CONTENT, headers={"X-Total-Count": str(len(selected))})


@router.delete("/dispatch/dispatches", status_code=NO_CONTENT)
def delete_dispatches(params: _BulkParams = Depends(), who: Principal = Depends(auth),
                      emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        selected = _bulk_selection(who, emu, *params.args)
        emu.store.delete_many(who.app_id, DISP, [d["id"] for d in selected])
    return Response(status_code=NO_CONTENT, headers={"X-Total-Count": str(len(selected))})


@router.put("/dispatch/dispatches/tags", status_code=NO_CONTENT)
def put_dispatch_tags_batch(body: BatchTagsSchema, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    _batch_tags(emu.store, who.app_id, DISP, "Dispatch", body)
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/dispatches/{dispatch_id:seg}")
def get_dispatch(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    doc = _require_doc(emu.store, who.app_id, DISP, dispatch_id, "Dispatch")
    return _render_dispatch(doc, _Names(emu.store, who.app_id))


@router.put("/dispatch/dispatches/{dispatch_id:seg}", status_code=NO_CONTENT)
def update_dispatch(dispatch_id: str, body: UpdateDispatchSchema, who: Principal = Depends(auth),
                    emu: Emulator = Depends(get_emu)):
    store = emu.store
    with store.transaction():
        doc = _require_doc(store, who.app_id, DISP, dispatch_id, "Dispatch")
        store.put(who.app_id, DISP, dispatch_id, _apply_update(doc, body))
    return Response(status_code=NO_CONTENT)


@router.delete("/dispatch/dispatches/{dispatch_id:seg}", status_code=NO_CONTENT)
def delete_dispatch(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    if not emu.store.delete(who.app_id, DISP, dispatch_id):
        raise not_found(f"Dispatch '{dispatch_id}' not found")
    return Response(status_code=NO_CONTENT)


def _flag_routes(flag: str, path: str) -> None:
    """GET/PUT …/{dispatchId}/<path> reading and writing one boolean field as an EnabledSchema."""
    @router.get(f"/dispatch/dispatches/{{dispatch_id:seg}}/{path}", name=f"get_dispatch_{path}")
    def get_flag(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
        return {"enabled": bool(_require_doc(emu.store, who.app_id, DISP, dispatch_id, "Dispatch").get(flag))}

    @router.put(f"/dispatch/dispatches/{{dispatch_id:seg}}/{path}", status_code=NO_CONTENT,
                name=f"set_dispatch_{path}")
    def set_flag(dispatch_id: str, body: EnabledSchema, who: Principal = Depends(auth),
                 emu: Emulator = Depends(get_emu)):
        value = _enabled_value(body)
        with emu.store.transaction():
            doc = _require_doc(emu.store, who.app_id, DISP, dispatch_id, "Dispatch")
            doc[flag] = value
            _touch(emu.store, who.app_id, DISP, doc)
        return Response(status_code=NO_CONTENT)


_flag_routes("enabled", "enabled")
_flag_routes("hashUserInfo", "hashUserInfo")


@router.get("/dispatch/dispatches/{dispatch_id:seg}/tags")
def get_dispatch_tags(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    return {"tags": _require_doc(emu.store, who.app_id, DISP, dispatch_id, "Dispatch")["tags"]}


@router.put("/dispatch/dispatches/{dispatch_id:seg}/tags", status_code=NO_CONTENT)
def put_dispatch_tags(dispatch_id: str, body: TagListSchema, who: Principal = Depends(auth),
                      emu: Emulator = Depends(get_emu)):
    _add_tags(emu.store, who.app_id, DISP, "Dispatch", dispatch_id, body.tags)
    return Response(status_code=NO_CONTENT)


@router.delete("/dispatch/dispatches/{dispatch_id:seg}/tags", status_code=NO_CONTENT)
def delete_dispatch_tags(dispatch_id: str, body: TagListSchema, who: Principal = Depends(auth),
                         emu: Emulator = Depends(get_emu)):
    _remove_tags(emu.store, who.app_id, DISP, "Dispatch", dispatch_id, body.tags)
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/dispatches/{dispatch_id:seg}/registrationCount")
def get_dispatch_registration_count(dispatch_id: str, who: Principal = Depends(auth),
                                    emu: Emulator = Depends(get_emu)):
    doc = _require_doc(emu.store, who.app_id, DISP, dispatch_id, "Dispatch")
    result = {"registrationCount": doc.get("registrationCount", 0)}
    if doc.get("registrationResetDate"):
        result["lastResetDate"] = doc["registrationResetDate"]
    return result


@router.delete("/dispatch/dispatches/{dispatch_id:seg}/registrationCount", status_code=NO_CONTENT)
def reset_dispatch_registration_count(dispatch_id: str, who: Principal = Depends(auth),
                                      emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        doc = _require_doc(emu.store, who.app_id, DISP, dispatch_id, "Dispatch")
        doc.update(registrationCount=0, registrationResetDate=now_iso())
        _touch(emu.store, who.app_id, DISP, doc)
    return Response(status_code=NO_CONTENT)


@router.delete("/dispatch/dispatches/{dispatch_id:seg}/postback", status_code=NO_CONTENT)
def delete_dispatch_postback(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        doc = _require_doc(emu.store, who.app_id, DISP, dispatch_id, "Dispatch")
        doc["postBack"] = None
        _touch(emu.store, who.app_id, DISP, doc)
    return Response(status_code=NO_CONTENT)
