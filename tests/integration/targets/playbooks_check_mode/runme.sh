#!/usr/bin/env bash
# Check mode of every shipped playbook: scorm.cloud.apply (with docs/examples/demo-account.yml), course, demo, drift,
# export, provision_environment and xapi_forwarding, run with --check --diff
#   1. on an empty account: an application the target creates (setup_scorm_application/create.yml); each run
#      succeeds and, on the emulator, no write request reaches the service;
#   2. after applying them for real: each check run succeeds with changed=0 (drift reports no drift) and sends
#      no write request;
#   3. no secret the target uses appears in any output (checked on exit, after the cleanup).
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
ANSIBLE_ROLES_PATH=$(cd .. && pwd)
export ANSIBLE_ROLES_PATH

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
helpers=../setup_scorm_application
common=("$@" -e "@${config}")
prefix=$("${python}" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["scorm_resource_prefix"])' "${config}")
account="${prefix}-check-mode"
environment_name="${prefix}-check-mode-env"
names="{\"application_names\": [\"${account}\", \"${environment_name}\"]}"
recap_unchanged='localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0'
recap_ok='localhost +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0'

work=$(mktemp -d)
cleanup() {
  local status=$?
  echo "== cleanup"
  ansible-playbook "${helpers}/remove.yml" "${common[@]}" -e "${names}" >"${OUTPUT_DIR}/cleanup.log" 2>&1 || {
    cat "${OUTPUT_DIR}/cleanup.log"; status=1; }
  echo "== no secret of the target reached the output"
  shopt -s nullglob
  if [[ -s ${work}/secrets.txt ]] && grep -l -F -f "${work}/secrets.txt" "${OUTPUT_DIR}"/*.log "${work}"/reports/* \
      "${work}"/export.yml; then
    echo "The files above show a secret the target used." >&2
    status=1
  fi
  rm -rf "${work}"
  exit "${status}"
}
ansible-playbook "${helpers}/remove.yml" "${common[@]}" -e "${names}" >/dev/null
trap cleanup EXIT

secret() { "${python}" -c 'import secrets; print(secrets.token_urlsafe(24))'; }
XAPI_FORWARDER_SECRET=$(secret)
REMOTE_LRS_PASSWORD=$(secret)
export XAPI_FORWARDER_SECRET REMOTE_LRS_PASSWORD
printf '%s\n%s\n' "${XAPI_FORWARDER_SECRET}" "${REMOTE_LRS_PASSWORD}" >"${work}/secrets.txt"
ansible-playbook "${helpers}/create.yml" "${common[@]}" -e "application_name=${account}" \
  -e "env_file=${work}/connection.sh" -e "vars_file=${work}/connection.yml" -e "secrets_file=${work}/secrets.txt" \
  >"${OUTPUT_DIR}/create.log"
# shellcheck disable=SC1091
source "${work}/connection.sh"
# The playbooks that take scorm_app_id/scorm_secret_key (apply, drift, export) use the target's application too.
common+=(-e "@${work}/connection.yml")
mkdir "${work}/reports"
# The example state file, from the collection under test (ansible-test runs this script from a copy of the target).
examples=$(ansible-galaxy collection list scorm.cloud --format json 2>/dev/null | "${python}" -c '
import json, sys
print(next(path for path, found in json.load(sys.stdin).items() if "scorm.cloud" in found))')/scorm/cloud/docs/examples

# Each shipped playbook with the arguments it needs here (the drift role's reports go to the private directory).
declare -A extra=(
  [apply]="-e @${examples}/demo-account.yml"
  [drift]="-e @${examples}/demo-account.yml -e scorm_drift_report_dir=${work}/reports"
  [export]="-e scorm_export_file=${work}/export.yml"
  [provision_environment]="-e environment_name=${environment_name}"
)
playbooks=(apply course demo drift export provision_environment xapi_forwarding)

# run NAME PLAYBOOK ARGS...: ansible-playbook scorm.cloud.PLAYBOOK, output also in ${OUTPUT_DIR}/NAME.log.
run() {
  local name=$1 playbook=$2
  shift 2
  echo "== ${name}"
  local args
  read -r -a args <<<"${extra[${playbook}]:-}"
  ansible-playbook "scorm.cloud.${playbook}" "${common[@]}" "${args[@]}" "$@" 2>&1 | tee "${OUTPUT_DIR}/${name}.log"
}
expect() {
  local name=$1 pattern=$2 why=$3
  grep -Eq "${pattern}" "${OUTPUT_DIR}/${name}.log" || { echo "${name}: ${why} (see above)." >&2; return 1; }
}
log() { ansible-playbook "${helpers}/log.yml" "${common[@]}" -e "log_action=$1" >"${OUTPUT_DIR}/log-$1.log" 2>&1 || {
  cat "${OUTPUT_DIR}/log-$1.log"; return 1; }; }

echo "=== 1. check mode on an empty account"
log clear
for playbook in "${playbooks[@]}"; do
  if [[ ${playbook} == drift ]]; then
    # Everything the state file declares is missing: reported, and with scorm_drift_fail=false not a failure.
    run "empty-${playbook}" "${playbook}" --check --diff -e scorm_drift_fail=false
    "${python}" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["summary"]["missing"] < 8)' \
      "${work}/reports/drift.json" || { echo "drift: the 8 missing objects are not all reported" >&2; exit 1; }
  else
    run "empty-${playbook}" "${playbook}" --check --diff
  fi
  expect "empty-${playbook}" "${recap_ok}" "the check run failed on an empty account"
done
log no_writes
test ! -e "${work}/export.yml" || { echo "export: a check run wrote the export file" >&2; exit 1; }

echo "=== 2. apply them"
for playbook in demo course xapi_forwarding provision_environment export; do
  run "apply-${playbook}" "${playbook}"
  expect "apply-${playbook}" "${recap_ok}" "the run failed"
done

echo "=== 3. check mode on the applied account: nothing to change, nothing written"
log clear
for playbook in "${playbooks[@]}"; do
  if [[ ${playbook} == drift ]]; then
    # Against the export of the applied account (what course.yml and xapi_forwarding.yml added included): no drift,
    # so the play passes with the default scorm_drift_fail=true.
    run "applied-${playbook}" "${playbook}" --check --diff -e "@${work}/export.yml"
    expect "applied-${playbook}" "${recap_ok}" "the drift check found drift after an apply"
  else
    run "applied-${playbook}" "${playbook}" --check --diff
    expect "applied-${playbook}" "${recap_unchanged}" "a check run after the apply reports a change"
  fi
done
log no_writes
