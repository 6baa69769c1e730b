# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._docs import config_fragment, options_fragment, section_fragment

# The options of one xapi credential, written once: top-level options of scorm_xapi_credential (DOCUMENTATION) and the items of
# the list module's config (CONFIG).
_OPTIONS = r"""
id:
  description:
    - The credential's id, which is also the user name the LRS expects. Its identity when given.
    - With O(id) and O(name), the credential is renamed to O(name).
    - One of O(id) and O(name) is required.
  type: str
name:
  description:
    - Display name of the credential. Without O(id) it is the credential's identity.
    - Required to create a credential.
  type: str
info:
  description:
    - Free-form description.
  type: str
secret:
  description:
    - The credential's secret (the password the LRS expects).
    - Sent when the credential is created and, with O(update_password=always), on every run.
    - When it is left out on creation, the module generates a strong random secret; use O(return_secret=true)
      to get it.
  type: str
enabled:
  description:
    - Whether the credential can be used. New credentials are enabled unless this is V(false).
  type: bool
auth:
  description:
    - How clients authenticate with the credential. New credentials use V(BASICAUTH) unless set.
  type: str
  choices: [BASICAUTH, OAUTH]
permissions_level:
  description:
    - What the credential may do in the LRS. New credentials use V(DEFAULT) unless set.
  type: str
  choices: [DEFAULT, USER, ROOT, READONLY, WRITEONLY]
"""

_TASK_OPTIONS = r"""
update_password:
  description:
    - V(on_create) sets O(secret) only when the credential is created, so a re-run changes nothing.
    - V(always) sends O(secret) on every run, which reports a change every time. Use it to rotate the secret.
  type: str
  choices: [always, on_create]
  default: on_create
return_secret:
  description:
    - Whether to return the secret in RV(xapi_credential.secret), for example to configure a pipe in a later task.
    - The result then contains a secret. Set C(no_log) on the task so it is not displayed or logged, and keep the
      registered variable out of files and messages.
  type: bool
  default: false
"""

_CONFIG_DESCRIPTION = r"""- The xAPI credentials, one item per credential, with the options of M(scorm.cloud.scorm_xapi_credential)."""


class ModuleDocFragment:
    """DOCUMENTATION (the options of a single-object module), CONFIG (the config option of a list module) and SECTION
    (the section of scorm_account), all made of the option docs above, which are written once."""


# Set after the class: ansible-test's yamllint test reads the attributes written in a fragment's class as string
# literals, while ansible-doc and validate-modules load them as Python, as they are set here.
ModuleDocFragment.DOCUMENTATION = options_fragment(_OPTIONS, _TASK_OPTIONS)
ModuleDocFragment.CONFIG = config_fragment(_CONFIG_DESCRIPTION, _OPTIONS, _TASK_OPTIONS)
ModuleDocFragment.SECTION = section_fragment("xapi_credentials", "xAPI credentials", _OPTIONS)
