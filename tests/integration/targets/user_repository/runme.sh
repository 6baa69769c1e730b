#!/usr/bin/env bash
# The collection as a user meets it: their own repository (a temporary directory outside the collection) holding a
# state file and a course package, and the README's commands run from there, copied exactly:
#   1. apply and apply again (changed=0), with a relative course src (packages/onboarding-101.zip);
#   2. the drift check with -e scorm_drift_report_dir=reports: the reports land in ./reports, every message names
#      them by absolute path, and drift.json names the state file it checked;
#   3. the export with -e scorm_export_file=state.yml: it lands in ./state.yml, and the play says so;
#   4. a drift check in a play of the user's own whose connection is given only by module_defaults: it writes its
#      reports and holds read-only tokens only (no request but the token requests carries the credentials);
#   5. a misspelled section, a state that declares none, and a dispatch whose course exists nowhere: each fails with
#      one sentence, and sends no request (the dispatch: no write).
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
ANSIBLE_ROLES_PATH=$(cd .. && pwd)
export ANSIBLE_ROLES_PATH

target=$(pwd)
config=${target}/../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
helpers=${target}/../setup_scorm_application
common=("$@" -e "@${config}")
prefix=$("${python}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["scorm_resource_prefix"])' "${config}")
emulator=$("${python}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1])).get("scorm_emulator_url") or "")' "${config}")
account="${prefix}-user-repo"
names="{\"application_names\": [\"${account}\"]}"

repo=$(mktemp -d)
cleanup() {
  local status=$?
  echo "== cleanup"
  cd "${target}"
  ansible-playbook "${helpers}/remove.yml" "${common[@]}" -e "${names}" >"${OUTPUT_DIR}/cleanup.log" 2>&1 || {
    cat "${OUTPUT_DIR}/cleanup.log"; status=1; }
  if [[ -s ${repo}/secrets.txt ]] && grep -l -F -f "${repo}/secrets.txt" "${OUTPUT_DIR}"/*.log "${repo}"/reports/*; then
    echo "The files above show a secret the target used." >&2
    status=1
  fi
  rm -rf "${repo}"
  exit "${status}"
}
ansible-playbook "${helpers}/remove.yml" "${common[@]}" -e "${names}" >/dev/null
trap cleanup EXIT
ansible-playbook "${helpers}/create.yml" "${common[@]}" -e "application_name=${account}" \
  -e "env_file=${repo}/connection.sh" -e "vars_file=${repo}/connection.yml" -e "secrets_file=${repo}/secrets.txt" \
  >"${OUTPUT_DIR}/create.log"

# The user's repository: a state file naming its package relatively, the package, and the connection in SCORM_CLOUD_*.
mkdir -p "${repo}/state" "${repo}/packages"
cp "${target}/files/tiny-scorm12.zip" "${repo}/packages/onboarding-101.zip"
cat >"${repo}/state/prod.yml" <<STATE
scorm_destinations:
  - id: acme-lms
    name: ACME Corporation LMS
    tags: [customer, emea]
scorm_courses:
  - id: onboarding-101
    src: packages/onboarding-101.zip
    title: Onboarding 101
scorm_dispatches:
  - id: acme-onboarding
    destination: acme-lms
    course: onboarding-101
STATE
cd "${repo}"
# shellcheck disable=SC1091
source connection.sh

# run NAME COMMAND...: the command, as typed in the user's repository, its output also in ${OUTPUT_DIR}/NAME.log; its
# status.
run() {
  local name=$1
  shift
  echo "== ${name}"
  "$@" 2>&1 | tee "${OUTPUT_DIR}/${name}.log"
}
expect() {
  local name=$1 text=$2
  grep -Fq -- "${text}" "${OUTPUT_DIR}/${name}.log" || { echo "${name}: '${text}' is not in its output." >&2; exit 1; }
}
requests() { [[ -z ${emulator} ]] || "${python}" -c '
import json, sys, urllib.request
if sys.argv[2] == "clear":
    urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/__emulator/requests", method="DELETE")).close()
    sys.exit(0)
log = json.load(urllib.request.urlopen(sys.argv[1] + "/__emulator/requests"))["requests"]
tokens = [r for r in log if r["path"].endswith("/token")]
others = [r for r in log if not r["path"].endswith("/token")]
if sys.argv[2] == "none" and log:
    sys.exit("requests were sent: %s" % log)
if sys.argv[2] == "no-writes" and [r for r in others if r["method"] != "GET"]:
    sys.exit("writes were sent: %s" % others)
if sys.argv[2] == "read-only-tokens" and (not tokens or [r for r in others if r["method"] != "GET" or r["auth"] != "OAUTH"]):
    sys.exit("the drift check did not hold read-only tokens only: %s" % log)
' "${emulator}" "$1"; }

echo "=== 1. apply, from the user's repository, with a relative src"
run apply ansible-playbook scorm.cloud.apply -e @state/prod.yml
grep -Eq 'changed=[1-9]' "${OUTPUT_DIR}/apply.log"
run apply-again ansible-playbook scorm.cloud.apply -e @state/prod.yml
grep -Eq 'changed=0 .*failed=0' "${OUTPUT_DIR}/apply-again.log"
run apply-check ansible-playbook scorm.cloud.apply -e @state/prod.yml --check --diff
grep -Eq 'changed=0 .*failed=0' "${OUTPUT_DIR}/apply-check.log"

echo "=== 2. the drift check, its reports in ./reports"
run drift ansible-playbook scorm.cloud.drift -e @state/prod.yml -e scorm_drift_report_dir=reports
for report in drift.md drift.json drift-junit.xml; do
  test -s "${repo}/reports/${report}" || { echo "drift: ${repo}/reports/${report} was not written." >&2; exit 1; }
done
expect drift "Reports: ${repo}/reports/drift.md, ${repo}/reports/drift.json, ${repo}/reports/drift-junit.xml."
"${python}" - "${repo}" <<'PY'
import json, sys
repo = sys.argv[1]
run = json.load(open(repo + "/reports/drift.json"))["run"]
assert run["state_files"] == [repo + "/state/prod.yml"], run
assert run["reports"][0] == repo + "/reports/drift.md", run
assert run["checked_at"] and run["collection_version"] and run["api_url"] and run["app_id"], run
head = open(repo + "/reports/drift.md").read().splitlines()
assert head[0] == "# SCORM Cloud drift: none", head[:3]
assert head[2].startswith("Checked ") and (repo + "/state/prod.yml") in head[2], head[:3]
PY

echo "=== 3. the export, in ./state.yml"
run export ansible-playbook scorm.cloud.export -e scorm_export_file=state.yml
test -s "${repo}/state.yml" || { echo "export: ${repo}/state.yml was not written." >&2; exit 1; }
expect export "The export of the account is in ${repo}/state.yml."
grep -q "^scorm_destinations:" "${repo}/state.yml"

echo "=== 4. a drift check in the user's own play, the connection by module_defaults only"
cat >drift-play.yml <<'PLAY'
- name: Nightly drift check
  hosts: localhost
  connection: local
  gather_facts: false
  module_defaults:
    group/scorm.cloud.all:
      api_url: "{{ lookup('ansible.builtin.env', 'REPO_API_URL') }}"
      app_id: "{{ lookup('ansible.builtin.env', 'REPO_APP_ID') }}"
      secret_key: "{{ lookup('ansible.builtin.env', 'REPO_SECRET_KEY') }}"
  roles:
    - role: scorm.cloud.drift
      vars:
        scorm_drift_report_dir: nightly
PLAY
requests clear
REPO_API_URL=${SCORM_CLOUD_API_URL} REPO_APP_ID=${SCORM_CLOUD_APP_ID} REPO_SECRET_KEY=${SCORM_CLOUD_SECRET_KEY} \
  env -u SCORM_CLOUD_API_URL -u SCORM_CLOUD_APP_ID -u SCORM_CLOUD_SECRET_KEY -u SCORM_CLOUD_MGMT_APP_ID \
  -u SCORM_CLOUD_MGMT_SECRET_KEY ansible-playbook drift-play.yml -e @state/prod.yml 2>&1 \
  | tee "${OUTPUT_DIR}/drift-module-defaults.log"
grep -Eq 'failed=0' "${OUTPUT_DIR}/drift-module-defaults.log"
test -s "${repo}/nightly/drift.json" || { echo "drift-module-defaults: no report in ${repo}/nightly." >&2; exit 1; }
requests read-only-tokens

echo "=== 5. what would be ignored silently fails in one sentence, before any request"
printf 'scorm_destination:\n  - id: typo-lms\n    name: Typo LMS\n' >state/typo.yml
printf -- '---\n{}\n' >state/empty.yml
for playbook in apply drift; do
  requests clear
  if run "typo-${playbook}" ansible-playbook "scorm.cloud.${playbook}" -e @state/typo.yml; then
    echo "typo-${playbook}: a misspelled section passed." >&2
    exit 1
  fi
  expect "typo-${playbook}" "scorm_destination is not a section of the state; did you mean scorm_destinations?"
  requests none
  if run "empty-${playbook}" ansible-playbook "scorm.cloud.${playbook}" -e @state/empty.yml; then
    echo "empty-${playbook}: a state with no section passed." >&2
    exit 1
  fi
  expect "empty-${playbook}" "The state declares no section"
  requests none
done
cat >state/missing-course.yml <<'STATE'
scorm_dispatches:
  - id: orphan-dispatch
    destination: acme-lms
    course: no-such-course
STATE
requests clear
if run missing-course ansible-playbook scorm.cloud.apply -e @state/missing-course.yml; then
  echo "missing-course: a dispatch of a course that exists nowhere passed." >&2
  exit 1
fi
expect missing-course "Course no-such-course does not exist, so dispatch orphan-dispatch cannot be created"
requests no-writes
