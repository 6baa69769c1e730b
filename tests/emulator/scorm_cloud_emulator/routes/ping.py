"""GET /ping and /about."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from .. import __version__
from ..auth import Principal, app_auth
from ..wire import now_iso

router = APIRouter(tags=["ping"])


@router.get("/ping")
def ping(_who: Principal = Depends(app_auth("ping"))):
    return {"apiMessage": "pong", "currentTime": now_iso()}


@router.get("/about")
def about(_who: Principal = Depends(app_auth("about"))):
    return {"version": "2.0", "distribution": f"scorm-cloud-emulator {__version__}"}
