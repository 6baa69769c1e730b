# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: applications
short_description: Every application of a SCORM Cloud realm as an inventory host
version_added: 0.2.0
description:
  - Lists the applications of the realm that the App Management credentials belong to, following the service's pages
    to the end, and makes each one a host named after the application, with its id in C(scorm_app_id).
  - The App Management application itself is left out.
  - Configured by a file whose name ends in C(.scorm.yml) or C(.scorm.yaml) and whose O(plugin) is
    V(scorm.cloud.applications).
  - No secret is written into the inventory or its cache. The host variables hold the application's id, name, dates
    and deletion protection, and C(ansible_connection=local) with the controller's Python, so the tasks of a host
    run on the controller and talk to the API.
  - Two applications with the same name are both hosts, named C(<name> (<id>)), with a warning.
author:
  - scorm.cloud contributors (@scorm-cloud)
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin; it makes the file this plugin's configuration.
    type: str
    required: true
    choices: [scorm.cloud.applications]
  api_url:
    description: Base URL of the SCORM Cloud API v2.
    type: str
    default: https://cloud.scorm.com/api/v2
    env:
      - name: SCORM_CLOUD_API_URL
  mgmt_app_id:
    description: The realm's App Management application.
    type: str
    env:
      - name: SCORM_CLOUD_MGMT_APP_ID
  mgmt_secret_key:
    description: A secret key of O(mgmt_app_id). Never written into the inventory or its cache.
    type: str
    env:
      - name: SCORM_CLOUD_MGMT_SECRET_KEY
  include_names:
    description:
      - Shell-style patterns (V(staging-*)); only the applications whose name matches one of them are hosts.
    type: list
    elements: str
    default: ["*"]
  exclude_names:
    description: Shell-style patterns of application names that are never hosts, even when O(include_names) matches.
    type: list
    elements: str
    default: []
  validate_certs:
    description: Whether to verify the service's TLS certificate.
    type: bool
    default: true
  ca_path:
    description: A CA bundle (PEM file) to verify the service's certificate with.
    type: path
  timeout:
    description: Seconds to wait for each answer.
    type: float
    default: 30
requirements:
  - requests
"""

EXAMPLES = r"""
# realm.scorm.yml: every application of the realm, grouped by the part of its name before the first dash
# (ansible-inventory -i realm.scorm.yml --graph), with the credentials in SCORM_CLOUD_MGMT_APP_ID and
# SCORM_CLOUD_MGMT_SECRET_KEY.
plugin: scorm.cloud.applications
exclude_names: ["sandbox-*"]
keyed_groups:
  - key: scorm_application_name.split('-')[0]
    prefix: customer
groups:
  production: scorm_application_name is match('prod-')
compose:
  scorm_state_file: "'state/' ~ scorm_application_name ~ '.yml'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: .scorm-inventory-cache
cache_timeout: 600
"""

import fnmatch

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.scorm.cloud.plugins.module_utils._applications import APPLICATION_ITEM, APPLICATION_LIST_PATH
from ansible_collections.scorm.cloud.plugins.module_utils._client import (
    HAS_REQUESTS,
    BasicAuth,
    ScormCloudClient,
    ScormCloudError,
    api_url_problem,
)

CONFIG_ENDINGS = (".scorm.yml", ".scorm.yaml")


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "scorm.cloud.applications"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(CONFIG_ENDINGS)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        applications = None
        if self.get_option("cache") and cache:
            applications = self._cache.get(cache_key)
        if applications is None:
            applications = self.read_applications()
            if self.get_option("cache"):
                self._cache[cache_key] = applications
        self.populate(applications)

    def read_applications(self):
        """Every application of the realm but the App Management one: id, name, dates, deletion protection."""
        if not HAS_REQUESTS:
            raise AnsibleParserError("scorm.cloud.applications needs the Python library requests on the controller.")
        app_id, secret_key = self.get_option("mgmt_app_id"), self.get_option("mgmt_secret_key")
        if not (app_id and secret_key):
            raise AnsibleParserError("scorm.cloud.applications has no credentials: set mgmt_app_id and "
                                     "mgmt_secret_key (or SCORM_CLOUD_MGMT_APP_ID and SCORM_CLOUD_MGMT_SECRET_KEY).")
        problem = api_url_problem(self.get_option("api_url"))
        if problem:
            raise AnsibleParserError("scorm.cloud.applications: %s" % problem)
        auth = BasicAuth(app_id, secret_key, "mgmt_app_id and mgmt_secret_key")
        client = ScormCloudClient(self.get_option("api_url"), auth,
                                  validate_certs=self.get_option("validate_certs"), ca_path=self.get_option("ca_path"),
                                  timeout=self.get_option("timeout"), warn=self.display.warning)
        try:
            items = client.read_all(APPLICATION_LIST_PATH, "applications", APPLICATION_ITEM)
        except ScormCloudError as exc:
            raise AnsibleParserError("scorm.cloud.applications could not list the applications: %s" % client.redact(
                exc.message))
        return [{"id": item["id"], "name": item.get("name") or item["id"], "allow_delete": item.get("allowDelete"),
                 "created": item.get("createDate"), "updated": item.get("updateDate")}
                for item in items if item["id"] != app_id]

    def wanted(self, name):
        return (any(fnmatch.fnmatchcase(name, pattern) for pattern in self.get_option("include_names"))
                and not any(fnmatch.fnmatchcase(name, pattern) for pattern in self.get_option("exclude_names")))

    def populate(self, applications):
        applications = sorted((app for app in applications if self.wanted(app["name"])),
                              key=lambda app: (app["name"], app["id"]))
        names = [app["name"] for app in applications]
        strict = self.get_option("strict")
        for app in applications:
            host = app["name"] if names.count(app["name"]) == 1 else "%s (%s)" % (app["name"], app["id"])
            if host != app["name"]:
                self.display.warning("%d applications are named '%s'; the host of application %s is '%s'." % (
                    names.count(app["name"]), app["name"], app["id"], host))
            self.inventory.add_host(host)
            for variable, value in (("scorm_app_id", app["id"]), ("scorm_application_name", app["name"]),
                                    ("scorm_allow_delete", app["allow_delete"]), ("scorm_created", app["created"]),
                                    ("scorm_updated", app["updated"]), ("ansible_connection", "local"),
                                    ("ansible_python_interpreter", "{{ ansible_playbook_python }}")):
                self.inventory.set_variable(host, variable, value)
            hostvars = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option("compose"), hostvars, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, host, strict=strict)
