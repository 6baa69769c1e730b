# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every field of every kind of the registry round-trips through the emulator.

FULL declares one object of each kind with every one of its options set (a test fails when a kind of the registry,
or an option of one, is missing from it). It is applied with ``scorm_account``; ``scorm_account_info`` reads back
every declared value (write-only options aside: secrets, passwords, a postback); what it read, declared again,
changes nothing and sends no write.
"""

from __future__ import annotations

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils._account import SECTIONS
from ansible_collections.scorm.cloud.plugins.module_utils._reconcile import SECRET
from conftest import APP_ID, PACKAGE, connection, run_module

POSTBACK = {"url": "https://lms.example.com/postback", "auth_type": "HTTPBASIC", "user_name": "scorm-cloud",
            "password": "round-trip-postback-password", "results_format": "COURSE"}
FULL = {
    "applications": [{"name": "round-trip-app", "allow_delete": True}],
    "credentials": [{"application": "round-trip-app", "name": "round-trip-key", "active": False}],
    "destinations": [{
        "id": "rt-dest", "name": "Round trip LMS", "email": "lms@example.com", "notes": "every option set",
        "tags": ["a", "b"], "hash_user_info": True,
        "launch_auth": {"type": "vault", "ip_address": True, "fingerprint": True, "expiry": 3600, "sliding_expiry": 60},
        "lti13": {"client_id": "client-1", "platform_issuer_identifier": "https://lms.example.com",
                  "deployment_id": "deployment-1", "oidc_authorization_endpoint": "https://lms.example.com/auth",
                  "json_web_key_set_url": "https://lms.example.com/jwks",
                  "access_token_url": "https://lms.example.com/token"}}],
    "courses": [{"id": "rt-course", "src": str(PACKAGE), "title": "Round trip course", "tags": ["a"],
                 "settings": {"PlayerCaptureHistory": "true"}}],
    "dispatches": [{
        "id": "rt-dispatch", "destination": "rt-dest", "course": "rt-course", "enabled": False,
        "allow_new_registrations": False, "instanced": True, "registration_cap": 5,
        "expiration_date": "2027-12-31T00:00:00.000Z", "tags": ["a"], "email": "lms@example.com", "notes": "n",
        "postback": POSTBACK}],
    "public_invitations": [{
        "name": "rt-invitation", "course": "rt-course", "creating_user_email": "lms-admin@example.com",
        "allow_launch": True, "allow_new_registrations": False, "registration_cap": 7,
        "expiration_date": "2027-06-30T00:00:00.000Z", "tags": ["a"], "postback": POSTBACK}],
    "xapi_credentials": [{"id": "rt-key", "name": "Round trip key", "info": "i", "enabled": False, "auth": "BASICAUTH",
                          "permissions_level": "READONLY", "secret": "round-trip-xapi-secret-1"}],
    "xapi_pipes": [{"id": "rt-pipe",
                    "source": {"url": "https://cloud.scorm.com/lrs/%s/statements" % APP_ID, "user_name": "rt-key",
                               "password": "round-trip-xapi-secret-1"},
                    "target": {"url": "https://lrs.example.com/xapi/", "user_name": "writer",
                               "password": "round-trip-target-password"}}],
}
KINDS = dict(SECTIONS)


def write_only(kind):
    return set(field.name for field in kind.fields if field.kind == SECRET or not field.readable)


def readable(kind, item):
    """What of a declared ``item`` the service gives back: no write-only option, no password, no package."""
    shown = {}
    for name, value in item.items():
        if name in write_only(kind) or name in ("src", "creating_user_email"):
            continue
        if isinstance(value, dict) and name != "settings":
            value = dict((key, inner) for key, inner in value.items() if key != "password")
        shown[name] = value
    return shown


def identity(section, obj):
    return obj.get("id") if section not in ("applications", "credentials", "public_invitations") else obj.get("name")


@pytest.mark.parametrize("section, kind", SECTIONS, ids=[name for name, _kind in SECTIONS])
def test_every_option_of_every_kind_is_declared_here(section, kind):
    assert section in FULL, "declare an object of %s in FULL, with every option set" % section
    declared = set(FULL[section][0])
    options = set(kind.item_spec()) - set(["id", "url", "src", "may_create_new_version", "force", "purge_settings",
                                           "package_dest"])
    assert options <= declared, "%s: set %s in FULL" % (section, sorted(options - declared))


def test_every_field_of_every_kind_round_trips(emu):
    emu.reset()
    applied = run_module("scorm_account", connection(emu, **FULL))
    assert not applied.get("failed") and applied["changed"], applied.get("msg")

    info = run_module("scorm_account_info", connection(emu))
    assert not info.get("failed"), info.get("msg")
    read = {}
    for section, items in FULL.items():
        found = dict((identity(section, obj), obj) for obj in info[section])
        for item in items:
            key = identity(section, item)
            assert key in found, "%s %s was not read back" % (section, key)
            got = found[key]
            for name, value in readable(KINDS[section], item).items():
                assert got.get(name) == value, "%s %s: %s was declared %r and read back %r" % (
                    section, key, name, value, got.get(name))
            read.setdefault(section, []).append(got)

    emu.clear_log()
    again = run_module("scorm_account", connection(emu, **read))
    assert not again.get("failed") and again["changed"] is False, again.get("msg") or again.get("sections")
    assert emu.writes() == []
