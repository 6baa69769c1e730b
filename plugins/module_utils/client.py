# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: auth, retries, pagination and errors for SCORM Cloud API v2.

Every module talks to the service through ScormCloudClient; nothing else in the collection does HTTP.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import hashlib
import os
import random
import tempfile
import threading
import time

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
MAX_MESSAGE_LENGTH = 500
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


def scopes_for_families(families, check_mode=False):
    """The scopes a module needs for its resource families; only read scopes when it will not write."""
    verbs = ("read",) if check_mode else ("read", "write", "delete")
    return " ".join("%s:%s" % (verb, family) for family in families for verb in verbs)


class ScormCloudError(Exception):
    """A failed API call: what was asked, what the service answered, and whether it may have taken effect.

    ``maybe_applied`` is true when a non-idempotent request was sent but no answer came back, so the caller must
    re-read the account before trying again. Messages never contain credentials or request bodies.
    """

    def __init__(self, message, status=None, method=None, path=None, api_message=None, maybe_applied=False,
                 auth_hint=None):
        super(ScormCloudError, self).__init__(message)
        self.message = message
        self.auth_hint = auth_hint  # which options hold the credentials this call used, for a 401 sentence
        self.status = status
        self.method = method
        self.path = path
        self.api_message = api_message
        self.maybe_applied = maybe_applied

    def to_dict(self):
        return {"status": self.status, "method": self.method, "path": self.path, "message": self.api_message}


class CheckModeWriteError(Exception):
    """Raised when code tries to send a write request in check mode: a bug, never a user error."""


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

    def _header(self, client):
        if self._token is None or client.clock() >= self._expires_at:
            answer = client.request(
                "POST", TOKEN_PATH, form={"scope": self.scope, "expiration": str(self.expiration)},
                auth=self.basic, idempotent=True, writes=False,
            ) or {}
            if not answer.get("access_token"):
                raise ScormCloudError("The token endpoint answered without an access_token.", method="POST", path=TOKEN_PATH)
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


