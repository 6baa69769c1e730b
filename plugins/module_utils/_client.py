# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Private to this collection (scorm.cloud): not an interface for other collections; it may change in any release.
"""The one HTTP client of the collection: auth, retries, pagination and errors for SCORM Cloud API v2.

Every module talks to the service through ScormCloudClient; nothing else in the collection does HTTP.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import contextlib
import email.utils
import hashlib
import json
import math
import os
import random
import re
import tempfile
import threading
import time

from ansible.module_utils.six.moves.urllib.parse import quote, quote_plus, urlsplit

from ansible_collections.scorm.cloud.plugins.module_utils._shapes import ID, INT, Obj, describe, list_answer, problem

try:
    import requests

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as import_error:  # pragma: no cover - exercised by the module's missing_required_lib path
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = import_error

COLLECTION_VERSION = "0.1.0"
USER_AGENT = "scorm.cloud-ansible/%s" % COLLECTION_VERSION
DEFAULT_API_URL = "https://cloud.scorm.com/api/v2"

WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
RETRY_STATUSES = frozenset((429, 502, 503, 504))
GATEWAY_STATUSES = frozenset((502, 503, 504))
TOKEN_PATH = "/oauth/authenticate/application/token"
TOKEN_ANSWER = Obj({"access_token": ID, "expires_in": INT}, required=("access_token",))  # ApplicationToken

# Path prefix -> OAuth scope family, as documented by the service (GET=read, POST/PUT=write, DELETE=delete).
SCOPE_FAMILIES = (
    ("/dispatch", "dispatch"),
    ("/courses", "course"),
    ("/xapi/statementPipes", "xapipipe"),
    ("/xapi/credentials", "xapicredential"),
    ("/appManagement", "appmgmt"),
    ("/ping", "ping"),
    ("/about", "about"),
)
SCOPE_VERBS = {"GET": "read", "HEAD": "read", "POST": "write", "PUT": "write", "PATCH": "write", "DELETE": "delete"}

BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
MAX_MESSAGE_LENGTH = 300
# Pages of one list read at most: with a total count, twice the pages it needs (and 10 more); without, this many.
MAX_PAGES = 10000
MIN_SECRET_LENGTH = 4  # shorter values would mask ordinary words in messages
JSON_CONTENT_TYPE = re.compile(r"^application/(?:[\w.+-]+\+)?json\s*(?:;|$)", re.IGNORECASE)
ZIP_MAGIC = b"PK"
HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
API_BASE_PATH = "/api/v2"
# What OpenSSL says when the other end of an https URL answers in plain HTTP.
PLAIN_HTTP_SIGNS = ("WRONG_VERSION_NUMBER", "wrong version number", "record layer failure", "unknown protocol",
                    "http request", "RECORD_LAYER_FAILURE")
# Connections kept open per host: the account engine sends up to concurrency requests at once per section, and the
# sections of a stage side by side.
POOL_SIZE = 48


def scope_for(method, path):
    """The narrowest OAuth scope the service requires for one request, e.g. ``write:dispatch``."""
    verb = SCOPE_VERBS.get(method.upper(), "write")
    for prefix, family in SCOPE_FAMILIES:
        if path == prefix or path.startswith(prefix + "/"):
            return "%s:%s" % (verb, family)
    return verb


def scopes_for_families(families, check_mode=False, read_families=()):
    """The scopes a module needs for its resource families (only read scopes when it will not write), and the read
    scopes of the families it only reads (a dispatch's course)."""
    verbs = ("read",) if check_mode else ("read", "write", "delete")
    scopes = ["%s:%s" % (verb, family) for family in families for verb in verbs]
    scopes += ["read:%s" % family for family in read_families if family not in families]
    return " ".join(scopes)


class ScormCloudError(Exception):
    """A failed API call: what was asked, what the service answered, and whether it may have taken effect.

    ``maybe_applied`` is true when a non-idempotent request was sent but no answer came back, so the caller must
    re-read the account before trying again. Messages never contain credentials or request bodies.
    """

    def __init__(self, message, status=None, method=None, path=None, api_message=None, maybe_applied=False,
                 auth_hint=None, retry_after=None, answered=None, check_settings=False):
        super(ScormCloudError, self).__init__(message)
        self.message = message
        self.auth_hint = auth_hint  # which options hold the credentials this call used, for a 401 sentence
        self.status = status
        self.method = method
        self.path = path
        self.api_message = api_message
        self.maybe_applied = maybe_applied
        self.retry_after = retry_after  # seconds the service asked to wait (Retry-After), when it said
        # Whether the exchange ended (an answer, or a connection the service closed): False after a timeout, when the
        # service may still be working on the request.
        self.answered = status is not None if answered is None else answered
        # Whether the failure points at the connection options (refused, unknown host, TLS), not at a busy service.
        self.check_settings = check_settings

    def add_note(self, note):
        """Append a sentence-part to the message (what the client did about it)."""
        self.message = "%s (%s)" % (self.message, note)
        self.args = (self.message,)

    def to_dict(self):
        return {"status": self.status, "method": self.method, "path": self.path, "message": self.api_message}


class UnexpectedAnswer(ScormCloudError):
    """An answer that is not what the API returns for the request (a proxy's page, JSON of another shape, a list
    that does not end): nothing may be planned from it, so the task stops there."""

    def __init__(self, method, path, what, status=200):
        message = ("%s %s was answered with something the SCORM Cloud API does not return (%s), so the task stopped "
                   "before acting on it; check api_url and any proxy between this host and the service." % (
                       method, path, what))
        super(UnexpectedAnswer, self).__init__(message, status=status, method=method, path=path, api_message=what)


class CheckModeWriteError(Exception):
    """Raised when code tries to send a write request in check mode: a bug, never a user error."""


_FORMS = {}


def secret_forms(value):
    """The ways a secret can appear in a message (see _secret_forms), worked out once per value."""
    value = str(value)
    if value not in _FORMS:
        _FORMS[value] = _secret_forms(value)
    return _FORMS[value]


def _secret_forms(value):
    """The ways a secret can appear in a message: as is, JSON-escaped (ASCII or not), as Python's repr shows it,
    URL-encoded, and inside base64 text at any of the three byte alignments (a Basic header of ``app:secret``)."""
    value = str(value)
    if len(value) < MIN_SECRET_LENGTH:
        return []
    forms = set([value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1], repr(value)[1:-1],
                 quote(value, safe=""), quote(value), quote_plus(value)])
    raw = value.encode("utf-8")
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw).decode("ascii")
        # Only the characters that depend on the secret's bytes alone, whatever comes before or after it.
        start, end = -(-8 * offset // 6), 8 * (offset + len(raw)) // 6
        for text in (encoded, encoded.replace("+", "-").replace("/", "_")):
            if end - start >= MIN_SECRET_LENGTH:
                forms.add(text[start:end])
    return sorted((form for form in forms if len(form) >= MIN_SECRET_LENGTH), key=len, reverse=True)


def scrub(text, secrets, mask="********"):
    """``text`` with every form of every secret (see secret_forms) replaced by ``mask``."""
    if not text or not isinstance(text, str):
        return text
    for secret in secrets:
        for form in secret_forms(secret):
            if form in text:
                text = text.replace(form, mask)
    return text


class BasicAuth:
    kind = "basic"

    def __init__(self, app_id, secret_key, hint):
        self.app_id = app_id
        self.secret_key = secret_key
        self.hint = hint

    def secrets(self):
        return [self.secret_key]

    def header(self, client):
        return _basic_header(self.app_id, self.secret_key)


class BearerAuth:
    kind = "token"

    def __init__(self, token, hint="access_token"):
        self.token = token
        self.hint = hint

    def secrets(self):
        return [self.token]

    def header(self, client):
        return "Bearer %s" % self.token


class OAuthAuth:
    """Trades app credentials for a short-lived token limited to ``scope``, once per run (renewed on expiry)."""

    kind = "oauth"

    def __init__(self, app_id, secret_key, scope, expiration=600, hint="app_id and secret_key"):
        self.basic = BasicAuth(app_id, secret_key, hint)
        self.scope = scope
        self.expiration = expiration
        self.hint = hint
        self._token = None
        self._expires_at = 0.0
        self._lock = threading.Lock()  # concurrent requests share one token: only one of them fetches it

    def secrets(self):
        return self.basic.secrets() + ([self._token] if self._token else [])

    def header(self, client):
        with self._lock:
            return self._header(client)

    def renew(self, rejected):
        """Forget the token ``rejected`` (answered 401 before its expected expiry) so the next header fetches a new
        one; returns False when that token was already replaced by another request."""
        with self._lock:
            if rejected != "Bearer %s" % self._token:
                return self._token is not None
            self._token = None
            return True

    def _header(self, client):
        if self._token is None or client.clock() >= self._expires_at:
            answer = client.request(
                "POST", TOKEN_PATH, form={"scope": self.scope, "expiration": str(self.expiration)},
                auth=self.basic, idempotent=True, writes=False, shape=TOKEN_ANSWER,
            )
            self._token = answer["access_token"]
            # Renew a little early so a token never expires between the check and the request.
            lifetime = int(answer.get("expires_in") or self.expiration)
            self._expires_at = client.clock() + max(lifetime - 30, lifetime / 2.0)
        return "Bearer %s" % self._token


def _basic_header(user, password):
    import base64

    raw = ("%s:%s" % (user or "", password or "")).encode("utf-8")
    return "Basic %s" % base64.b64encode(raw).decode("ascii")


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def backoff_delay(attempt, rand=random.random):
    """Exponential backoff with jitter: half the window fixed, half random, so retries spread but always wait."""
    window = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** (attempt - 1)))
    return window / 2.0 + rand() * window / 2.0


