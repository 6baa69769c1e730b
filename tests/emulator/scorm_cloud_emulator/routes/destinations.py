"""Dispatch destinations (DispatchApi, /dispatch/destinations...), including the per-destination dispatch calls.

Store kind (tenant = app id): "destination", keyed by the client-chosen id.  Dispatches ("dispatch", owned by
routes/dispatches.py) reference a destination by `destinationId`; deleting a destination deletes them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import Field

from ..auth import Principal, app_auth
from ..context import Emulator, get_emu
from ..dispatchzip import ZIP_RESPONSES, bundle, package_type
from ..errors import bad_request
from ..models import Body, EnabledSchema, Ident, Name, Text
from ..paging import Docs, ListQuery, ListSpec, dt_key, list_query, paginate, resolve, text_key
from ..resources import (DESTINATION, DISPATCH, NO_CONTENT, DispatchNames, delete_dispatches_where, dispatch_zip,
                         enabled_value, list_dispatches, require_doc, tag_routes, touch)
from ..store import Store
from ..wire import ZIP_TYPE, check_id, clean_tags, merge_tags, now_iso, parse_bool, split_list

router = APIRouter(tags=["dispatch"])
auth = app_auth("dispatch")
LAUNCH_AUTH_TYPES = ("cookies", "vault")
LTI13_REQUIRED = ("clientId", "platformIssuerIdentifier", "deploymentId", "oidcAuthorizationEndpoint",
                  "jsonWebKeySetUrl")
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


# -- helpers ----------------------------------------------------------------------------------------
def _destination(store: Store, tenant: str, destination_id: str) -> dict:
    return require_doc(store, tenant, DESTINATION, destination_id, "Destination")


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


def _update_destination_dispatches(store: Store, tenant: str, destination_id: str, changes: dict) -> None:
    with store.transaction():
        _destination(store, tenant, destination_id)
        for doc in store.list(tenant, DISPATCH):
            if doc["destinationId"] == destination_id:
                doc.update(changes)
                touch(store, tenant, DISPATCH, doc)


DEST_SPEC = ListSpec("destinations", {"destination_id": "id", "name": "name"},
                     "destination_id", {"created": dt_key("created"), "updated": dt_key("updated"),
                                        "name": text_key("name")})


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
    dispatches = store.list(tenant, DISPATCH) if with_count or course_id else []
    dest_ids = {d["destinationId"] for d in dispatches if d["courseId"] == course_id}
    counts: dict[str, int] = {}
    for d in dispatches:
        counts[d["destinationId"]] = counts.get(d["destinationId"], 0) + 1

    def render(doc):
        return {"id": doc["id"], "data": _render_destination(doc, counts.get(doc["id"], 0) if with_count else None)}
    return paginate(request, DEST_SPEC, q, Docs(store, tenant, DESTINATION, ids=dest_ids if course_id else None),
                    render)


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
            if dest_id in seen or store.exists(who.app_id, DESTINATION, dest_id):
                raise bad_request(f"Destination '{dest_id}' already exists")
            seen.add(dest_id)
            docs.append(_new_destination(dest_id, item.data))
        for doc in docs:
            store.put(who.app_id, DESTINATION, doc["id"], doc)
    return Response(status_code=NO_CONTENT)


# PUT /dispatch/destinations/tags (declared here, before /{destination_id}) and …/{destination_id}/tags.
tag_routes(router, auth, collection="/dispatch/destinations", param="destination_id", kind=DESTINATION,
           label="Destination", name="destination")


@router.get("/dispatch/destinations/{destination_id:seg}")
def get_destination(destination_id: str, include_dispatch_count: str | None = Query(None, alias="includeDispatchCount"),
                    who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    doc = _destination(emu.store, who.app_id, destination_id)
    count = None
    if parse_bool(include_dispatch_count, "includeDispatchCount"):
        count = sum(1 for d in emu.store.list(who.app_id, DISPATCH) if d["destinationId"] == destination_id)
    return _render_destination(doc, count)


@router.put("/dispatch/destinations/{destination_id:seg}", status_code=NO_CONTENT)
def set_destination(destination_id: str, body: DestinationSchema, who: Principal = Depends(auth),
                    emu: Emulator = Depends(get_emu)):
    check_id(destination_id, "destinationId")
    store = emu.store
    with store.transaction():
        doc = store.get(who.app_id, DESTINATION, destination_id)
        if doc is None:
            doc = _new_destination(destination_id, body)
        else:
            doc = _apply_destination(doc, body, replace_tags=True)
            doc["updated"] = now_iso()
        store.put(who.app_id, DESTINATION, destination_id, doc)
    return Response(status_code=NO_CONTENT)


@router.delete("/dispatch/destinations/{destination_id:seg}", status_code=NO_CONTENT)
def delete_destination(destination_id: str, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    store = emu.store
    with store.transaction():
        _destination(store, who.app_id, destination_id)
        delete_dispatches_where(store, who.app_id, lambda d: d["destinationId"] == destination_id)
        store.delete(who.app_id, DESTINATION, destination_id)
    return Response(status_code=NO_CONTENT)


# -- dispatches of one destination ------------------------------------------------------------------
@router.get("/dispatch/destinations/{destination_id:seg}/dispatches")
def get_destination_dispatches(request: Request, destination_id: str, q: ListQuery = Depends(list_query),
                               course_id: Ident | None = Query(None, alias="courseId"),
                               is_enabled: str | None = Query(None, alias="isEnabled"),
                               who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    _destination(emu.store, who.app_id, destination_id)
    return list_dispatches(request, q, emu.store, who.app_id, course_id, is_enabled, destination_id)


@router.delete("/dispatch/destinations/{destination_id:seg}/dispatches", status_code=NO_CONTENT)
def delete_destination_dispatches(destination_id: str, who: Principal = Depends(auth),
                                  emu: Emulator = Depends(get_emu)):
    with emu.store.transaction():
        _destination(emu.store, who.app_id, destination_id)
        delete_dispatches_where(emu.store, who.app_id, lambda d: d["destinationId"] == destination_id)
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/destinations/{destination_id:seg}/dispatches/zip", response_class=Response,
            responses=ZIP_RESPONSES)
def get_destination_dispatch_zip(request: Request, destination_id: str,
                                 package: str | None = Query(None, alias="type", max_length=1000),
                                 css_url: str | None = Query(None, alias="cssUrl", max_length=10000),
                                 tags: str | None = Query(None, max_length=100000, description="comma-joined; any"),
                                 who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    """A zip of the packages of the destination's dispatches (those with any of `tags`, if given), one entry
    per dispatch named after its id (dispatchzip.entry_name), in list order."""
    store = emu.store
    _destination(store, who.app_id, destination_id)
    package_type(package)
    wanted = set(split_list(tags))
    names = DispatchNames(store, who.app_id)
    packages = [(doc["id"], dispatch_zip(request, names, doc, css_url)) for doc in store.list(who.app_id, DISPATCH)
                if doc["destinationId"] == destination_id and (not wanted or wanted & set(doc.get("tags") or []))]
    return Response(bundle(packages), media_type=ZIP_TYPE)


@router.post("/dispatch/destinations/{destination_id:seg}/dispatches/enabled", status_code=NO_CONTENT)
def set_destination_dispatch_enabled(destination_id: str, body: EnabledSchema, who: Principal = Depends(auth),
                                     emu: Emulator = Depends(get_emu)):
    _update_destination_dispatches(emu.store, who.app_id, destination_id, {"enabled": enabled_value(body)})
    return Response(status_code=NO_CONTENT)


@router.post("/dispatch/destinations/{destination_id:seg}/dispatches/registrationInstancing",
             status_code=NO_CONTENT)
def set_destination_registration_instancing(destination_id: str, body: EnabledSchema,
                                            who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
    _update_destination_dispatches(emu.store, who.app_id, destination_id, {"instanced": enabled_value(body)})
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/destinations/{destination_id:seg}/dispatches/hashUserInfo")
def get_destination_hash_user_info(destination_id: str, who: Principal = Depends(auth),
                                   emu: Emulator = Depends(get_emu)):
    doc = _destination(emu.store, who.app_id, destination_id)
    return {"enabled": bool(doc.get("hashUserInfo", False))}


@router.put("/dispatch/destinations/{destination_id:seg}/dispatches/hashUserInfo", status_code=NO_CONTENT)
def set_destination_hash_user_info(destination_id: str, body: EnabledSchema, who: Principal = Depends(auth),
                                   emu: Emulator = Depends(get_emu)):
    enabled = enabled_value(body)
    store = emu.store
    with store.transaction():
        doc = _destination(store, who.app_id, destination_id)
        doc["hashUserInfo"] = enabled
        touch(store, who.app_id, DESTINATION, doc)
        _update_destination_dispatches(store, who.app_id, destination_id, {"hashUserInfo": enabled})
    return Response(status_code=NO_CONTENT)


@router.get("/dispatch/destinations/{destination_id:seg}/dispatches/registrationCount")
def get_destination_registration_count(destination_id: str, who: Principal = Depends(auth),
                                       emu: Emulator = Depends(get_emu)):
    _destination(emu.store, who.app_id, destination_id)
    total = sum(d.get("registrationCount", 0) for d in emu.store.list(who.app_id, DISPATCH)
                if d["destinationId"] == destination_id)
    return {"result": total}


@router.delete("/dispatch/destinations/{destination_id:seg}/dispatches/registrationCount", status_code=NO_CONTENT)
def reset_destination_registration_count(destination_id: str, who: Principal = Depends(auth),
                                         emu: Emulator = Depends(get_emu)):
    _update_destination_dispatches(emu.store, who.app_id, destination_id,
                                   {"registrationCount": 0, "registrationResetDate": now_iso()})
    return Response(status_code=NO_CONTENT)
