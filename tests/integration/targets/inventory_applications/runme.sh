#!/usr/bin/env bash
# The inventory plugin scorm.cloud.applications against the service that integration_config.yml describes: a
# realm.scorm.yml in a directory of the user's own, the credentials in SCORM_CLOUD_MGMT_*, as the README says.
#   1. ansible-inventory --list: the target's applications are hosts (the sandbox left out, two of the same name told
#      apart by id), with keyed groups, groups and compose; the App Management application is not a host (check.yml);
#   2. the cache holds no secret, and a second listing is read from it (no request to the service);
#   3. an ad-hoc task runs once per application, on the controller;
#   4. wrong credentials fail the inventory in one sentence, without the secret.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false

target=$(pwd)
config=${target}/../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
helpers=${target}/../setup_scorm_application
common=("$@" -e "@${config}")
setting() {
  "${python}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1])).get(sys.argv[2]) or "")' "${config}" "$1"
}
prefix="$(setting scorm_resource_prefix)-inv"
emulator=$(setting scorm_emulator_url)
names="[\"${prefix}-acme-staging\", \"${prefix}-acme-prod\", \"${prefix}-globex-prod\", \"${prefix}-sandbox\"]"

repo=$(mktemp -d)
cleanup() {
  local status=$?
  echo "== cleanup"
  cd "${target}"
  ansible-playbook "${helpers}/remove.yml" "${common[@]}" -e "{\"application_names\": ${names}}" \
    >"${OUTPUT_DIR}/cleanup.log" 2>&1 || { cat "${OUTPUT_DIR}/cleanup.log"; status=1; }
  rm -rf "${repo}"
  exit "${status}"
}
ansible-playbook "${helpers}/remove.yml" "${common[@]}" -e "{\"application_names\": ${names}}" >/dev/null
trap cleanup EXIT
ansible-playbook setup.yml "${common[@]}" -e "{\"names\": ${names}}"

export SCORM_CLOUD_MGMT_APP_ID SCORM_CLOUD_MGMT_SECRET_KEY
SCORM_CLOUD_MGMT_APP_ID=$(setting scorm_mgmt_app_id)
SCORM_CLOUD_MGMT_SECRET_KEY=$(setting scorm_mgmt_secret_key)
cd "${repo}"
cat >realm.scorm.yml <<CONFIG
plugin: scorm.cloud.applications
api_url: $(setting scorm_api_url)
include_names: ["${prefix}-*"]
exclude_names: ["*-sandbox"]
keyed_groups:
  - key: scorm_application_name.split('-')[-2]
    prefix: customer
groups:
  production: scorm_application_name is search('-prod\$')
compose:
  scorm_state_file: "'state/' ~ scorm_application_name ~ '.yml'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ${repo}/cache
CONFIG

echo "== 1. the inventory"
ansible-inventory -i realm.scorm.yml --list --output "${repo}/inventory.json" "$@" 2>&1 | tee "${OUTPUT_DIR}/inventory.log"
ansible-playbook -i realm.scorm.yml "${target}/check.yml" "$@" -e "prefix=${prefix}" \
  -e "scorm_mgmt_app_id=${SCORM_CLOUD_MGMT_APP_ID}"

echo "== 2. the cache holds no secret, and is read instead of the service"
test -n "$(ls "${repo}/cache")"
if grep -r -l -F -- "${SCORM_CLOUD_MGMT_SECRET_KEY}" "${repo}/cache" "${repo}/inventory.json"; then
  echo "The files above hold the App Management secret key." >&2
  exit 1
fi
if [[ -n ${emulator} ]]; then
  curl -sf -X DELETE "${emulator}/__emulator/requests" >/dev/null
  ansible-inventory -i realm.scorm.yml --list --output "${repo}/cached.json" "$@"
  cmp "${repo}/inventory.json" "${repo}/cached.json"
  requests=$(curl -sf "${emulator}/__emulator/requests" | "${python}" -c 'import json, sys; print(len(json.load(sys.stdin)["requests"]))')
  [[ ${requests} == 0 ]] || { echo "The cached inventory sent ${requests} request(s)." >&2; exit 1; }
fi

echo "== 3. a task per application, on the controller"
ansible -i realm.scorm.yml "${prefix}-*" -m ansible.builtin.debug -a "msg={{ scorm_app_id }}" "$@" \
  | tee "${OUTPUT_DIR}/adhoc.log"
[[ $(grep -c '"msg": "' "${OUTPUT_DIR}/adhoc.log") == 4 ]] || { echo "Not one task per application." >&2; exit 1; }

echo "== 4. wrong credentials: one sentence, no secret"
rm -rf "${repo}/cache"  # (ansible-inventory of ansible-core 2.16 has no --flush-cache)
if SCORM_CLOUD_MGMT_SECRET_KEY=not-the-secret-key-1 ANSIBLE_INVENTORY_UNPARSED_FAILED=true \
    ansible-inventory -i realm.scorm.yml --list >"${OUTPUT_DIR}/wrong.log" 2>&1; then
  echo "The inventory was parsed with wrong credentials." >&2
  exit 1
fi
cat "${OUTPUT_DIR}/wrong.log"
# (Older ansible-core wraps warnings over several lines, so the log is read as one line.)
tr -s '\n ' ' ' <"${OUTPUT_DIR}/wrong.log" | grep -q "scorm.cloud.applications could not list the applications: .*401"
if grep -F -q not-the-secret-key-1 "${OUTPUT_DIR}/wrong.log"; then echo "The secret is in the message." >&2; exit 1; fi
