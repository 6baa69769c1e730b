"""Application factory: FastAPI app with every route module, wrapped in the emulator middleware."""

from __future__ import annotations

from fastapi import FastAPI

from . import __version__, hooks
from .context import Emulator, Settings
from .errors import install_handlers
from .middleware import EmulatorMiddleware
from .routes import mount_all
from .store import Store


def create_fastapi(emu: Emulator) -> FastAPI:
    app = FastAPI(title="SCORM Cloud API v2 emulator", version=__version__,
                  description="Local stand-in for https://cloud.scorm.com/api/v2 (test tool).")
    app.state.emu = emu
    install_handlers(app)
    app.include_router(hooks.router)
    mount_all(app)
    return app


def create_app(db: str | None = None, settings: Settings | None = None) -> EmulatorMiddleware:
    """The ASGI application to serve (or to drive in-process).  `.fastapi` is the inner FastAPI app."""
    emu = Emulator(Store(db), settings or Settings())
    inner = create_fastapi(emu)
    outer = EmulatorMiddleware(inner, emu)
    outer.fastapi = inner
    return outer
