"""The per-process emulator state that routes and middleware share (reachable as request.app.state.emu)."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from fastapi import Request

from .store import Store, seed

DEFAULT_PAGE_SIZE = 100


@dataclass
class Settings:
    page_size: int = DEFAULT_PAGE_SIZE
    latency_ms: int = 0
    mgmt_app_id: str = "scorm-mgmt"
    mgmt_secret_key: str = "scorm-mgmt-secret"
    app_id: str = "scorm-demo"
    secret_key: str = "scorm-demo-secret"


@dataclass
class Fault:
    path_regex: str
    method: str | None = None            # None = any method
    times: int = 1
    status: int | None = None
    retry_after: int | None = None
    action: str | None = None           # None (= status), "drop_after_commit", "delay", "answer" or "rewrite"
    seconds: float = 0.0
    commit: bool = False                # delay: carry the request out even if the client has gone meanwhile
    query_regex: str | None = None      # also searched in the raw query string, when given
    body_regex: str | None = None       # also searched in the request body (read whole, as latin-1), when given
    body: str | None = None             # answer/rewrite: the raw text to send (UTF-8); rewrite: None keeps the body
    content_type: str | None = None     # answer/rewrite: the Content-Type ("" = none); rewrite: None keeps it
    headers: dict[str, str] | None = None   # answer/rewrite: headers added (replacing any of the same name)
    patch: list[dict] | None = None     # rewrite: JSON Patch operations (add/remove/replace) on a JSON answer


@dataclass
class Emulator:
    store: Store
    settings: Settings
    requests: list[dict] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)     # internal errors (500s), see GET /__emulator/errors
    # Every secret stored or issued since the start, {value: name} in first-seen order (GET /__emulator/secrets).
    seen_secrets: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    secrets_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        # Tokens are signed (not stored), with a key kept in the database so they survive restarts.
        self.token_key = self.store.meta("token_key", lambda: secrets.token_hex(32)).encode()
        self.store.on_secret = self.note_secret
        for name, value in self.store.stored_secrets():     # a --db file may hold some already
            self.note_secret(name, value)
        self.seed()

    def note_secret(self, name: str, value: str) -> None:
        """Remember a secret value the emulator stored or issued (kept by reset, like the internal errors)."""
        if value:
            with self.secrets_lock:
                self.seen_secrets.setdefault(value, name)

    def seed(self) -> None:
        s = self.settings
        seed(self.store, mgmt_app_id=s.mgmt_app_id, mgmt_secret=s.mgmt_secret_key,
             app_id=s.app_id, secret=s.secret_key)

    def reset(self) -> None:
        """Empty every tenant and forget non-seed applications, keeping the seeded apps and keys."""
        self.store.wipe()
        self.seed()


def get_emu(request: Request) -> Emulator:
    return request.app.state.emu
