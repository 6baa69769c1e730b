"""Dispatches (DispatchApi, /dispatch/dispatches...).

Store kind (tenant = app id): "dispatch", keyed by the client-chosen id.  A dispatch joins an existing
"destination" (routes/destinations.py) and an existing "course" (routes/courses.py; at least {"id", "title"});
there is at most one dispatch per course and destination.  Course deletion cascades through
`resources.delete_course_dispatches()`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import Field

from ..auth import Principal, app_auth
from ..context import Emulator, get_emu
from ..dispatchzip import ZIP_RESPONSES, package_type
from ..errors import bad_request
from ..models import Body, EnabledSchema, Ident, Name, PostBackSchema, Text
from ..paging import ListQuery, apply_filters, list_query
from ..resources import (COURSE, DESTINATION, DISPATCH, DISPATCH_SPEC, NO_CONTENT, DispatchNames, delete_doc,
                         dispatch_zip, enabled_value, expiration_value, list_dispatches, postback_value,
                         render_dispatch, require_doc, tag_routes, touch)
from ..store import Store
from ..wire import ZIP_TYPE, check_id, clean_tags, now_iso

router = APIRouter(tags=["dispatch"])
auth = app_auth("dispatch")
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]


# -- request bodies -------------------------------------------------------------------------------
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
def _dispatch(store: Store, tenant: str, dispatch_id: str) -> dict:
    return require_doc(store, tenant, DISPATCH, dispatch_id, "Dispatch")


def _apply_update(doc: dict, body: UpdateDispatchSchema) -> dict:
    for key in ("allowNewRegistrations", "instanced", "registrationCap", "registrationCount", "enabled",
                "email", "notes"):
        value = getattr(body, key)
        if value is not None:
            doc[key] = value
    if body.expirationDate is not None:
        doc["expirationDate"] = expiration_value(body.expirationDate)
    if body.postBack is not None:
        doc["postBack"] = postback_value(body.postBack)
    doc["updated"] = now_iso()
    return doc


# -- dispatches -------------------------------------------------------------------------------------
@router.get("/dispatch/dispatches")
def get_dispatches(request: Request, q: ListQuery = Depends(list_query),
                   course_id: Ident | None = Query(None, alias="courseId"),
                   is_enabled: str | None = Query(None, alias="isEnabled"),
                   who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    return list_dispatches(request, q, emu.store, who.app_id, course_id, is_enabled)


@router.post("/dispatch/dispatches", status_code=NO_CONTENT)
def create_dispatches(body: CreateDispatchListSchema, who: Principal = Depends(auth),
                      emu: Emulator = Depends(get_emu)):
    if body.dispatches is None:
        raise bad_request("dispatches is required")
    store, tenant = emu.store, who.app_id
    with store.transaction():
        pairs = {(d["courseId"], d["destinationId"]) for d in store.list(tenant, DISPATCH)}
        docs, seen = [], set()
        for item in body.dispatches:
            dispatch_id = check_id(item.id, "dispatch id")
            data = item.data
            if data is None:
                raise bad_request(f"Dispatch '{dispatch_id}': data is required")
            course_id = check_id(data.courseId, "courseId")
            dest_id = check_id(data.destinationId, "destinationId")
            if dispatch_id in seen or store.exists(tenant, DISPATCH, dispatch_id):
                raise bad_request(f"Dispatch '{dispatch_id}' already exists")
            if (course_id, dest_id) in pairs:
                raise bad_request(f"A dispatch for course '{course_id}' and destination '{dest_id}' already exists")
            if not store.exists(tenant, DESTINATION, dest_id):
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
                "expirationDate": expiration_value(data.expirationDate),
                "enabled": True if data.enabled is None else data.enabled,
                "tags": clean_tags(data.tags), "email": data.email, "notes": data.notes,
                "postBack": postback_value(data.postBack),
                "hashUserInfo": bool(store.get(tenant, DESTINATION, dest_id).get("hashUserInfo", False)),
            })
        for doc in docs:
            store.put(tenant, DISPATCH, doc["id"], doc)
    return Response(status_code=NO_CONTENT)


def _bulk_selection(who: Principal, emu: Emulator, course_id, since, until, datetime_filter, tags, filter_,
                    filter_by) -> list[dict]:
    """Dispatches matched by the bulk PUT/DELETE filters; at least one filter is required."""
    q = list_query(since=since, until=until, datetime_filter=datetime_filter, filter=filter_, filter_by=filter_by,
                   order_by=None, tags=tags, include_total_count=None, more=None)
    if not (course_id or q.since or q.until or q.tags or q.filter):
        raise bad_request("At least one of courseId, since, until, tags or filter is required")
    predicate = (lambda d: d["courseId"] == course_id) if course_id else None
    return apply_filters(DISPATCH_SPEC, q, emu.store.list(who.app_id, DISPATCH), predicate)


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
            store.put(who.app_id, DISPATCH, doc["id"], _apply_update(doc, body))
    return Response(status_code=NO_CONTENT, headers={"X-Total-Count": str(len(selected))})


@router.delete("/dispatch/dispatches", status_code=NO_CONTENT)
def delete_dispatches(params: _BulkParams = Depends(), who: Principal = Depends(auth),
                      emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        selected = _bulk_selection(who, emu, *params.args)
        emu.store.delete_many(who.app_id, DISPATCH, [d["id"] for d in selected])
    return Response(status_code=NO_CONTENT, headers={"X-Total-Count": str(len(selected))})


# PUT /dispatch/dispatches/tags (declared here, before /{dispatch_id}) and …/{dispatch_id}/tags.
tag_routes(router, auth, collection="/dispatch/dispatches", param="dispatch_id", kind=DISPATCH, label="Dispatch",
           name="dispatch")


@router.get("/dispatch/dispatches/{dispatch_id:seg}")
def get_dispatch(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    doc = _dispatch(emu.store, who.app_id, dispatch_id)
    return render_dispatch(doc, DispatchNames(emu.store, who.app_id))


@router.put("/dispatch/dispatches/{dispatch_id:seg}", status_code=NO_CONTENT)
def update_dispatch(dispatch_id: str, body: UpdateDispatchSchema, who: Principal = Depends(auth),
                    emu: Emulator = Depends(get_emu)):
    store = emu.store
    with store.transaction():
        doc = _dispatch(store, who.app_id, dispatch_id)
        store.put(who.app_id, DISPATCH, dispatch_id, _apply_update(doc, body))
    return Response(status_code=NO_CONTENT)


@router.delete("/dispatch/dispatches/{dispatch_id:seg}", status_code=NO_CONTENT)
def delete_dispatch(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    delete_doc(emu.store, who.app_id, DISPATCH, dispatch_id, "Dispatch")
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/dispatches/{dispatch_id:seg}/zip", response_class=Response, responses=ZIP_RESPONSES)
def get_dispatch_zip(request: Request, dispatch_id: str,
                     package: str | None = Query(None, alias="type", max_length=1000),
                     css_url: str | None = Query(None, alias="cssUrl", max_length=10000),
                     who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    """The dispatch's SCORM 1.2 package (dispatchzip.py); the same bytes while the dispatch is unchanged."""
    doc = _dispatch(emu.store, who.app_id, dispatch_id)
    package_type(package)
    return Response(dispatch_zip(request, DispatchNames(emu.store, who.app_id), doc, css_url), media_type=ZIP_TYPE)


