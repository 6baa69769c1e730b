"""make runner-test: scorm.cloud.apply and scorm.cloud.drift run through ansible-runner the way AWX runs a job.

    runner_test.py --tarball DIST/scorm-cloud-X.tar.gz --work DIR --port PORT --emulator-python PY

The collection is installed from the built tarball into the private data dir (as AWX installs a project's
collections/requirements.yml into requirements_collections/), the job template's variables go into env/extravars
and the credential is injected as AWX injects docs/examples/awx/credential_type_scorm_cloud.yml: its extra_vars
injector rendered into a 0400 file of its own under env/, passed with -e @file on the command line (env/cmdline).
The test starts its own emulator with random secret keys, runs apply (twice: the second changes nothing and writes
nothing), drift (clean, no write), drift after an out-of-band change (the job fails), and checks the job events,
status and rc of each, and that no secret key, Basic credential or token is anywhere in the artifacts. A control job
with a canary secret passed as a SCORM_CLOUD_* environment variable (env/envvars, like an AWX `env` injector) proves
that the scan finds a secret in the artifacts when one is there: ansible-runner writes it into artifacts/ID/command.
"""
import argparse
import base64
import glob
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time

import jinja2.sandbox
import requests
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = os.path.dirname(os.path.dirname(HERE))
CREDENTIAL_TYPE = os.path.join(CHECKOUT, "docs", "examples", "awx", "credential_type_scorm_cloud.yml")
BIN = os.path.dirname(sys.executable)
JOB_TIMEOUT = 300  # seconds for one job (env/settings job_timeout), and the subprocess's own bound on top
TOKEN_RE = re.compile(r"sce1\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")  # the emulator's bearer tokens
APP_ID = "awx-app"
MGMT_APP_ID = "awx-mgmt"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# What AWX accepts in a custom credential type (awx/main/fields.py, CredentialTypeInputField/InjectorField).
FIELD_KEYS = {"id", "label", "type", "help_text", "secret", "multiline", "format", "choices", "ask_at_runtime"}
INJECTOR_KINDS = {"env", "extra_vars", "file"}

STATE = {
    "scorm_applications": [{"name": "AWX managed application"}],
    "scorm_destinations": [
        {"id": "awx-acme", "name": "ACME (from an AWX job)", "tags": ["awx"]},
        {"id": "awx-globex", "name": "Globex (from an AWX job)", "tags": ["awx"]},
    ],
    "scorm_xapi_credentials": [{"id": "awx-forwarder", "name": "Forwarder", "permissions_level": "READONLY"}],
}
PROJECT_PLAYBOOKS = {
    "apply.yml": "---\n- name: Apply the account's declared state\n  ansible.builtin.import_playbook: scorm.cloud.apply\n",
    "drift.yml": "---\n- name: Report the account's drift\n  ansible.builtin.import_playbook: scorm.cloud.drift\n",
}


PASSED = []  # the stages that held, for the closing line


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(command, **kwargs):
    kwargs.setdefault("timeout", JOB_TIMEOUT + 60)
    return subprocess.run(command, check=False, capture_output=True, text=True, **kwargs)


# -- the credential type, loaded and injected as AWX does -----------------------------------------------------------

def load_credential_type():
    """The shipped credential type, checked against what AWX's API accepts for a custom type."""
    with open(CREDENTIAL_TYPE) as handle:
        ctype = yaml.safe_load(handle)
    check(ctype.get("kind") in ("cloud", "net"), "a custom credential type must be of kind cloud or net")
    inputs, injectors = ctype["inputs"], ctype["injectors"]
    check(set(inputs) <= {"fields", "required"}, "AWX refuses %s in a custom type's inputs"
          % sorted(set(inputs) - {"fields", "required"}))
    ids = [field["id"] for field in inputs["fields"]]
    check(len(ids) == len(set(ids)), "field ids must be unique")
    for field in inputs["fields"]:
        check(set(field) <= FIELD_KEYS, "AWX refuses %s in field %s" % (sorted(set(field) - FIELD_KEYS), field["id"]))
        check("label" in field and field.get("type", "string") in ("string", "boolean"), "field %s" % field["id"])
        check(re.match(r"^[a-zA-Z_]+[a-zA-Z0-9_]*$", field["id"]), "field id %s" % field["id"])
    check(set(inputs.get("required", [])) <= set(ids), "required names an unknown field")
    check(set(injectors) <= INJECTOR_KINDS, "unknown injector kinds %s" % sorted(set(injectors) - INJECTOR_KINDS))
    secret_fields = {field["id"] for field in inputs["fields"] if field.get("secret")}
    check(secret_fields == {"secret_key", "mgmt_secret_key"}, "the secret fields are %s" % sorted(secret_fields))
    env_templates = " ".join(injectors.get("env", {}).values())
    check(not any(name in env_templates for name in secret_fields),
          "an env injector puts a secret into the job's environment, which ansible-runner writes into artifacts")
    return ctype


