"""SQLite-backed state: applications, their credentials, and a generic per-tenant document store.

Every resource a route module owns (destinations, dispatches, courses, pipes, ...) is a JSON document
keyed by (tenant, kind, id), where tenant is the owning application's id.  New resource kinds therefore
need no schema change.  One connection is shared by all threads and guarded by a re-entrant lock; hold
``store.transaction()`` around read-check-write sequences that must be atomic.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import sqlite3
import threading
from typing import Any, Callable, Collection, Iterator

from .wire import now_iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS apps (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, is_mgmt INTEGER NOT NULL DEFAULT 0,
    allow_delete INTEGER NOT NULL DEFAULT 0, seeded INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL, updated TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS credentials (
    id TEXT PRIMARY KEY, app_id TEXT NOT NULL, name TEXT NOT NULL, secret TEXT NOT NULL,
    pens TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, created TEXT NOT NULL, updated TEXT NOT NULL,
    seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS credentials_app ON credentials(app_id);
CREATE TABLE IF NOT EXISTS docs (
    tenant TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (tenant, kind, id));
CREATE INDEX IF NOT EXISTS docs_order ON docs(tenant, kind, seq);
CREATE INDEX IF NOT EXISTS docs_seq ON docs(seq);
CREATE INDEX IF NOT EXISTS docs_created ON docs(tenant, kind, COALESCE(json_extract(json, '$.created'), ''), seq);
CREATE INDEX IF NOT EXISTS docs_updated ON docs(tenant, kind, COALESCE(json_extract(json, '$.updated'), ''), seq);
"""
# select() orders by COALESCE(json_extract(json, '$.<field>'), ''), seq: for created/updated that is exactly an
# indexed expression above, so a page of a big list is read from the index instead of sorting every document.
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

APP_COLUMNS = "id, name, is_mgmt, allow_delete, seeded, created, updated"
CRED_COLUMNS = "id, app_id, name, secret, pens, active, created, updated"

# Document kinds that do not make an application "non-empty" for deletion purposes.
SETTINGS_KINDS = frozenset({"appconfig"})


