"""Helpers that several route modules share; route modules import these, never each other's names.

- stored documents: `require_doc` (the one 404 lookup), `delete_doc`, `touch`
- tags: `add_tags`, `remove_tags`, `batch_tags` and `tag_routes`, the route factory for
  GET/PUT/DELETE `<collection>/{id}/tags` and the batch PUT `<collection>/tags`
- `enabled_value` (EnabledSchema bodies), `ConfigLevel` (the learningStandard/singleSco query pair),
  `postback_value` (a validated PostBackSchema) and `expiration_value` (an expirationDate, '' clears it)
- dispatches: `DISPATCH_SPEC`, `DispatchNames`, `render_dispatch`, `list_dispatches`,
  `delete_dispatches_where`, `delete_course_dispatches` (the cascade a course delete needs) and
  `dispatch_zip` (one dispatch's package; see dispatchzip.py)
- invitations: `delete_course_invitations` (the other cascade of a course delete)

Store kinds used across modules are named here: COURSE, DESTINATION, DISPATCH, INVITATION, CONFIG_KIND.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from .auth import Principal
from .config import LEARNING_STANDARDS
from .context import Emulator, get_emu
from .dispatchzip import dispatch_package
from .errors import bad_request, not_found
from .models import BatchTagsSchema, EnabledSchema, PostBackSchema, TagListSchema
from .paging import Docs, ListQuery, ListSpec, dt_key, paginate, resolve
from .store import Store
from .wire import clean_tags, format_dt, merge_tags, now_iso, parse_bool, parse_dt

NO_CONTENT = 204
COURSE, DESTINATION, DISPATCH, INVITATION = "course", "destination", "dispatch", "invitation"
CONFIG_KIND = "appconfig"
POSTBACK_AUTH_TYPES = ("UNDEFINED", "FORM", "HTTPBASIC")
POSTBACK_FORMATS = ("UNDEFINED", "COURSE", "ACTIVITY", "FULL")


# -- stored documents -------------------------------------------------------------------------------
def require_doc(store: Store, tenant: str, kind: str, doc_id: str, label: str) -> dict:
    """The document, or a 404 "<label> '<id>' not found"."""
    doc = store.get(tenant, kind, doc_id)
    if doc is None:
        raise not_found(f"{label} '{doc_id}' not found")
    return doc


def delete_doc(store: Store, tenant: str, kind: str, doc_id: str, label: str) -> None:
    """Delete the document, or answer the same 404 as require_doc when it does not exist."""
    if not store.delete(tenant, kind, doc_id):
        raise not_found(f"{label} '{doc_id}' not found")


def touch(store: Store, tenant: str, kind: str, doc: dict) -> None:
    """Store a changed document with a fresh `updated` timestamp."""
    doc["updated"] = now_iso()
    store.put(tenant, kind, doc["id"], doc)


# -- tags -------------------------------------------------------------------------------------------
def add_tags(store: Store, tenant: str, kind: str, label: str, doc_id: str, tags: list[str] | None) -> None:
    if tags is None:
        raise bad_request("tags is required")
    with store.transaction():
        doc = require_doc(store, tenant, kind, doc_id, label)
        doc["tags"] = merge_tags(doc.get("tags", []), clean_tags(tags))
        touch(store, tenant, kind, doc)


def remove_tags(store: Store, tenant: str, kind: str, label: str, doc_id: str, tags: list[str] | None) -> None:
    if tags is None:
        raise bad_request("tags is required")
    with store.transaction():
        doc = require_doc(store, tenant, kind, doc_id, label)
        doc["tags"] = [t for t in doc.get("tags", []) if t not in set(tags)]
        touch(store, tenant, kind, doc)


def batch_tags(store: Store, tenant: str, kind: str, label: str, body: BatchTagsSchema) -> None:
    """Add tags to every listed document; one unknown id is a 404 and nothing changes."""
    if body.ids is None or body.tags is None:
        raise bad_request("ids and tags are required")
    tags = clean_tags(body.tags)
    with store.transaction():
        docs = [require_doc(store, tenant, kind, doc_id, label) for doc_id in body.ids]
        for doc in docs:
            doc["tags"] = merge_tags(doc.get("tags", []), tags)
            touch(store, tenant, kind, doc)


def _endpoint(param: str, handler: Callable[..., Any], auth: Callable, body: type | None) -> Callable[..., Any]:
    """A FastAPI endpoint whose path parameter is called `param` (e.g. destination_id), calling
    handler(doc_id, body?, who, emu)."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter(param, keyword, annotation=str)]
    if body is not None:
        params.append(inspect.Parameter("body", keyword, annotation=body))
    params += [inspect.Parameter("who", keyword, default=Depends(auth), annotation=Principal),
               inspect.Parameter("emu", keyword, default=Depends(get_emu), annotation=Emulator)]

    def endpoint(**kwargs):
        return handler(kwargs.pop(param), **kwargs)

    endpoint.__signature__ = inspect.Signature(params)
    return endpoint