def _json_body(response):
    """The decoded JSON of ``response``, or None when it has no body or the body is not JSON."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def one_line(text, limit=MAX_MESSAGE_LENGTH):
    """``text`` on one line, cut to ``limit`` characters: what a message may quote of an answer."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit].rstrip() + "..."


def what_was_sent(response):
    """How a sentence names a body that is not the service's JSON: an HTML page (and its title), or its type."""
    content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip()
    text = response.text or ""
    if "html" in content_type.lower() or text.lstrip()[:1] == "<":
        title = HTML_TITLE.search(text)
        title = one_line(title.group(1), 80) if title and title.group(1).strip() else ""
        return "an HTML page%s" % (" titled %r" % title if title else "")
    body = _json_body(response)
    if body is not None or text.strip() in ("null", "[]"):
        return "JSON %s" % describe(body)
    return "a %s body" % content_type if content_type else "a body without a Content-Type"


def _api_message(response):
    """What an error answer says: the service's message (``message``, ``error`` or ``detail`` of its JSON) on one
    line, or what kind of body it was; never the body itself."""
    body = _json_body(response)
    if isinstance(body, dict):
        for key in ("message", "error", "detail"):
            if isinstance(body.get(key), str) and body[key].strip():
                return one_line(body[key])
        return None
    if not (response.text or "").strip():
        return None
    if body is None and "json" not in (response.headers.get("Content-Type") or "").lower() and not (
            response.text or "").lstrip().startswith("<"):
        # A plain-text message, as some gateways give: its first line only.
        return one_line(response.text.strip().splitlines()[0])
    return "%s instead of the service's JSON" % what_was_sent(response)