def _flag_routes(flag: str, path: str) -> None:
    """GET/PUT …/{dispatchId}/<path> reading and writing one boolean field as an EnabledSchema."""
    @router.get(f"/dispatch/dispatches/{{dispatch_id:seg}}/{path}", name=f"get_dispatch_{path}")
    def get_flag(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
        return {"enabled": bool(_dispatch(emu.store, who.app_id, dispatch_id).get(flag))}

    @router.put(f"/dispatch/dispatches/{{dispatch_id:seg}}/{path}", status_code=NO_CONTENT,
                name=f"set_dispatch_{path}")
    def set_flag(dispatch_id: str, body: EnabledSchema, who: Principal = Depends(auth),
                 emu: Emulator = Depends(get_emu)):
        value = enabled_value(body)
        with emu.store.transaction():
            doc = _dispatch(emu.store, who.app_id, dispatch_id)
            doc[flag] = value
            touch(emu.store, who.app_id, DISPATCH, doc)
        return Response(status_code=NO_CONTENT)


_flag_routes("enabled", "enabled")
_flag_routes("hashUserInfo", "hashUserInfo")


@router.get("/dispatch/dispatches/{dispatch_id:seg}/registrationCount")
def get_dispatch_registration_count(dispatch_id: str, who: Principal = Depends(auth),
                                    emu: Emulator = Depends(get_emu)):
    doc = _dispatch(emu.store, who.app_id, dispatch_id)
    result = {"registrationCount": doc.get("registrationCount", 0)}
    if doc.get("registrationResetDate"):
        result["lastResetDate"] = doc["registrationResetDate"]
    return result


@router.delete("/dispatch/dispatches/{dispatch_id:seg}/registrationCount", status_code=NO_CONTENT)
def reset_dispatch_registration_count(dispatch_id: str, who: Principal = Depends(auth),
                                      emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        doc = _dispatch(emu.store, who.app_id, dispatch_id)
        doc.update(registrationCount=0, registrationResetDate=now_iso())
        touch(emu.store, who.app_id, DISPATCH, doc)
    return Response(status_code=NO_CONTENT)


@router.delete("/dispatch/dispatches/{dispatch_id:seg}/postback", status_code=NO_CONTENT)
def delete_dispatch_postback(dispatch_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        doc = _dispatch(emu.store, who.app_id, dispatch_id)
        doc["postBack"] = None
        touch(emu.store, who.app_id, DISPATCH, doc)
    return Response(status_code=NO_CONTENT)