def tag_routes(router: APIRouter, auth: Callable, *, collection: str, param: str, kind: str, label: str,
               name: str) -> None:
    """Declare the four tag routes of a collection, named like the SDK calls (put_<name>_tags_batch,
    get_/put_/delete_<name>_tags):

        PUT    <collection>/tags               BatchTagsSchema -> 204 (union; an unknown id is a 404)
        GET    <collection>/{<param>}/tags     -> {"tags": [...]}
        PUT    <collection>/{<param>}/tags     TagListSchema -> 204 (union, first-seen order)
        DELETE <collection>/{<param>}/tags     TagListSchema -> 204 (absent tags are fine)

    Call it before the module declares `<collection>/{<param>}` routes, so the static batch path wins.
    """
    def put_batch(body: BatchTagsSchema, who: Principal = Depends(auth), emu: Emulator = Depends(get_emu)):
        batch_tags(emu.store, who.app_id, kind, label, body)
        return Response(status_code=NO_CONTENT)

    def get_tags(doc_id: str, who: Principal, emu: Emulator):
        return {"tags": require_doc(emu.store, who.app_id, kind, doc_id, label)["tags"]}

    def put_tags(doc_id: str, body: TagListSchema, who: Principal, emu: Emulator):
        add_tags(emu.store, who.app_id, kind, label, doc_id, body.tags)
        return Response(status_code=NO_CONTENT)

    def delete_tags(doc_id: str, body: TagListSchema, who: Principal, emu: Emulator):
        remove_tags(emu.store, who.app_id, kind, label, doc_id, body.tags)
        return Response(status_code=NO_CONTENT)

    item = f"{collection}/{{{param}:seg}}/tags"
    router.add_api_route(f"{collection}/tags", put_batch, methods=["PUT"], status_code=NO_CONTENT,
                         name=f"put_{name}_tags_batch")
    router.add_api_route(item, _endpoint(param, get_tags, auth, None), methods=["GET"], name=f"get_{name}_tags")
    router.add_api_route(item, _endpoint(param, put_tags, auth, TagListSchema), methods=["PUT"],
                         status_code=NO_CONTENT, name=f"put_{name}_tags")
    router.add_api_route(item, _endpoint(param, delete_tags, auth, TagListSchema), methods=["DELETE"],
                         status_code=NO_CONTENT, name=f"delete_{name}_tags")


# -- small shared bodies and queries ----------------------------------------------------------------
def enabled_value(body: EnabledSchema) -> bool:
    if body.enabled is None:
        raise bad_request("enabled is required")
    return body.enabled


def postback_value(value: PostBackSchema | None) -> dict | None:
    """The stored form of a PostBackSchema (its non-null fields), or a 400 for an unknown authType/resultsFormat.
    Its `password` is a secret: stored (so the secrets hook lists it), never returned."""
    if value is None:
        return None
    pb = value.model_dump(exclude_none=True)
    if pb.get("authType", "UNDEFINED").upper() not in POSTBACK_AUTH_TYPES:
        raise bad_request(f"postBack.authType must be one of {', '.join(POSTBACK_AUTH_TYPES)}")
    if pb.get("resultsFormat", "UNDEFINED").upper() not in POSTBACK_FORMATS:
        raise bad_request(f"postBack.resultsFormat must be one of {', '.join(POSTBACK_FORMATS)}")
    return pb


def expiration_value(raw: str | None) -> str | None:
    """'' or 'none' clears the expiration date (the service's convention); anything else must be ISO-8601."""
    parsed = parse_dt(raw, "expirationDate")
    return format_dt(parsed) if parsed else None