def _from_the_service(response):
    """Whether an error answer looks like the service's own: empty, or a JSON object."""
    return not (response.text or "").strip() or isinstance(_json_body(response), dict)


class ScormCloudClient:
    """requests.Session wrapper that knows the service's auth schemes, retry rules, pagination and errors."""

    def __init__(self, api_url, auth, validate_certs=True, ca_path=None, timeout=30.0, retry_deadline=120.0,
                 check_mode=False, session=None, sleep=time.sleep, clock=time.monotonic, rand=random.random, warn=None):
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        self.auth = auth
        self.timeout = timeout
        self.retry_deadline = retry_deadline
        self.check_mode = check_mode
        self.sleep = sleep
        self.clock = clock
        self.rand = rand
        self.warn = warn or (lambda message: None)
        self.retries = 0
        self.reached = False  # whether the service has answered this client at least once
        self.extra_secrets = []
        # Concurrent requests back off together: a 429 to one of them holds every request until this moment.
        self._gate = threading.Lock()
        self._held_until = 0.0
        self._local = threading.local()
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
            session.headers["Accept"] = "application/json"
            adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=POOL_SIZE)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            # Proxies and REQUESTS_CA_BUNDLE come from the environment (trust_env, the requests default).
        self.session = session
        self.verify = (ca_path or True) if validate_certs else False

    # -- secrets ------------------------------------------------------------------------------------------------

    def add_secret(self, value):
        """Register a value (e.g. a secret read from the service, or a no_log option) that must be scrubbed from
        every message, in any form it may take there (see secret_forms)."""
        if value and str(value) not in self.extra_secrets:
            self.extra_secrets.append(str(value))

    def secrets(self):
        return [secret for secret in self.auth.secrets() + self.extra_secrets if secret]

    def redact(self, text):
        if not text or not isinstance(text, str):
            return text
        return scrub(text, self.secrets())

    @contextlib.contextmanager
    def on_behalf_of(self, owner):
        """Within this block, on this thread, every write that the service accepts sets ``owner.wrote``: what a run
        changed, even when the object fails afterwards."""
        previous = getattr(self._local, "owner", None)
        self._local.owner = owner
        try:
            yield owner
        finally:
            self._local.owner = previous

    # -- requests -----------------------------------------------------------------------------------------------

    def _hold(self, seconds):
        with self._gate:
            self._held_until = max(self._held_until, self.clock() + seconds)

    def _wait_for_gate(self):
        while True:
            with self._gate:
                remaining = self._held_until - self.clock()
            if remaining <= 0:
                return
            self.sleep(remaining)

    def request(self, method, path, params=None, json=None, form=None, files=None, headers=None,
                auth=None, idempotent=None, writes=None, with_headers=False, stream=False, deadline=None, shape=None):
        """Send one API call with retries and return its decoded JSON body (None when empty).

        A body must be JSON (by its Content-Type and its text), and have ``shape`` when one is given (see _shapes.py):
        anything else raises UnexpectedAnswer, never retried.

        ``idempotent`` defaults to true for GET/PUT/DELETE; a non-idempotent call is retried only when the service
        certainly did not act on it (429, or no connection made). ``writes`` defaults to true for POST/PUT/DELETE
        and is what check mode forbids. ``with_headers`` returns ``(body, headers)`` instead; ``stream`` returns the
        response itself, unread (a download; the caller closes it). ``deadline`` (a ``clock()`` value) ends the
        retries instead of ``retry_deadline`` from now, for a caller that retries around this call.
        """
        method = method.upper()
        writes = method in WRITE_METHODS if writes is None else writes
        if writes and self.check_mode:
            raise CheckModeWriteError("%s %s attempted in check mode" % (method, path))
        idempotent = method != "POST" if idempotent is None else idempotent
        auth = auth or self.auth
        deadline = self.clock() + self.retry_deadline if deadline is None else deadline
        attempt = 0
        renewed = False
        while True:
            attempt += 1
            self._wait_for_gate()
            for upload in (files or {}).values():
                fileobj = upload[1] if isinstance(upload, tuple) else upload
                if hasattr(fileobj, "seek"):
                    fileobj.seek(0)
            authorization = auth.header(self)
            try:
                response = self.session.request(
                    method, self.api_url + path, params=_encode_params(params), json=json, data=form, files=files,
                    headers=dict(headers or {}, Authorization=authorization), timeout=self.timeout, verify=self.verify,
                    stream=stream,
                )
            except requests.exceptions.RequestException as exc:
                certainly_unsent = _certainly_unsent(exc)
                error = ScormCloudError(
                    "%s %s could not be completed: %s" % (method, path, self.redact(self._describe(exc))),
                    method=method, path=path, maybe_applied=writes and not certainly_unsent, auth_hint=auth.hint,
                    answered=not isinstance(exc, requests.exceptions.Timeout), check_settings=_points_at_settings(exc),
                )
                # Only transport failures are worth retrying; a bad api_url or a TLS failure will not heal, and
                # neither will a refused connection or an unknown host before the service ever answered.
                transient = isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                if (isinstance(exc, requests.exceptions.SSLError) or not transient or not (idempotent or certainly_unsent)
                        or (_unreachable(exc) and not self.reached)):
                    raise error
                delay = backoff_delay(attempt, self.rand)
            else:
                self.reached = True
                if response.status_code < 400:
                    if stream:
                        return response
                    owner = getattr(self._local, "owner", None)
                    if writes and owner is not None:
                        owner.wrote = True
                    body = self._decoded(method, path, response, shape, writes)
                    return (body, response.headers) if with_headers else body
                if response.status_code == 401 and isinstance(auth, OAuthAuth) and not renewed:
                    # The token expired before its announced lifetime (or was revoked): renew it once, at once. A 401
                    # means the service did not act, so even a POST may be sent again.
                    renewed = True
                    auth.renew(authorization)
                    self.warn("%s %s: the OAuth token was refused (401); renewing it once" % (method, path))
                    continue
                error = self._error(method, path, response, auth.hint)
                error.retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if response.status_code not in RETRY_STATUSES or not (idempotent or response.status_code == 429):
                    # A gateway error may arrive after the service acted on a write: the caller must re-read.
                    error.maybe_applied = writes and response.status_code in GATEWAY_STATUSES
                    raise error
                # Retry-After is a minimum: a "0" or a past date must not turn the retries into a tight loop.
                delay = max(backoff_delay(attempt, self.rand), error.retry_after or 0.0)
                if response.status_code == 429:
                    self._hold(delay)
            remaining = deadline - self.clock()
            if delay > remaining:
                error.add_note("gave up after %d attempt(s): the retry deadline of %ss was reached" % (
                    attempt, self.retry_deadline))
                raise error
            self.retries += 1
            self.warn("%s; retrying in %.1fs" % (error.message, delay))
            self.sleep(delay)

    def _describe(self, exc):
        """What went wrong with the connection, in words that say what to change."""
        url = urlsplit(self.api_url)
        where = url.netloc or self.api_url
        if isinstance(exc, requests.exceptions.SSLError):
            text = str(exc)
            if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
                return "TLS verification failed (set ca_path, or validate_certs=false for a test server)"
            if any(sign in text for sign in PLAIN_HTTP_SIGNS):
                return ("the TLS handshake failed: %s answers in plain HTTP, not HTTPS (use an http:// api_url for "
                        "it, or the service's https port)" % where)
            return "the TLS handshake with %s failed" % where
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return "no connection to %s within the timeout of %ss" % (where, self.timeout)
        if isinstance(exc, requests.exceptions.Timeout):
            return "no answer within the timeout of %ss" % self.timeout
        reason = _reason(exc)
        if type(reason).__name__ == "NameResolutionError" or (
                reason is not None and "Name or service not known" in str(reason)):
            return "the host name %s cannot be resolved (check api_url)" % url.hostname
        if reason is not None and "refused" in str(reason).lower():
            return "the connection to %s was refused: nothing accepts connections there (check api_url)" % where
        if isinstance(exc, requests.exceptions.ConnectionError):
            if type(reason).__name__ == "NewConnectionError":
                return "no connection to %s could be made" % where
            return "the connection closed without an answer"
        return "%s: %s" % (exc.__class__.__name__, exc)

    def _error(self, method, path, response, auth_hint):
        api_message = self.redact(_api_message(response))
        message = "%s %s failed (%s)" % (method, path, response.status_code)
        if api_message:
            message += ": %s" % api_message
        error = ScormCloudError(message, status=response.status_code, method=method, path=path,
                                api_message=api_message, auth_hint=auth_hint)
        error.from_service = _from_the_service(response)
        return error

    def _decoded(self, method, path, response, shape, writes):
        """The JSON body of a successful answer (None when empty), checked (see request)."""
        what = None
        body = None
        if response.status_code != 204 and response.content:
            if not JSON_CONTENT_TYPE.match(response.headers.get("Content-Type") or ""):
                what = self.redact(what_was_sent(response))
            else:
                try:
                    body = response.json()
                except ValueError:
                    what = "a body that says it is JSON but is not"
        if what is None and shape is not None:
            what = self.redact(problem(body, shape))
        if what is None:
            return body
        error = UnexpectedAnswer(method, path, what, response.status_code)
        if writes:
            error.add_note("it may have taken effect: the next run reads the account first")
        raise error

    def get(self, path, params=None, shape=None):
        return self.request("GET", path, params=params, shape=shape)

    def get_or_none(self, path, params=None, shape=None):
        """GET that maps 404 to None: the usual "does it exist?" read. Only the service's own 404 (empty, or its JSON
        error) means absent; a 404 page of something else (a proxy, a wrong path) fails."""
        try:
            return self.request("GET", path, params=params, shape=shape)
        except ScormCloudError as exc:
            if exc.status != 404:
                raise
            if not getattr(exc, "from_service", True):
                raise UnexpectedAnswer("GET", path, "404 with %s" % exc.api_message, 404)
            return None

    def read_all(self, path, key, item_shape, params=None, identity="id"):
        """Every item of a paginated list, read to its end (see pages), for deciding what is absent: the items read
        must add up to the total count the service gives; a read that does not (another run deleted while the pages
        were read) is read again once, then fails."""
        for attempt in (1, 2):
            items, seen, total = [], set(), None
            for page, _more, page_total in self.pages(path, key, params, count=True, item_shape=item_shape):
                total = page_total if total is None else total
                items.extend(page)
                seen.update(item.get(identity) for item in page)
            if total is None or len(seen) >= total:
                return items
            if attempt == 2:
                raise UnexpectedAnswer("GET", path, "its pages held %d different objects while it counted %d, twice; "
                                       "the list changed while it was read" % (len(seen), total))
            self.warn("GET %s: the pages held %d different objects while the service counted %d (the list changed "
                      "while it was read); reading it again" % (path, len(seen), total))
        return items  # not reached

    def iter_list(self, path, key, params=None, item_shape=None):
        """Every item of a paginated list, following ``more`` to the end (read_all with objects that have an id)."""
        return self.read_all(path, key, item_shape or Obj({"id": ID}, required=("id",)), params)

    def pages(self, path, key, params=None, count=False, item_shape=None):
        """Yield ``(items, more, total)`` for each page of a paginated list, one request at a time.

        With ``count`` the first request asks for the total count (X-Total-Count); ``total`` is None otherwise and
        on later pages. The caller may stop early: no page is read before it is asked for. Every page must be an
        object whose ``key`` is a list of items of ``item_shape``; ``more`` must be absent, or a token this read has
        not seen; and the pages end within a bound (twice the pages the total count needs, else MAX_PAGES).
        """
        query = dict(params or {}, includeTotalCount=True) if count else params
        shape = list_answer(key, item_shape or Obj({}))
        tokens, limit, pages = set(), MAX_PAGES, 0
        while True:
            page, headers = self.request("GET", path, params=query, with_headers=True, shape=shape)
            pages += 1
            total = headers.get("X-Total-Count") if count else None
            if total is not None:
                if not str(total).strip().isdigit():
                    raise UnexpectedAnswer("GET", path, "an X-Total-Count header of %r, not a count" % one_line(total, 40))
                total = int(total)
                if page[key]:
                    limit = min(limit, 2 * int(math.ceil(total / float(len(page[key])))) + 10)
            more = page.get("more")
            if more is not None and (not isinstance(more, str) or not more.strip()):
                raise UnexpectedAnswer("GET", path, "a more token that is %s" % (
                    "an empty string" if isinstance(more, str) else describe(more)))
            if more in tokens:
                raise UnexpectedAnswer("GET", path, "a more token it had given before, so the list would never end")
            if more is not None and pages >= limit:
                raise UnexpectedAnswer("GET", path, "still more pages after %d pages, more than the list can have" % pages)
            yield page[key], more, total
            if more is None:
                return
            tokens.add(more)
            query, count = {"more": more}, False

    def download(self, path, dest, params=None, chunk_size=65536):
        """GET ``path`` into the file ``dest`` atomically (a temporary file beside it, then a rename), so ``dest`` is
        never left half-written; returns the sha256 of what was written."""
        directory = os.path.dirname(os.path.abspath(dest))
        digest = hashlib.sha256()
        handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(dest), dir=directory)
        try:
            with os.fdopen(handle, "wb") as out:
                response = self.request("GET", path, params=params, headers={"Accept": "application/zip"}, stream=True)
                try:
                    first = True
                    for chunk in response.iter_content(chunk_size):
                        if first and not chunk.startswith(ZIP_MAGIC):
                            raise UnexpectedAnswer("GET", path, "%s, not a zip" % self.redact(
                                what_was_sent(_first_bytes(response, chunk))))
                        first = False
                        digest.update(chunk)
                        out.write(chunk)
                    if first:
                        raise UnexpectedAnswer("GET", path, "an empty body, not a zip")
                except requests.exceptions.RequestException as exc:
                    raise ScormCloudError("GET %s could not be completed: %s" % (path, _describe_connection_error(exc)),
                                          method="GET", path=path)
                finally:
                    response.close()
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, dest)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
        return digest.hexdigest()

    def wait_for(self, check, timeout, first_delay=1.0, max_delay=15.0):
        """Call ``check()`` until it returns something other than None, with backoff, for at most ``timeout`` seconds.

        Returns that value, or None when the time runs out (for jobs and objects the service completes in the background).
        """
        deadline = self.clock() + timeout
        delay = first_delay
        while True:
            found = check()
            remaining = deadline - self.clock()
            if found is not None or remaining <= 0:
                return found
            self.sleep(min(delay, remaining))
            delay = min(delay * 2, max_delay)

    def create_verified(self, method, path, verify, synchronous=True, **kwargs):
        """Send a non-idempotent write; whenever its fate is unknown, re-read with ``verify`` before sending it again.

        ``verify()`` returns the created object when an attempt took effect, else None. After a gateway's answer
        (502, 503, 504), and for a ``synchronous`` create after a connection closed without an answer, an attempt that
        did not take effect is sent again after the backoff (at least the Retry-After the service asked for) and one
        more re-read, as long as the retry deadline allows. After a timeout the service may still be working on the
        request (and, for an asynchronous create such as an import, after a closed connection too): it is never sent
        again, only looked for until the deadline.
        """
        deadline = self.clock() + self.retry_deadline
        attempt = 0
        while True:
            attempt += 1
            try:
                return self.request(method, path, deadline=deadline, **kwargs)
            except ScormCloudError as exc:
                if not exc.maybe_applied:
                    raise
                error = exc
            found = verify()
            if found is not None:
                self.warn("%s; the account shows it took effect, so it was not sent again" % error.message)
                return found
            if error.status is None and not (synchronous and error.answered):
                found = self._look_for(verify, deadline)
                if found is not None:
                    self.warn("%s; the account shows it took effect, so it was not sent again" % error.message)
                    return found
                error.add_note("the service may still act on it, and within the retry deadline of %ss the account "
                               "did not show it; it was not sent again. Run the task again: it reads the account "
                               "first" % self.retry_deadline)
                raise error
            delay = max(backoff_delay(attempt, self.rand), error.retry_after or 0.0)
            if delay > deadline - self.clock():
                error.add_note("it did not take effect; gave up after %d attempt(s): the retry deadline of %ss was "
                               "reached" % (attempt, self.retry_deadline))
                raise error
            self.retries += 1
            self.warn("%s; the account shows it did not take effect, sending it again in %.1fs" % (error.message, delay))
            self.sleep(delay)
            found = verify()  # a late commit while we waited must not be duplicated
            if found is not None:
                self.warn("%s; the account shows it took effect after all, so it was not sent again" % error.message)
                return found

    def _look_for(self, verify, deadline, first_delay=0.5, max_delay=5.0):
        """Call ``verify()`` with backoff until it finds something or ``deadline`` passes; None when it never did."""
        delay = first_delay
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0:
                return None
            self.sleep(min(delay, remaining))
            found = verify()
            if found is not None:
                return found
            delay = min(delay * 2, max_delay)


