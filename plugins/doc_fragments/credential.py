# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._docs import config_fragment, options_fragment, section_fragment

# The options of one credential, written once: top-level options of scorm_credential (DOCUMENTATION) and the items of
# the list module's config (CONFIG).
_OPTIONS = r"""
application:
  description:
    - The application the credential belongs to, as its id or its name. A name must be unique in the realm.
  type: str
  required: true
name:
  description:
    - Name of the credential. Without O(id) it is the credential's identity within O(application); with O(id) the
      credential is renamed to it.
    - Required to create a credential. One of O(name) and O(id) is required.
  type: str
id:
  description:
    - Id of an existing credential (SCORM Cloud assigns it on creation; see RV(credential.id)).
    - Use it to rename a credential, or to pick one of several credentials with the same name.
    - The credential must exist when O(state=present); the module does not create credentials by id.
  type: str
active:
  description:
    - Whether the credential can be used to call the API. SCORM Cloud enables new credentials by default.
  type: bool
"""

_TASK_OPTIONS = r"""
return_secret:
  description:
    - Whether to return the secret in RV(credential.secret), for example to use the new credential in later tasks.
    - The result then contains a secret. Set C(no_log) on the task so it is not displayed or logged, and keep the
      registered variable out of files and messages.
  type: bool
  default: false
"""

_CONFIG_DESCRIPTION = r"""- The credentials, one item per credential, with the options of M(scorm.cloud.scorm_credential)."""


class ModuleDocFragment:
    """DOCUMENTATION (the options of a single-object module), CONFIG (the config option of a list module) and SECTION
    (the section of scorm_account), all made of the option docs above, which are written once."""


# Set after the class: ansible-test's yamllint test reads the attributes written in a fragment's class as string
# literals, while ansible-doc and validate-modules load them as Python, as they are set here.
ModuleDocFragment.DOCUMENTATION = options_fragment(_OPTIONS, _TASK_OPTIONS)
ModuleDocFragment.CONFIG = config_fragment(_CONFIG_DESCRIPTION, _OPTIONS, _TASK_OPTIONS)
ModuleDocFragment.SECTION = section_fragment("credentials", "credentials", _OPTIONS)