class ConfigLevel:
    """learningStandard/singleSco query pair; both absent = the application level.

    Application settings are stored as CONFIG_KIND documents: "application", and "<standard>:<true|false>"
    for the learningStandardForApplication level.
    """

    def __init__(self, learning_standard: str | None = Query(None, alias="learningStandard"),
                 single_sco: str | None = Query(None, alias="singleSco")):
        self.standard = None
        self.single_sco = parse_bool(single_sco, "singleSco")
        if learning_standard is not None:
            matches = [s for s in LEARNING_STANDARDS if s.lower() == learning_standard.strip().lower()]
            if not matches:
                raise bad_request(f"learningStandard must be one of {', '.join(LEARNING_STANDARDS)}")
            if self.single_sco is None:
                raise bad_request("singleSco is required when learningStandard is given")
            self.standard = matches[0]

    @property
    def doc_id(self) -> str:
        return "application" if self.standard is None else f"{self.standard}:{str(self.single_sco).lower()}"

    def chain(self, store: Store, tenant: str) -> list[tuple[str, dict]]:
        app_values = (store.get(tenant, CONFIG_KIND, "application") or {}).get("values", {})
        chain = [("application", app_values)]
        if self.standard is not None:
            own = (store.get(tenant, CONFIG_KIND, self.doc_id) or {}).get("values", {})
            chain.append(("learningStandardForApplication", own))
        return chain

    def save(self, store: Store, tenant: str, values: dict) -> None:
        store.put(tenant, CONFIG_KIND, self.doc_id, {"id": self.doc_id, "values": values})


# -- dispatches -------------------------------------------------------------------------------------
DISPATCH_SPEC = ListSpec("dispatches",
                         {"dispatch_id": "id", "course_id": "courseId", "destination_id": "destinationId"},
                         "dispatch_id", {"created": dt_key("created"), "updated": dt_key("updated")})


class DispatchNames:
    """Per-request cache of destination names and course titles for rendering dispatches."""

    def __init__(self, store: Store, tenant: str):
        self.store, self.tenant, self.cache = store, tenant, {}

    def lookup(self, kind: str, doc_id: str, field: str) -> str | None:
        key = (kind, doc_id)
        if key not in self.cache:
            doc = self.store.get(self.tenant, kind, doc_id)
            self.cache[key] = doc.get(field) if doc else None
        return self.cache[key]

    def course_title(self, course_id: str) -> str | None:
        return self.lookup(COURSE, course_id, "title")


def render_dispatch(doc: dict, names: DispatchNames) -> dict:
    """DispatchSchema (without the id) of a stored dispatch."""
    data = {key: doc[key] for key in ("destinationId", "courseId", "created", "updated", "allowNewRegistrations",
                                      "enabled", "instanced", "registrationCap", "registrationCount", "tags")}
    data["destinationName"] = names.lookup(DESTINATION, doc["destinationId"], "name")
    data["courseTitle"] = names.course_title(doc["courseId"])
    for key in ("expirationDate", "registrationResetDate", "email", "notes"):
        if doc.get(key) is not None:
            data[key] = doc[key]
    return {k: v for k, v in data.items() if v is not None}


def list_dispatches(request: Request, q: ListQuery, store: Store, tenant: str, course_id: str | None,
                    is_enabled: str | None, destination_id: str | None = None) -> JSONResponse:
    """One page of DispatchListSchema (GET /dispatch/dispatches and …/destinations/{id}/dispatches)."""
    q = resolve(DISPATCH_SPEC, q, {"courseId": course_id, "isEnabled": parse_bool(is_enabled, "isEnabled"),
                                   "destinationId": destination_id})
    x = q.extras
    docs = Docs(store, tenant, DISPATCH, where={"courseId": x.get("courseId"), "enabled": x.get("isEnabled"),
                                                "destinationId": x.get("destinationId")})
    names = DispatchNames(store, tenant)

    def render(doc):
        return {"id": doc["id"], "data": render_dispatch(doc, names)}
    return paginate(request, DISPATCH_SPEC, q, docs, render)


def delete_dispatches_where(store: Store, tenant: str, predicate: Callable[[dict], bool]) -> int:
    ids = [d["id"] for d in store.list(tenant, DISPATCH) if predicate(d)]
    return store.delete_many(tenant, DISPATCH, ids)


def delete_course_dispatches(store: Store, tenant: str, course_id: str) -> int:
    """The cascade of a course delete: remove the course's dispatches."""
    return delete_dispatches_where(store, tenant, lambda d: d["courseId"] == course_id)


def delete_course_invitations(store: Store, tenant: str, course_id: str) -> int:
    """The cascade of a course delete: remove the course's invitations (routes/invitations.py)."""
    ids = [d["id"] for d in store.list(tenant, INVITATION) if d["courseId"] == course_id]
    return store.delete_many(tenant, INVITATION, ids)


def dispatch_zip(request: Request, names: DispatchNames, doc: dict, css_url: str | None) -> bytes:
    """The SCORM 1.2 package of a stored dispatch, launching on this server (see dispatchzip.py)."""
    title = names.course_title(doc["courseId"]) or doc["courseId"]
    return dispatch_package(str(request.base_url), names.tenant, doc["id"], title, css_url)