def _encode_params(params):
    if not params:
        return None
    encoded = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = ",".join(str(item) for item in value)
        encoded[key] = value
    return encoded


def _first_bytes(response, chunk):
    """A stand-in of ``response`` holding only ``chunk``, for what_was_sent (the stream is read once)."""
    sample = requests.Response()
    sample.status_code, sample.headers, sample._content, sample.encoding = (
        response.status_code, response.headers, chunk[:4096], response.encoding or "utf-8")
    return sample


def _reason(exc):
    """The urllib3 reason under a requests exception (NewConnectionError, NameResolutionError...), or None."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return reason


def _unreachable(exc):
    """True when the connection was refused or the host name is unknown: nothing to retry against yet."""
    reason = _reason(exc)
    if reason is None:
        return False
    return type(reason).__name__ == "NameResolutionError" or "refused" in str(reason).lower() or (
        "Name or service not known" in str(reason))


def _points_at_settings(exc):
    """True when the failure suggests wrong connection options (api_url, TLS), not a busy or flaky service."""
    return (isinstance(exc, (requests.exceptions.SSLError, requests.exceptions.ConnectTimeout,
                             requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                             requests.exceptions.InvalidSchema))
            or type(_reason(exc)).__name__ in ("NewConnectionError", "NameResolutionError"))


USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@")


def has_control_or_space(value):
    return any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in value)


def api_url_problem(api_url):
    """One sentence about an api_url that cannot work, or None: an absolute http(s) URL of the API's base path
    (``.../api/v2``), without a query string or fragment, white space or a user name and password."""
    if USERINFO.match(api_url or ""):
        # Never echoed: it holds a password. Credentials in the URL would also replace the task's own.
        return ("api_url must not contain a user name or password (user:password@host); give the credentials as "
                "app_id and secret_key, mgmt_app_id and mgmt_secret_key, or access_token.")
    if has_control_or_space(api_url or ""):
        return ("api_url must not contain white space or control characters (a line break copied from a file or a "
                "variable, say); got %r." % api_url)
    url = urlsplit(api_url or "")
    example = DEFAULT_API_URL
    if url.scheme not in ("http", "https") or not url.hostname:
        return "api_url must be an absolute http(s) URL such as %s; got %r." % (example, api_url)
    if url.query or url.fragment or api_url.rstrip().endswith(("?", "#")):
        return ("api_url must not have a query string or fragment (the requests add their own); got %r, use %s://%s%s."
                % (api_url, url.scheme, url.netloc, url.path))
    if not url.path.rstrip("/").endswith(API_BASE_PATH):
        suggestion = "%s://%s%s" % (url.scheme, url.netloc, API_BASE_PATH) if url.path in ("", "/") else example
        return ("api_url must end with the API's base path %s, for example %s; got %r (any other path answers every "
                "read with 404)." % (API_BASE_PATH, suggestion, api_url))
    return None


def _certainly_unsent(exc):
    """True when the request never reached the service (no connection was made), so even a POST may be resent."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return type(reason).__name__ in ("NewConnectionError", "ConnectTimeoutError", "NameResolutionError")


def _describe_connection_error(exc):
    if isinstance(exc, requests.exceptions.Timeout):
        return "no answer within the timeout"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "the connection closed before the whole answer came"
    return "%s: %s" % (exc.__class__.__name__, exc)
