# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helper of the module_examples integration target (see runme.sh).

    python examples.py playbooks OUT_DIR
        Writes the EXAMPLES of every module of the collection as OUT_DIR/<module>.yml and prints the module names,
        one per line, in the order to run them. The modules are found through ANSIBLE_COLLECTIONS_PATH.
    python examples.py environment VARS_FILE...
        Prints shell `export` lines that set SCORM_CLOUD_* from the scorm_* variables of the files (later files win).
"""

from __future__ import absolute_import, division, print_function

import ast
import os
import shlex
import sys

import yaml

__metaclass__ = type

COLLECTION = ("ansible_collections", "scorm", "cloud")

# Connection variables of integration_config.yml -> the environment variables the modules fall back to.
ENVIRONMENT = (
    ("scorm_api_url", "SCORM_CLOUD_API_URL"),
    ("scorm_app_id", "SCORM_CLOUD_APP_ID"),
    ("scorm_secret_key", "SCORM_CLOUD_SECRET_KEY"),
    ("scorm_mgmt_app_id", "SCORM_CLOUD_MGMT_APP_ID"),
    ("scorm_mgmt_secret_key", "SCORM_CLOUD_MGMT_SECRET_KEY"),
)

# An example that is a list of tasks runs in this play, configured like the integration targets.
TASKS_PLAY = {
    "name": None,  # set per module
    "hosts": "localhost",
    "gather_facts": False,
    "module_defaults": {
        "group/scorm.cloud.all": {
            "api_url": "{{ scorm_api_url }}",
            "app_id": "{{ scorm_app_id }}",
            "secret_key": "{{ scorm_secret_key }}",
            "mgmt_app_id": "{{ scorm_mgmt_app_id }}",
            "mgmt_secret_key": "{{ scorm_mgmt_secret_key }}",
        },
    },
}

# Example tasks that report a change on every run by design; runme.sh skips this tag on the second run.
# module -> {task name: why}. Kept short: every other example task must be idempotent.
NOT_IDEMPOTENT_TAG = "example_not_idempotent"
NOT_IDEMPOTENT = {
    "scorm_xapi_credential": {"Rotate that secret": "update_password: always sends the secret on every run"},
    "scorm_xapi_pipe": {"Change the target password": "update_password: always sends the passwords on every run"},
}


def fail(message):
    sys.exit("examples.py: " + message)


def modules_dir():
    """plugins/modules of the collection, as ansible-test installs it for the integration targets."""
    paths = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or os.environ.get("ANSIBLE_COLLECTIONS_PATHS") or ""
    for path in paths.split(os.pathsep):
        candidate = os.path.join(path, *COLLECTION + ("plugins", "modules"))
        if path and os.path.isdir(candidate):
            return candidate
    return fail("no %s in ANSIBLE_COLLECTIONS_PATH (%r)" % ("/".join(COLLECTION), paths))


def read_examples(path):
    """The EXAMPLES string of a module, read from its syntax tree: the module is never imported."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), filename=path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "EXAMPLES" for target in node.targets):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value
            fail("%s: EXAMPLES is not a plain string" % path)
    return fail("%s has no EXAMPLES" % path)


def is_play(item):
    return isinstance(item, dict) and ("hosts" in item or "import_playbook" in item)


def iter_tasks(tasks):
    """Every task of a task list, including those inside blocks."""
    for task in tasks or ():
        yield task
        for section in ("block", "rescue", "always"):
            yield from iter_tasks(task.get(section))


def tag_not_idempotent(module, plays):
    """Tag the module's listed tasks; a listed task the examples no longer have is an error, not a silent pass."""
    wanted = dict(NOT_IDEMPOTENT.get(module, {}))
    for play in plays:
        for section in ("pre_tasks", "tasks", "post_tasks", "handlers"):
            for task in iter_tasks(play.get(section)):
                if task.get("name") in wanted:
                    del wanted[task["name"]]
                    tags = task.get("tags", [])
                    task["tags"] = ([tags] if isinstance(tags, str) else list(tags)) + [NOT_IDEMPOTENT_TAG]
    if wanted:
        fail("%s: NOT_IDEMPOTENT names tasks its EXAMPLES do not have: %s" % (module, ", ".join(sorted(wanted))))


def example_playbook(module, examples):
    """The playbook that runs a module's EXAMPLES: its plays as they are, or its tasks wrapped in TASKS_PLAY."""
    try:
        content = yaml.safe_load(examples)
    except yaml.YAMLError as error:
        return fail("%s: EXAMPLES is not valid YAML: %s" % (module, error))
    if not isinstance(content, list) or not content:
        return fail("%s: EXAMPLES is not a list of plays or tasks" % module)
    if all(is_play(item) for item in content):
        plays = content
    elif any(is_play(item) for item in content):
        return fail("%s: EXAMPLES mixes plays and tasks" % module)
    else:
        plays = [dict(TASKS_PLAY, name="EXAMPLES of %s" % module, tasks=content)]
    tag_not_idempotent(module, plays)
    return plays


def write_playbooks(out_dir):
    source_dir = modules_dir()
    modules = sorted(name[:-3] for name in os.listdir(source_dir) if name.endswith(".py") and name != "__init__.py")
    unknown = set(NOT_IDEMPOTENT) - set(modules)
    if unknown:
        fail("NOT_IDEMPOTENT names modules that do not exist: %s" % ", ".join(sorted(unknown)))
    for module in modules:
        plays = example_playbook(module, read_examples(os.path.join(source_dir, module + ".py")))
        with open(os.path.join(out_dir, module + ".yml"), "w", encoding="utf-8") as handle:
            handle.write("---\n# Generated from the EXAMPLES of %s by examples.py.\n" % module)
            yaml.safe_dump(plays, handle, default_flow_style=False, sort_keys=False, width=160)
        # Every prerequisite comes from setup.yml, so the examples run in plain name order.
        print(module)


def print_environment(vars_files):
    values = {}
    for path in vars_files:
        with open(path, encoding="utf-8") as handle:
            values.update(yaml.safe_load(handle) or {})
    for variable, name in ENVIRONMENT:
        if values.get(variable) is None:
            fail("%s is not set in %s" % (variable, ", ".join(vars_files)))
        print("export %s=%s" % (name, shlex.quote(str(values[variable]))))


def main(argv):
    if len(argv) == 2 and argv[0] == "playbooks":
        write_playbooks(argv[1])
    elif len(argv) >= 2 and argv[0] == "environment":
        print_environment(argv[1:])
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
