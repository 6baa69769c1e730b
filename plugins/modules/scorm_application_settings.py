#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: scorm_application_settings
short_description: Manage the configuration settings of a SCORM Cloud application
version_added: 0.1.0
description:
  - Sets configuration settings (player, rollup post-back, content paths...) at the application level, or at the
    level of one learning standard of the application, through C(/appManagement/configuration).
  - Only the settings named in O(settings) are read, compared and written; every other setting keeps its value,
    unless O(purge_settings) returns the ones set at this level to the values they inherit.
  - Values are compared as the service stores them (strings, booleans as V(true)/V(false)), so V(true), V(True)
    and V("true") are the same value.
  - This is a module of its own rather than an option of M(scorm.cloud.scorm_application) because SCORM Cloud
    applies C(/appManagement/configuration) to the application that authenticates the call. It therefore needs
    that application's own O(app_id) and O(secret_key) (for example a credential just created with
    M(scorm.cloud.scorm_credential)), while M(scorm.cloud.scorm_application) only ever uses the App Management
    credentials. Keeping the two apart means each task uses exactly one set of credentials, and the settings of
    the application a play already works in can be managed without App Management access.
author:
  - scorm.cloud contributors (@scorm-cloud)
options:
  settings:
    description:
      - Setting id -> value. Setting ids are case-sensitive; SCORM Cloud lists the valid ones (with their
        allowed values) for C(GET /appManagement/configuration?includeMetadata=true).
      - Write enumeration values as the service lists them (for example V(NEW_WINDOW)).
      - An unknown setting id fails the task before anything is written.
      - Values of settings whose id contains C(Password) or C(Secret) are never shown in the diff or the result.
      - With O(purge_settings), V({}) returns every setting set at this level to its inherited value.
    type: dict
    required: true
  purge_settings:
    description:
      - Whether settings set explicitly at this level (the application, or the learning standard) and not named in
        O(settings) are deleted, so that each falls back to the value it inherits (from the application level, or
        the service's default).
      - With V(false), only the named settings are read and written.
      - With V(true), every setting of the level is read; check mode and diff mode show the ones that would be
        deleted (secret values as C(********)).
    type: bool
    default: false
  learning_standard:
    description:
      - Set the settings for courses of this learning standard only (for example V(SCORM12) or
        V(SCORM20043RDEDITION)), instead of for the whole application. Requires O(single_sco).
    type: str
  single_sco:
    description:
      - With O(learning_standard), whether the settings apply to single-SCO (V(true)) or multi-SCO (V(false))
        courses of that standard.
    type: bool
extends_documentation_fragment:
  - scorm.cloud.scorm_cloud
  - scorm.cloud.scorm_cloud.attributes
notes:
  - The application is the one O(app_id) and O(secret_key) (or O(access_token)) authenticate as.
  - A setting returns to its inherited value through O(purge_settings), by leaving it out of O(settings).
seealso:
  - module: scorm.cloud.scorm_application
  - module: scorm.cloud.scorm_credential
  - name: SCORM Cloud API v2 reference
    description: The application configuration endpoints this module uses.
    link: https://cloud.scorm.com/docs/v2/reference/swagger/
"""

EXAMPLES = r"""
- name: Configure the player of an application
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Application-wide player settings
      scorm.cloud.scorm_application_settings:
        app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
        secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
        settings:
          PlayerScoLaunchType: NEW_WINDOW
          PlayerCaptureHistory: true

    - name: Only for single-SCO SCORM 1.2 courses
      scorm.cloud.scorm_application_settings:
        app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
        secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
        learning_standard: SCORM12
        single_sco: true
        settings:
          PlayerScoLaunchType: FRAMESET

    - name: The application's own settings are these two, and every other one it set returns to its default
      scorm.cloud.scorm_application_settings:
        app_id: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_APP_ID') }}"
        secret_key: "{{ lookup('ansible.builtin.env', 'SCORM_CLOUD_SECRET_KEY') }}"
        settings:
          PlayerScoLaunchType: NEW_WINDOW
          PlayerCaptureHistory: true
        purge_settings: true
"""

RETURN = r"""
settings:
  description:
    - The named settings after the task, as the service stores them (V(null) for a setting that has no explicit
      value at this level and inherits one). In check mode, the prediction.
    - A setting that O(purge_settings) returned to its inherited value is not in it; the diff's C(before) shows it.
    - Password and secret settings show C(********) instead of their value.
  returned: always
  type: dict
  sample: {"PlayerScoLaunchType": "NEW_WINDOW", "PlayerCaptureHistory": "true"}
diff:
  description: The named settings (with O(purge_settings), every setting set at this level) before and after the task
    (diff mode only).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The named settings before the task.
      type: dict
    after:
      description: The named settings after the task.
      type: dict
"""


from ansible_collections.scorm.cloud.plugins.module_utils._application_settings import APPLICATION_SETTINGS
from ansible_collections.scorm.cloud.plugins.module_utils._common import ScormCloudModule


def main():
    spec = dict(APPLICATION_SETTINGS.item_spec())
    module = ScormCloudModule(argument_spec=spec, scope_families=(APPLICATION_SETTINGS.family,),
                              **APPLICATION_SETTINGS.item_rules)
    module.run_single(APPLICATION_SETTINGS)


if __name__ == "__main__":
    main()
