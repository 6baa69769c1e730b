# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.scorm.cloud.plugins.module_utils._docs import PURGE_TAGS, config_fragment, options_fragment, section_fragment

# The options of one destination, written once: top-level options of scorm_dispatch_destination (DOCUMENTATION) and
# the items of scorm_dispatch_destinations' config (CONFIG).
_OPTIONS = r"""
id:
  description:
    - The destination ID. You choose it; it is the destination's identity.
  type: str
  required: true
name:
  description:
    - Display name of the destination. Required to create one.
  type: str
email:
  description:
    - Contact e-mail address of the destination.
  type: str
notes:
  description:
    - Free-form notes.
  type: str
tags:
  description:
    - Tags of the destination.
    - Leave it out to keep the current tags. See O(purge_tags).
  type: list
  elements: str
launch_auth:
  description:
    - How launches of this destination's dispatches are authenticated.
    - Sub-options you leave out keep their current values.
  type: dict
  suboptions:
    type:
      description:
        - V(cookies) (the service default) or V(vault).
      type: str
      choices: [cookies, vault]
    ip_address:
      description: Bind a launch to the learner's IP address.
      type: bool
    fingerprint:
      description: Bind a launch to the learner's browser fingerprint.
      type: bool
    expiry:
      description: Seconds until a launch expires; V(0) for never.
      type: int
    sliding_expiry:
      description: Seconds of inactivity that end a launch; V(0) for never.
      type: int
lti13:
  description:
    - The LMS (the LTI 1.3 platform) that this destination's dispatches are launched from over LTI 1.3, as registered
      in that LMS for SCORM Cloud.
    - Give all of it except O(lti13.access_token_url), which keeps its current value when left out.
    - Leave it out to leave the destination's LTI 1.3 platform as it is. The API cannot remove it from a destination.
  type: dict
  suboptions:
    client_id:
      description: The client ID the LMS assigned to SCORM Cloud.
      type: str
      required: true
    platform_issuer_identifier:
      description: The LMS's issuer identifier (C(iss)), usually its base URL.
      type: str
      required: true
    deployment_id:
      description: The deployment ID of the tool in the LMS.
      type: str
      required: true
    oidc_authorization_endpoint:
      description: The LMS's OpenID Connect authorization (login) endpoint.
      type: str
      required: true
    json_web_key_set_url:
      description: The URL of the LMS's public keys (JWKS).
      type: str
      required: true
    access_token_url:
      description: The LMS's OAuth 2 token endpoint, for the LTI Advantage services.
      type: str
hash_user_info:
  description:
    - Whether learner information of this destination's dispatches is hashed before it reaches SCORM Cloud.
    - The service reports it per destination, with a request of its own, so it is read (and returned) only for
      destinations that set it.
  type: bool
"""

_TASK_OPTIONS = ""  # purge_tags only (PURGE_TAGS)

_CONFIG_DESCRIPTION = r"""- The destinations, one item per destination, with the options of M(scorm.cloud.scorm_dispatch_destination)."""


class ModuleDocFragment:
    """DOCUMENTATION (the options of a single-object module), CONFIG (the config option of a list module) and SECTION
    (the section of scorm_account), all made of the option docs above, which are written once."""


# Set after the class: ansible-test's yamllint test reads the attributes written in a fragment's class as string
# literals, while ansible-doc and validate-modules load them as Python, as they are set here.
ModuleDocFragment.DOCUMENTATION = options_fragment(_OPTIONS, PURGE_TAGS + _TASK_OPTIONS)
ModuleDocFragment.CONFIG = config_fragment(_CONFIG_DESCRIPTION, _OPTIONS, PURGE_TAGS + _TASK_OPTIONS)
ModuleDocFragment.SECTION = section_fragment("destinations", "dispatch destinations", _OPTIONS)
