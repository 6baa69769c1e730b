"""Wire-format helpers shared by route modules: timestamps, lenient booleans, tags, id checks."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from .errors import bad_request

API_PREFIX = "/api/v2"          # every emulated endpoint lives under it
HOOK_PREFIX = "/__emulator"     # unauthenticated test hooks (hooks.py)
ZIP_TYPE = "application/zip"    # exactly this, without parameters: the SDKs need it for downloads
MAX_ID_LENGTH = 255
# Placeholder that stands for a "/" decoded from %2F inside one path segment while Starlette routes.
SLASH_PLACEHOLDER = "\ue000"


def now_iso() -> str:
    """Current UTC time the way the emulator emits every timestamp: 2026-01-02T03:04:05.123Z."""
    return format_dt(datetime.now(timezone.utc))


def format_dt(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_dt(value: str | datetime | None, field: str) -> datetime | None:
    """Parse an ISO-8601 value (naive = UTC) or raise a 400 naming the field."""
    if value is None or isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        if text == "" or text.lower() in ("none", "null"):
            return None
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise bad_request(f"Invalid datetime for {field}")
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def to_dt(stamp: str) -> datetime:
    """Parse a timestamp the emulator wrote itself."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def parse_bool(value: str | bool | None, field: str) -> bool | None:
    """Query booleans: True/False in any case (the SDK sends Python's str(bool)); None/absent = None."""
    if value is None or isinstance(value, bool):
        return value
    text = value.strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    if text in ("", "none"):
        return None
    raise bad_request(f"Invalid boolean for {field}")


def split_list(value: str | list[str] | None) -> list[str]:
    """Comma-joined query lists (the SDK joins without escaping; '+' already decoded to space)."""
    if value is None:
        return []
    parts = value if isinstance(value, list) else [value]
    return [item.strip() for part in parts for item in part.split(",") if item.strip()]


def merge_tags(existing: list[str], added: list[str]) -> list[str]:
    """Union keeping first-seen order."""
    result = list(existing)
    for tag in added:
        if tag not in result:
            result.append(tag)
    return result


def clean_tags(tags: list[str] | None, field: str = "tags") -> list[str]:
    if tags is None:
        return []
    cleaned = []
    for tag in tags:
        tag = tag.strip()
        if not tag:
            raise bad_request(f"{field} must not contain empty tags")
        if len(tag) > MAX_ID_LENGTH:
            raise bad_request(f"{field} entries must be at most {MAX_ID_LENGTH} characters")
        if tag not in cleaned:
            cleaned.append(tag)
    return cleaned


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_id(value: str | None, field: str) -> str:
    """Validate a client-chosen identifier (destination, dispatch, course ...)."""
    if value is None or value.strip() == "":
        raise bad_request(f"{field} is required")
    if len(value) > MAX_ID_LENGTH:
        raise bad_request(f"{field} must be at most {MAX_ID_LENGTH} characters")
    if _CONTROL.search(value) or SLASH_PLACEHOLDER in value:
        raise bad_request(f"{field} contains invalid characters")
    return value