def inject_credential(ctype, inputs, private_data_dir):
    """AWX's CredentialType.inject_credential for extra_vars: every template rendered in an immutable sandbox with
    the credential's non-empty inputs, dumped with every value !unsafe into a 0400 mkstemp file under env/, and
    `-e @file` added to the ansible-playbook arguments (returned)."""
    sandbox = jinja2.sandbox.ImmutableSandboxedEnvironment()
    namespace = dict((key, value) for key, value in inputs.items() if value)
    extra_vars = dict((name, sandbox.from_string(template).render(**namespace))
                      for name, template in ctype["injectors"]["extra_vars"].items())
    handle, path = tempfile.mkstemp(dir=os.path.join(private_data_dir, "env"))
    with os.fdopen(handle, "w") as out:
        for name, value in extra_vars.items():
            out.write("%s: !unsafe %s\n" % (name, json.dumps(value)))
    os.chmod(path, 0o400)
    return ["-e", "@%s" % path]


# -- a private data dir and one job in it ---------------------------------------------------------------------------

def private_data_dir(path, tarball, extravars, envvars=None):
    for sub in ("env", "inventory", "project"):
        os.makedirs(os.path.join(path, sub))
    collections = os.path.join(path, "requirements_collections")
    result = run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--force", "-p", collections, tarball])
    check(result.returncode == 0, "ansible-galaxy collection install failed:\n%s%s" % (result.stdout, result.stderr))
    with open(os.path.join(path, "inventory", "hosts"), "w") as out:
        out.write("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
    env = {"ANSIBLE_COLLECTIONS_PATH": collections, "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
           "ANSIBLE_LOCALHOST_WARNING": "false"}
    env.update(envvars or {})
    files = {"env/envvars": env, "env/extravars": extravars,
             "env/settings": {"job_timeout": JOB_TIMEOUT, "idle_timeout": JOB_TIMEOUT}}
    for name, data in files.items():
        with open(os.path.join(path, name), "w") as out:
            yaml.safe_dump(data, out)
    for name, text in PROJECT_PLAYBOOKS.items():
        with open(os.path.join(path, "project", name), "w") as out:
            out.write(text)
    return collections


def runner_env():
    """The job's process environment: nothing of the caller's SCORM_CLOUD_* or ANSIBLE_* settings."""
    env = dict((key, value) for key, value in os.environ.items() if not key.startswith(("SCORM_CLOUD_", "ANSIBLE_")))
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    return env


def job(pdd, ident, playbook, cmdline=None):
    """ansible-runner run; returns (rc, status, stats event data, events, output)."""
    command = [os.path.join(BIN, "ansible-runner"), "run", pdd, "-p", playbook, "--ident", ident]
    if cmdline:
        command += ["--cmdline", " ".join(cmdline)]
    started = time.monotonic()
    result = run(command, env=runner_env())
    artifacts = os.path.join(pdd, "artifacts", ident)
    with open(os.path.join(artifacts, "status")) as handle:
        status = handle.read().strip()
    with open(os.path.join(artifacts, "rc")) as handle:
        rc = int(handle.read().strip())
    events = []
    for name in glob.glob(os.path.join(artifacts, "job_events", "*.json")):
        with open(name) as handle:
            events.append(json.load(handle))
    events.sort(key=lambda event: event["counter"])
    stats = [event["event_data"] for event in events if event["event"] == "playbook_on_stats"]
    check(len(stats) == 1, "%s: %d playbook_on_stats events" % (ident, len(stats)))
    print("  job %-14s %-10s rc=%d  %3d events  %.1fs" % (ident, status, rc, len(events), time.monotonic() - started))
    check(result.returncode == rc, "%s: ansible-runner exited %d, its rc artifact says %d" % (ident, result.returncode, rc))
    return rc, status, stats[0], events, result.stdout + result.stderr


def expect_success(outcome, ident):
    rc, status, stats, _events, output = outcome
    check(rc == 0 and status == "successful" and not stats["failures"] and not stats["dark"],
          "%s: expected a successful job, got %s rc=%d failures=%s\n%s"
          % (ident, status, rc, stats["failures"], output[-4000:]))


def changed(stats):
    return sum(stats["changed"].values())


# -- the emulator ---------------------------------------------------------------------------------------------------

class Emulator:
    """A fresh emulator of its own, seeded with this run's secret keys; ready within 30 s, stopped within 10 s."""

    def __init__(self, python, port, log_path, secret_key, mgmt_secret_key):
        self.command = [os.path.join(os.path.dirname(python), "scorm-cloud-emulator"), "--host", "127.0.0.1",
                        "--port", str(port), "--app-id", APP_ID, "--secret-key", secret_key,
                        "--mgmt-app-id", MGMT_APP_ID, "--mgmt-secret-key", mgmt_secret_key]
        self.base = "http://127.0.0.1:%d" % port
        self.log_path = log_path
        self.auth = (APP_ID, secret_key)
        self.process = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            check(self.process.poll() is None, "the emulator exited early; see %s" % self.log_path)
            try:
                if requests.get(self.base + "/__emulator/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise Failure("the emulator was not ready within 30 s; see %s" % self.log_path)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def writes(self):
        log = requests.get(self.base + "/__emulator/requests", timeout=10).json()["requests"]
        return [(entry["method"], entry["path"]) for entry in log
                if entry["method"] in WRITE_METHODS and not entry["path"].endswith("/token")]  # minting a token

    def auth_schemes(self):
        log = requests.get(self.base + "/__emulator/requests", timeout=10).json()["requests"]
        return set(entry["auth"] for entry in log if "/token" not in entry["path"])

    def clear_log(self):
        requests.delete(self.base + "/__emulator/requests", timeout=10).raise_for_status()

    def destination_ids(self):
        response = requests.get(self.base + "/api/v2/dispatch/destinations", auth=self.auth, timeout=10)
        response.raise_for_status()
        return sorted(item["id"] for item in response.json()["destinations"])

    def delete_destination(self, destination_id):
        response = requests.delete(self.base + "/api/v2/dispatch/destinations/" + destination_id, auth=self.auth,
                                   timeout=10)
        response.raise_for_status()


# -- the secrets scan -----------------------------------------------------------------------------------------------

def secret_patterns(values):
    """Each secret as it is, and inside an HTTP Basic header."""
    patterns = dict((value, name) for name, value in values.items())
    for app_id, name in ((APP_ID, "secret_key"), (MGMT_APP_ID, "mgmt_secret_key")):
        if name in values:
            basic = base64.b64encode(("%s:%s" % (app_id, values[name])).encode()).decode()
            patterns[basic] = name + " (Basic header)"
    return patterns


def leaks(root, values):
    """[(file, what)] for every file under root holding a secret or a bearer token."""
    found = []
    patterns = secret_patterns(values)
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8", "replace")
            found += [(os.path.relpath(path, root), what) for value, what in patterns.items() if value in text]
            found += [(os.path.relpath(path, root), "a bearer token") for _match in TOKEN_RE.finditer(text)][:1]
    return sorted(set(found))


# -- the test -------------------------------------------------------------------------------------------------------

def control_job(work, tarball):
    """A secret passed as an environment variable lands in artifacts/ID/command: the scan must see it."""
    canary = "canary-" + secrets.token_hex(16)
    pdd = os.path.join(work, "control")
    private_data_dir(pdd, tarball, {"scorm_destinations": []}, envvars={"SCORM_CLOUD_SECRET_KEY": canary})
    with open(os.path.join(pdd, "project", "noop.yml"), "w") as out:
        out.write("---\n- name: Nothing\n  hosts: localhost\n  gather_facts: false\n  tasks:\n"
                  "    - name: Say so\n      ansible.builtin.debug:\n        msg: nothing\n")
    expect_success(job(pdd, "env-injector", "noop.yml"), "env-injector")
    found = leaks(os.path.join(pdd, "artifacts"), {"secret_key": canary})
    check(("env-injector/command", "secret_key") in found,
          "control: a secret in env/envvars was expected in artifacts/env-injector/command; the scan found %s" % found)
    PASSED.append("control")
    print("  control: a SCORM_CLOUD_SECRET_KEY from env/envvars is found in %s" % ", ".join(f for f, _w in found))


def awx_jobs(work, tarball, emulator, values):
    ctype = load_credential_type()
    pdd = os.path.join(work, "pdd")
    reports = os.path.join(work, "reports")
    os.makedirs(reports)
    state = dict(STATE, scorm_drift_report_dir=reports)
    state["scorm_xapi_credentials"] = [dict(item, secret=values["xapi_secret"])
                                       for item in STATE["scorm_xapi_credentials"]]
    collections = private_data_dir(pdd, tarball, state)
    cmdline = inject_credential(ctype, {"api_url": emulator.base + "/api/v2", "app_id": APP_ID,
                                        "secret_key": values["secret_key"], "mgmt_app_id": MGMT_APP_ID,
                                        "mgmt_secret_key": values["mgmt_secret_key"]}, pdd)

    outcome = job(pdd, "apply", "apply.yml", cmdline)
    expect_success(outcome, "apply")
    check(changed(outcome[2]) > 0, "apply: nothing changed on a fresh account")
    check(emulator.destination_ids() == ["awx-acme", "awx-globex"], "apply: destinations %s" % emulator.destination_ids())
    role_tasks = [event["event_data"].get("task_path", "") for event in outcome[3] if event["event"] == "runner_on_ok"]
    check(role_tasks and all(path.startswith(collections) for path in role_tasks if "/scorm/cloud/" in path)
          and any("/scorm/cloud/roles/account/" in path for path in role_tasks),
          "apply: the role's tasks did not run from the installed copy: %s" % role_tasks[:3])
    PASSED.append("apply")

    emulator.clear_log()
    outcome = job(pdd, "apply-again", "apply.yml", cmdline + ["-vvv"])  # a job template's verbosity 3 (Debug)
    expect_success(outcome, "apply-again")
    check(changed(outcome[2]) == 0, "apply-again: %d tasks changed" % changed(outcome[2]))
    check(not emulator.writes(), "apply-again wrote: %s" % emulator.writes())
    PASSED.append("apply-again")

    emulator.clear_log()
    outcome = job(pdd, "drift", "drift.yml", cmdline)
    expect_success(outcome, "drift")
    check(not emulator.writes(), "drift wrote: %s" % emulator.writes())
    check(emulator.auth_schemes() == {"OAUTH"}, "drift authenticated with %s, not read-only tokens only"
          % emulator.auth_schemes())
    with open(os.path.join(reports, "drift.json")) as handle:
        check(json.load(handle)["summary"]["drifted"] == 0, "drift: the report shows drift after an apply")
    PASSED.append("drift")

    emulator.delete_destination("awx-globex")
    emulator.clear_log()
    rc, status, stats, _events, _output = job(pdd, "drift-changed", "drift.yml", cmdline)
    check(status == "failed" and rc != 0 and stats["failures"], "drift-changed: the job did not fail on drift")
    check(not emulator.writes(), "drift-changed wrote: %s" % emulator.writes())
    with open(os.path.join(reports, "drift.json")) as handle:
        summary = json.load(handle)["summary"]
    check(summary["drifted"] == 1 and summary["missing"] == 1, "drift-changed: the report says %s" % summary)
    PASSED.append("drift-changed")

    for root in (os.path.join(pdd, "artifacts"), reports):
        found = leaks(root, values)
        check(not found, "secrets in %s: %s" % (root, found))
    artifacts = sorted(os.path.relpath(p, pdd) for p in glob.glob(os.path.join(pdd, "artifacts", "*", "*")))
    print("  no secret key, Basic credential or token in %d artifact entries (%s) or the drift reports"
          % (len(artifacts), ", ".join(sorted(set(os.path.basename(p) for p in artifacts)))))
    with open(os.path.join(pdd, "artifacts", "apply", "command")) as handle:
        command = json.load(handle)
    check(cmdline[1] in command["command"], "the credential file was not on the command line")
    check(not any(key.startswith("SCORM_CLOUD_") for key in command["env"]), "SCORM_CLOUD_* in the job environment")
    PASSED.append("secrets")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--emulator-python", required=True)
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    values = {"secret_key": "app-" + secrets.token_hex(16), "mgmt_secret_key": "mgmt-" + secrets.token_hex(16),
              "xapi_secret": "xapi-" + secrets.token_hex(16)}
    emulator = Emulator(args.emulator_python, args.port, os.path.join(args.work, "emulator.log"), values["secret_key"],
                        values["mgmt_secret_key"])
    started = time.monotonic()
    try:
        control_job(args.work, os.path.abspath(args.tarball))
        emulator.start()
        awx_jobs(args.work, os.path.abspath(args.tarball), emulator, values)
    except Failure as exc:
        print("runner-test FAILED: %s" % exc)
        print("%d passed, 1 failed" % len(PASSED))
        print("(private data dirs kept in %s)" % args.work)
        return 1
    finally:
        emulator.stop()
    print("runner-test (%.0fs):" % (time.monotonic() - started))
    print("%d passed, 0 failed" % len(PASSED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
