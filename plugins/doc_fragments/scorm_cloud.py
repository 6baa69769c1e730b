# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    # Connection and authentication options shared by every module (see module_utils/_common.py).
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the SCORM Cloud API v2.
      - Point it at a local emulator for tests, for example V(http://127.0.0.1:8765/api/v2).
      - It must not contain a user name or password (C(user:password@host)), white space or control characters.
      - Falls back to the E(SCORM_CLOUD_API_URL) environment variable.
    type: str
    default: https://cloud.scorm.com/api/v2
  app_id:
    description:
      - Application ID of the application whose content the module manages (HTTP basic authentication).
      - Falls back to the E(SCORM_CLOUD_APP_ID) environment variable.
    type: str
  secret_key:
    description:
      - A secret key of O(app_id).
      - Falls back to the E(SCORM_CLOUD_SECRET_KEY) environment variable.
    type: str
  access_token:
    description:
      - An OAuth bearer token to use instead of O(app_id) and O(secret_key). It must carry the scopes the module needs.
      - Used only when O(app_id) and O(secret_key) (or O(mgmt_app_id) and O(mgmt_secret_key) for App Management modules) are not set.
      - It must not contain white space or control characters (such as a line break at its end).
      - Falls back to the E(SCORM_CLOUD_ACCESS_TOKEN) environment variable.
    type: str
  auth_mode:
    description:
      - V(basic) sends the application's credentials with every request.
      - V(oauth) sends them once, to obtain a short-lived token limited to the scopes this module needs
        (read scopes only in check mode), and uses that token for the rest of the run.
    type: str
    choices: [basic, oauth]
    default: basic
  mgmt_app_id:
    description:
      - Application ID of the realm's App Management application.
      - Only the modules that manage applications and their credentials use it; every other module accepts it
        (so one C(module_defaults) group can configure a whole play) and never sends it.
      - Falls back to the E(SCORM_CLOUD_MGMT_APP_ID) environment variable.
    type: str
  mgmt_secret_key:
    description:
      - A secret key of O(mgmt_app_id).
      - Falls back to the E(SCORM_CLOUD_MGMT_SECRET_KEY) environment variable.
    type: str
  validate_certs:
    description:
      - Whether to verify the service's TLS certificate. Turn it off only for a local test server.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (PEM file) to verify the service's certificate with, instead of the system's.
    type: path
  timeout:
    description:
      - Seconds to wait for the service to answer one request, more than 0 and at most 3600.
    type: float
    default: 30
  retry_deadline:
    description:
      - Seconds a single API call may spend retrying after connection errors, HTTP 429, 502, 503 or 504,
        with exponential backoff and the service's C(Retry-After). After that the task fails.
      - From 0 (no retries) to 86400.
    type: float
    default: 120
notes:
  - Proxies are taken from the usual environment variables (E(HTTPS_PROXY), E(NO_PROXY)).
  - Requests carry the User-Agent C(scorm.cloud-ansible/<version>).
requirements:
  - requests
"""

    # Full check mode, diff mode and idempotence, plus membership of the action group.
    ATTRIBUTES = r"""
attributes:
  check_mode:
    description: Can run in check mode and predict the change without sending any write request.
    support: full
  diff_mode:
    description: Returns the object before and after the change, without secrets, in diff mode.
    support: full
  idempotent:
    description: A second run with the same options changes nothing and reports C(changed=false).
    support: full
  action_group:
    description: Use C(group/scorm.cloud.all) in C(module_defaults) to set the connection options once for a play.
    support: full
    membership:
      - scorm.cloud.all
"""

    # Only the action group, for modules that document their own check/diff/idempotence support.
    ACTION_GROUP = r"""
attributes:
  action_group:
    description: Use C(group/scorm.cloud.all) in C(module_defaults) to set the connection options once for a play.
    support: full
    membership:
      - scorm.cloud.all
"""

    # The options every list module adds to its kind's config (Ansible's resource-module states).
    LIST = r"""
options:
  state:
    description:
      - V(merged) makes every object of O(config) exist with the options it sets; other objects are left alone.
      - V(overridden) does the same and also deletes every object of this kind that O(config) does not list,
        except those named in O(protect). Use it to keep an account exactly as declared.
      - V(deleted) deletes the objects O(config) lists (only their identifying options are needed).
      - V(gathered) reads every object of this kind and returns it in RV(gathered), in exactly the shape of
        O(config); it writes nothing and takes no O(config). It reads the list only, so fields that cost a request
        per object (a destination's C(hash_user_info), a course's C(settings)) are left out;
        M(scorm.cloud.scorm_account_info) reads them too.
    type: str
    choices: [merged, overridden, deleted, gathered]
    default: merged
  protect:
    description:
      - Ids or names of objects that O(state=overridden) never deletes, although O(config) does not list them.
    type: list
    elements: str
    default: []
  concurrency:
    description:
      - How many write requests (and per-object reads) are sent at once. Requests that SCORM Cloud answers with
        HTTP 429 make every concurrent request wait, as the service's C(Retry-After) says. From 1 to 64.
    type: int
    default: 8
notes:
  - The kind is read once (its list, following the service's pagination to the end), every item of O(config)
    is planned against that read, and the whole plan is checked before the first write. A single object is read
    with one request instead, and when a few ids are declared in a large account, they are read by id when that
    takes fewer requests than the remaining pages.
  - Writes are sent only for real changes; creates are batched where the API takes a list, and so are tag
    additions. After the writes the objects are not read again (that would cost a request per object), so
    RV(actions) and the diff show the planned state.
  - An item that cannot be reconciled fails the task with a sentence that names it, together with every other
    failing item. When the plan is wrong, nothing is written; when a write fails, the other items are still
    written and reported in RV(actions).
"""