def doc_secrets(kind: str, doc: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(name, value) of every secret a stored document holds: the non-empty string value of any key named
    ``secret`` or ending in ``password`` (any case, at any depth), named by the kind and the key path, e.g.
    ``xapipipe.target.password``, ``dispatch.postBack.password``, ``xapicredential.secret`` or
    ``appconfig.values.ApiRollupRegistrationAuthPassword``."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            lowered = str(key).lower()
            if isinstance(value, str) and value and (lowered == "secret" or lowered.endswith("password")):
                yield f"{kind}.{path}", value
            else:
                yield from doc_secrets(kind, value, path)
    elif isinstance(doc, list):
        for value in doc:
            yield from doc_secrets(kind, value, prefix)


def _app_row(row) -> dict | None:
    if row is None:
        return None
    keys = [c.strip() for c in APP_COLUMNS.split(",")]
    app = dict(zip(keys, row))
    for flag in ("is_mgmt", "allow_delete", "seeded"):
        app[flag] = bool(app[flag])
    return app


def _cred_row(row) -> dict | None:
    if row is None:
        return None
    keys = [c.strip() for c in CRED_COLUMNS.split(",")]
    cred = dict(zip(keys, row))
    cred["active"] = bool(cred["active"])
    return cred


def _path(field: str) -> str:
    """A JSON path literal for a top-level field (inlined, so that expression indexes match; hence checked)."""
    if not _FIELD_NAME.match(field):
        raise ValueError(f"not a plain field name: {field!r}")
    return f"'$.{field}'"


def _str_lower(value: Any) -> str | None:
    return None if value is None else str(value).lower()


def _text_key(value: Any) -> str:
    return str(value or "").lower()


class Store:
    def __init__(self, path: str | None = None):
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        # Python's str.lower (Unicode-aware, unlike SQLite's lower()) for select(); never used in an index.
        self._conn.create_function("emu_str_lower", 1, _str_lower, deterministic=True)
        self._conn.create_function("emu_text_key", 1, _text_key, deterministic=True)
        if path:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._seq = self._conn.execute(
            "SELECT MAX(m) FROM (SELECT MAX(seq) m FROM apps UNION ALL SELECT MAX(seq) FROM credentials)"
        ).fetchone()[0] or 0
        self._depth = 0
        # Called with (name, value) for every secret written (see doc_secrets); GET /__emulator/secrets.
        self.on_secret: Callable[[str, str], None] | None = None

    def _note(self, secrets_found: Iterator[tuple[str, str]]) -> None:
        if self.on_secret is not None:
            for name, value in secrets_found:
                self.on_secret(name, value)

    def stored_secrets(self) -> Iterator[tuple[str, str]]:
        """Every secret the database holds now (credential secrets and PENS secrets, then documents')."""
        for secret, pens in self._exec("SELECT secret, pens FROM credentials ORDER BY seq").fetchall():
            yield "credential.secret", secret
            yield "credential.pensCredential", pens
        for kind, body in self._exec("SELECT kind, json FROM docs ORDER BY seq").fetchall():
            yield from doc_secrets(kind, json.loads(body))

    # -- plumbing ---------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Re-entrant atomic section: commits on success, rolls back on any exception."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._conn.execute("COMMIT")

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _exec(self, sql: str, args: tuple = ()):
        with self._lock:
            return self._conn.execute(sql, args)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- meta -------------------------------------------------------------------------------------
    def meta(self, key: str, factory: Callable[[], str]) -> str:
        """Return a persistent value, creating it with factory() the first time."""
        with self.transaction():
            row = self._exec("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
            if row:
                return row[0]
            value = factory()
            self._exec("INSERT INTO meta(key, value) VALUES (?, ?)", (key, value))
            return value

    # -- applications -----------------------------------------------------------------------------
    def create_app(self, name: str, *, app_id: str | None = None, is_mgmt: bool = False,
                   allow_delete: bool = False, seeded: bool = False) -> dict:
        with self.transaction():
            app_id = app_id or self._new_app_id()
            ts = now_iso()
            self._exec(f"INSERT INTO apps({APP_COLUMNS}, seq) VALUES (?,?,?,?,?,?,?,?)",
                       (app_id, name, int(is_mgmt), int(allow_delete), int(seeded), ts, ts, self._next_seq()))
            return self.get_app(app_id)

    def _new_app_id(self) -> str:
        while True:
            candidate = secrets.token_hex(5).upper()
            if self.get_app(candidate) is None:
                return candidate

    def get_app(self, app_id: str) -> dict | None:
        return _app_row(self._exec(f"SELECT {APP_COLUMNS} FROM apps WHERE id=?", (app_id,)).fetchone())

    def list_apps(self, *, include_mgmt: bool = False) -> list[dict]:
        where = "" if include_mgmt else "WHERE is_mgmt=0"
        rows = self._exec(f"SELECT {APP_COLUMNS} FROM apps {where} ORDER BY seq").fetchall()
        return [_app_row(r) for r in rows]

    def update_app(self, app_id: str, *, name: str | None = None, allow_delete: bool | None = None) -> None:
        with self.transaction():
            if name is not None:
                self._exec("UPDATE apps SET name=? WHERE id=?", (name, app_id))
            if allow_delete is not None:
                self._exec("UPDATE apps SET allow_delete=? WHERE id=?", (int(allow_delete), app_id))
            self._exec("UPDATE apps SET updated=? WHERE id=?", (now_iso(), app_id))

    def delete_app(self, app_id: str) -> None:
        """Remove an application with its credentials and every document it owns."""
        with self.transaction():
            self._exec("DELETE FROM credentials WHERE app_id=?", (app_id,))
            self._exec("DELETE FROM docs WHERE tenant=?", (app_id,))
            self._exec("DELETE FROM apps WHERE id=?", (app_id,))

    def content_count(self, app_id: str) -> int:
        """Number of documents an app owns, ignoring settings (an app holding only settings is empty)."""
        marks = ",".join("?" * len(SETTINGS_KINDS))
        return self._exec(f"SELECT COUNT(*) FROM docs WHERE tenant=? AND kind NOT IN ({marks})",
                          (app_id, *sorted(SETTINGS_KINDS))).fetchone()[0]

    # -- credentials ------------------------------------------------------------------------------
    def create_credential(self, app_id: str, name: str, *, active: bool = True,
                          secret: str | None = None, cred_id: str | None = None) -> dict:
        with self.transaction():
            cred_id = cred_id or secrets.token_hex(8)
            ts = now_iso()
            secret, pens = secret or secrets.token_urlsafe(30), secrets.token_urlsafe(30)
            self._exec(f"INSERT INTO credentials({CRED_COLUMNS}, seq) VALUES (?,?,?,?,?,?,?,?,?)",
                       (cred_id, app_id, name, secret, pens, int(active), ts, ts, self._next_seq()))
            self._note(iter((("credential.secret", secret), ("credential.pensCredential", pens))))
            return self.get_credential(app_id, cred_id)

    def get_credential(self, app_id: str, cred_id: str) -> dict | None:
        return _cred_row(self._exec(f"SELECT {CRED_COLUMNS} FROM credentials WHERE app_id=? AND id=?",
                                    (app_id, cred_id)).fetchone())

    def list_credentials(self, app_id: str) -> list[dict]:
        rows = self._exec(f"SELECT {CRED_COLUMNS} FROM credentials WHERE app_id=? ORDER BY seq",
                          (app_id,)).fetchall()
        return [_cred_row(r) for r in rows]

    def update_credential(self, app_id: str, cred_id: str, *, name: str | None = None,
                          active: bool | None = None) -> None:
        with self.transaction():
            if name is not None:
                self._exec("UPDATE credentials SET name=? WHERE app_id=? AND id=?", (name, app_id, cred_id))
            if active is not None:
                self._exec("UPDATE credentials SET active=? WHERE app_id=? AND id=?",
                           (int(active), app_id, cred_id))
            self._exec("UPDATE credentials SET updated=? WHERE app_id=? AND id=?", (now_iso(), app_id, cred_id))

    def delete_credential(self, app_id: str, cred_id: str) -> bool:
        return self._exec("DELETE FROM credentials WHERE app_id=? AND id=?", (app_id, cred_id)).rowcount > 0

    def active_secrets(self, app_id: str) -> list[str]:
        rows = self._exec("SELECT secret FROM credentials WHERE app_id=? AND active=1", (app_id,)).fetchall()
        return [r[0] for r in rows]

    # -- generic documents ------------------------------------------------------------------------
    def get(self, tenant: str, kind: str, doc_id: str) -> dict | None:
        row = self._exec("SELECT json FROM docs WHERE tenant=? AND kind=? AND id=?",
                         (tenant, kind, doc_id)).fetchone()
        return json.loads(row[0]) if row else None

    def exists(self, tenant: str, kind: str, doc_id: str) -> bool:
        return self._exec("SELECT 1 FROM docs WHERE tenant=? AND kind=? AND id=?",
                          (tenant, kind, doc_id)).fetchone() is not None

    def put(self, tenant: str, kind: str, doc_id: str, doc: dict) -> None:
        """Insert or replace; an existing document keeps its position (seq) in listings."""
        body = json.dumps(doc, separators=(",", ":"))
        with self.transaction():
            cur = self._exec("UPDATE docs SET json=? WHERE tenant=? AND kind=? AND id=?",
                             (body, tenant, kind, doc_id))
            if cur.rowcount == 0:
                # seq from SQL rather than a counter: another process (a test) may write the same file.
                self._exec("INSERT INTO docs(tenant, kind, id, seq, json)"
                           " VALUES (?,?,?,(SELECT COALESCE(MAX(seq), 0) + 1 FROM docs),?)",
                           (tenant, kind, doc_id, body))
        self._note(doc_secrets(kind, doc))

    def insert(self, tenant: str, kind: str, doc_id: str, doc: dict) -> bool:
        """Insert only if absent; returns False (and changes nothing) when the id already exists."""
        with self.transaction():
            if self.exists(tenant, kind, doc_id):
                return False
            self.put(tenant, kind, doc_id, doc)
            return True

    def delete(self, tenant: str, kind: str, doc_id: str) -> bool:
        return self._exec("DELETE FROM docs WHERE tenant=? AND kind=? AND id=?",
                          (tenant, kind, doc_id)).rowcount > 0

    def delete_many(self, tenant: str, kind: str, doc_ids: list[str]) -> int:
        with self.transaction():
            return sum(self.delete(tenant, kind, d) for d in doc_ids)

    def list(self, tenant: str, kind: str) -> list[dict]:
        """All documents of a kind for a tenant, in insertion order."""
        rows = self._exec("SELECT json FROM docs WHERE tenant=? AND kind=? ORDER BY seq",
                          (tenant, kind)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def list_filtered(self, tenant: str, kind: str, predicate: Callable[[dict], bool]) -> list[dict]:
        return [d for d in self.list(tenant, kind) if predicate(d)]

    @staticmethod
    def _where(tenant: str, kind: str, equals: dict[str, Any] | None, ids: Collection[str] | None,
               stamp: tuple[str, str | None, str | None] | None, contains: tuple[str, str] | None,
               tags_any: Collection[str]) -> tuple[str, list]:
        sql, params = ["tenant=?", "kind=?"], [tenant, kind]
        for name, value in (equals or {}).items():
            if value is None or isinstance(value, (dict, list)):
                raise ValueError(f"equals needs a scalar value for {name}")
            sql.append(f"json_extract(json, {_path(name)}) = ?")
            params.append(value)
        if ids is not None:
            sql.append("id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(ids)))
        if stamp is not None:
            name, low, high = stamp
            for bound, operator in ((low, ">="), (high, "<=")):
                if bound is not None:
                    sql.append(f"json_extract(json, {_path(name)}) {operator} ?")
                    params.append(bound)
        if contains is not None:
            name, needle = contains
            path = _path(name)
            sql.append(f"(CASE json_type(json, {path}) WHEN 'array'"
                       f" THEN EXISTS (SELECT 1 FROM json_each(docs.json, {path})"
                       f" WHERE instr(emu_str_lower(value), ?) > 0)"
                       f" ELSE instr(emu_str_lower(json_extract(json, {path})), ?) > 0 END)")
            params += [needle, needle]
        if tags_any:
            sql.append("EXISTS (SELECT 1 FROM json_each(docs.json, '$.tags')"
                       " WHERE value IN (SELECT value FROM json_each(?)))")
            params.append(json.dumps(sorted(tags_any)))
        return " AND ".join(sql), params

    def select(self, tenant: str, kind: str, *, equals: dict[str, Any] | None = None,
               ids: Collection[str] | None = None, stamp: tuple[str, str | None, str | None] | None = None,
               contains: tuple[str, str] | None = None, tags_any: Collection[str] = (),
               order: tuple[str, bool, bool] | None = None, offset: int = 0, limit: int | None = None) -> list[dict]:
        """Documents of a kind filtered, ordered and sliced by SQLite (paging.py's fast path).

        equals   {field: value}: top-level field equal to a scalar (JSON true/false compare as 1/0)
        ids      only these document ids
        stamp    (field, low, high): low <= field <= high as strings (emulator timestamps sort as text)
        contains (field, lower-cased needle): the field, or any element of it if it is an array, contains
                 the needle after Python's str.lower()
        tags_any any element of `tags` equal to one of these
        order    (field, text, descending): by the field's value ('' when absent; lower-cased if text), ties
                 by insertion order in the same direction; None = insertion order
        """
        where, params = self._where(tenant, kind, equals, ids, stamp, contains, tags_any)
        if order is None:
            order_sql = "seq"
        else:
            name, text, descending = order
            direction = "DESC" if descending else "ASC"
            key = (f"emu_text_key(json_extract(json, {_path(name)}))" if text
                   else f"COALESCE(json_extract(json, {_path(name)}), '')")
            order_sql = f"{key} {direction}, seq {direction}"
        sql = f"SELECT json FROM docs WHERE {where} ORDER BY {order_sql} LIMIT ? OFFSET ?"
        rows = self._exec(sql, (*params, -1 if limit is None else limit, offset)).fetchall()
        return [json.loads(r[0]) for r in rows]

    def count_selected(self, tenant: str, kind: str, *, equals: dict[str, Any] | None = None,
                       ids: Collection[str] | None = None, stamp: tuple[str, str | None, str | None] | None = None,
                       contains: tuple[str, str] | None = None, tags_any: Collection[str] = ()) -> int:
        """How many documents select() with these filters would return without a limit."""
        where, params = self._where(tenant, kind, equals, ids, stamp, contains, tags_any)
        return self._exec(f"SELECT COUNT(*) FROM docs WHERE {where}", tuple(params)).fetchone()[0]

    def count(self, tenant: str, kind: str) -> int:
        return self._exec("SELECT COUNT(*) FROM docs WHERE tenant=? AND kind=?", (tenant, kind)).fetchone()[0]

    # -- reset ------------------------------------------------------------------------------------
    def wipe(self) -> None:
        """Drop every application, credential and document (the caller re-seeds)."""
        with self.transaction():
            for table in ("docs", "credentials", "apps"):
                self._exec(f"DELETE FROM {table}")


def seed(store: Store, *, mgmt_app_id: str, mgmt_secret: str, app_id: str, secret: str) -> None:
    """Create the two seed applications and their credentials unless they already exist (idempotent)."""
    with store.transaction():
        for seed_id, seed_secret, is_mgmt, name in (
                (mgmt_app_id, mgmt_secret, True, "App Management"),
                (app_id, secret, False, "Demo Application")):
            if store.get_app(seed_id) is None:
                store.create_app(name, app_id=seed_id, is_mgmt=is_mgmt, seeded=True)
            if seed_secret not in [c["secret"] for c in store.list_credentials(seed_id)]:
                store.create_credential(seed_id, "Seed key", secret=seed_secret)


def new_secret() -> str:
    return secrets.token_urlsafe(32)
