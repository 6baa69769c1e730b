"""Route modules: every module in this package that defines `router` (a FastAPI APIRouter) is mounted
under /api/v2 automatically.  Add a resource by dropping a new module here; no other file changes.

Modules are mounted in name order.  Within a module, declare static paths (e.g. `/courses/tags`)
before parameterised ones (`/courses/{course_id:seg}`) so they win.  Path parameters that carry ids
use the `seg` convertor ({dispatch_id:seg}): it matches one raw segment and restores an encoded '/'.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter, FastAPI
from starlette.convertors import Convertor, register_url_convertor

from ..wire import API_PREFIX, SLASH_PLACEHOLDER


class SegmentConvertor(Convertor):
    """One path segment (never empty); an id sent with %2F inside arrives here with its '/' restored."""
    regex = "[^/]+"

    def convert(self, value: str) -> str:
        return value.replace(SLASH_PLACEHOLDER, "/")

    def to_string(self, value: str) -> str:
        return value


# Registered before any route module is imported, because routes compile their paths on creation.
register_url_convertor("seg", SegmentConvertor())


def discover() -> list[tuple[str, APIRouter]]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            found.append((info.name, router))
    return found


def mount_all(app: FastAPI) -> list[str]:
    names = []
    for name, router in discover():
        app.include_router(router, prefix=API_PREFIX)
        names.append(name)
    return names
