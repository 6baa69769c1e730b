#!/usr/bin/env bash
# The bad-input matrix (cases.yml, run by bad_input.yml through tasks/case.yml): every module, the list path and the
# roles, each case a clean one-sentence failure with no write request in the emulator's log. For the HTTPS cases this
# script starts an emulator of its own that serves TLS with a certificate made for this run (tests/utils/emulator_ctl.py
# --tls); it needs the emulator package (tests/emulator), so against the real service those cases are left out.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
# The case runner passes each case's arguments as a templated args dict; with fact injection off Ansible does not warn
# about that (the cases are this target's own data, not facts).
export ANSIBLE_INJECT_FACT_VARS=false
ANSIBLE_ROLES_PATH=$(cd .. && pwd)
export ANSIBLE_ROLES_PATH

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
python=${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}
work=$(mktemp -d)
tls_state="${work}/tls-emulator"
ctl=$(cd ../../.. && pwd)/utils/emulator_ctl.py

cleanup() {
  local status=$?
  if [[ -f ${tls_state}/emulator.pid ]]; then
    "${python}" "${ctl}" stop --state-dir "${tls_state}" || status=1
  fi
  rm -rf "${work}"
  exit "${status}"
}
trap cleanup EXIT

free_port() { "${python}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# A port nothing listens on: bound once to find a free one, then released.
closed_port=$(free_port)
tls_api_url="" tls_emulator_url="" tls_ca=""
if grep -Eq '^scorm_emulator_url: *"?http' "${config}" && "${python}" -c 'import scorm_cloud_emulator' 2>/dev/null \
    && [[ -f ${ctl} ]]; then
  tls_port=$(free_port)
  "${python}" "${ctl}" start --tls --port "${tls_port}" --state-dir "${tls_state}"
  tls_emulator_url="https://127.0.0.1:${tls_port}"
  tls_api_url="${tls_emulator_url}/api/v2"
  tls_ca="${tls_state}/tls-ca.pem"
fi

ansible-playbook bad_input.yml "$@" -e "@${config}" -e "work_dir=${work}" -e "closed_port=${closed_port}" \
  -e "tls_api_url=${tls_api_url}" -e "tls_emulator_url=${tls_emulator_url}" -e "tls_ca=${tls_ca}"