def _api_message(response):
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("message", "error", "detail"):
            if body.get(key):
                return str(body[key])
    text = (response.text or "").strip()
    return text or None


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
        self.extra_secrets = []
        # Concurrent requests back off together: a 429 to one of them holds every request until this moment.
        self._gate = threading.Lock()
        self._held_until = 0.0
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
        """Register a value (e.g. a secret read from the service) that must be scrubbed from every message."""
        if value:
            self.extra_secrets.append(str(value))

    def redact(self, text):
        if not text:
            return text
        for secret in self.auth.secrets() + self.extra_secrets:
            if secret and len(secret) >= 4:
                text = text.replace(secret, "********")
        return text

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
                auth=None, idempotent=None, writes=None, with_headers=False, stream=False):
        """Send one API call with retries and return its decoded JSON body (None when empty).

        ``idempotent`` defaults to true for GET/PUT/DELETE; a non-idempotent call is retried only when the service
        certainly did not act on it (429, or no connection made). ``writes`` defaults to true for POST/PUT/DELETE
        and is what check mode forbids. ``with_headers`` returns ``(body, headers)`` instead; ``stream`` returns the
        response itself, unread (a download; the caller closes it).
        """
        method = method.upper()
        writes = method in WRITE_METHODS if writes is None else writes
        if writes and self.check_mode:
            raise CheckModeWriteError("%s %s attempted in check mode" % (method, path))
        idempotent = method != "POST" if idempotent is None else idempotent
        auth = auth or self.auth
        deadline = self.clock() + self.retry_deadline
        attempt = 0
        while True:
            attempt += 1
            self._wait_for_gate()
            for upload in (files or {}).values():
                fileobj = upload[1] if isinstance(upload, tuple) else upload
                if hasattr(fileobj, "seek"):
                    fileobj.seek(0)
            try:
                response = self.session.request(
                    method, self.api_url + path, params=_encode_params(params), json=json, data=form, files=files,
                    headers=dict(headers or {}, Authorization=auth.header(self)), timeout=self.timeout, verify=self.verify,
                    stream=stream,
                )
            except requests.exceptions.RequestException as exc:
                certainly_unsent = _certainly_unsent(exc)
                error = ScormCloudError(
                    "%s %s could not be completed: %s" % (method, path, self.redact(_describe_connection_error(exc))),
                    method=method, path=path, maybe_applied=writes and not certainly_unsent, auth_hint=auth.hint,
                )
                # Only transport failures are worth retrying; a bad api_url or a TLS failure will not heal.
                transient = isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                if isinstance(exc, requests.exceptions.SSLError) or not transient or not (idempotent or certainly_unsent):
                    raise error
                delay = backoff_delay(attempt, self.rand)
            else:
                if response.status_code < 400:
                    if stream:
                        return response
                    return (_decode(response), response.headers) if with_headers else _decode(response)
                error = self._error(method, path, response, auth.hint)
                if response.status_code not in RETRY_STATUSES or not (idempotent or response.status_code == 429):
                    # A gateway error may arrive after the service acted on a write: the caller must re-read.
                    error.maybe_applied = writes and response.status_code in GATEWAY_STATUSES
                    raise error
                # Retry-After is a minimum: a "0" or a past date must not turn the retries into a tight loop.
                delay = max(backoff_delay(attempt, self.rand), parse_retry_after(response.headers.get("Retry-After")) or 0.0)
                if response.status_code == 429:
                    self._hold(delay)
            remaining = deadline - self.clock()
            if delay > remaining:
                error.message = "%s (gave up after %d attempt(s): the retry deadline of %ss was reached)" % (
                    error.message, attempt, self.retry_deadline)
                error.args = (error.message,)
                raise error
            self.retries += 1
            self.warn("%s; retrying in %.1fs" % (error.message, delay))
            self.sleep(delay)

    def _error(self, method, path, response, auth_hint):
        api_message = self.redact(_api_message(response))
        if api_message and len(api_message) > MAX_MESSAGE_LENGTH:
            api_message = api_message[:MAX_MESSAGE_LENGTH] + "..."
        message = "%s %s failed (%s)" % (method, path, response.status_code)
        if api_message:
            message += ": %s" % api_message
        return ScormCloudError(message, status=response.status_code, method=method, path=path, api_message=api_message,
                               auth_hint=auth_hint)

    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def get_or_none(self, path, params=None):
        """GET that maps 404 to None: the usual "does it exist?" read."""
        try:
            return self.request("GET", path, params=params)
        except ScormCloudError as exc:
            if exc.status == 404:
                return None
            raise

    def iter_list(self, path, key, params=None):
        """Yield every item of a paginated list, following ``more`` to the end.

        The filters go with the first request only; the service remembers them inside the ``more`` token.
        """
        for items, _more, _total in self.pages(path, key, params):
            yield from items

    def pages(self, path, key, params=None, count=False):
        """Yield ``(items, more, total)`` for each page of a paginated list, one request at a time.

        With ``count`` the first request asks for the total count (X-Total-Count); ``total`` is None otherwise and
        on later pages. The caller may stop early: no page is read before it is asked for.
        """
        query = dict(params or {}, includeTotalCount=True) if count else params
        while True:
            page, headers = self.request("GET", path, params=query, with_headers=True)
            page = page or {}
            total = headers.get("X-Total-Count", "") if count else ""
            more = page.get("more")
            yield page.get(key) or [], more, int(total) if total.isdigit() else None
            if not more:
                return
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
                    for chunk in response.iter_content(chunk_size):
                        digest.update(chunk)
                        out.write(chunk)
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

    def create_verified(self, method, path, verify, **kwargs):
        """Send a non-idempotent write once; if its fate is unknown, re-read with ``verify`` before sending it again.

        ``verify()`` returns the created object when the first attempt took effect, else None.
        """
        try:
            return self.request(method, path, **kwargs)
        except ScormCloudError as exc:
            if not exc.maybe_applied:
                raise
            found = verify()
            if found is not None:
                self.warn("%s; the account shows it took effect, so it was not sent again" % exc.message)
                return found
            self.warn("%s; the account shows it did not take effect, sending it once more" % exc.message)
            return self.request(method, path, **kwargs)


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


def _decode(response):
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _certainly_unsent(exc):
    """True when the request never reached the service (no connection was made), so even a POST may be resent."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return type(reason).__name__ in ("NewConnectionError", "ConnectTimeoutError", "NameResolutionError")


def _describe_connection_error(exc):
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS verification failed (set ca_path, or validate_certs=false for a test server)"
    if isinstance(exc, requests.exceptions.Timeout):
        return "no answer within the timeout"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "connection failed or closed without an answer"
    return "%s: %s" % (exc.__class__.__name__, exc)
