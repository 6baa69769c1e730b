#!/usr/bin/env bash
# The end-to-end example: the collection's playbooks/provision_environment.yml, run as the collection playbook
# scorm.cloud.provision_environment against the service that integration_config.yml describes (ansible-test copies
# it two levels above this target's directory). The first run provisions a new environment, the second must change
# nothing; verify.yml then checks what was built, and cleanup.yml removes it whatever happened.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }
environment=(-e "@${config}" -e 'environment_name={{ scorm_resource_prefix }}-provisioned')

ansible-playbook cleanup.yml "$@" "${environment[@]}"
trap 'ansible-playbook cleanup.yml "$@" "${environment[@]}"' EXIT

echo "== first run: provisions the environment"
ansible-playbook scorm.cloud.provision_environment "$@" "${environment[@]}" | tee "${OUTPUT_DIR}/first-run.log"
grep -Eq 'localhost +: ok=[0-9]+ +changed=[1-9][0-9]* +unreachable=0 +failed=0' "${OUTPUT_DIR}/first-run.log"

echo "== second run: nothing left to change"
ansible-playbook scorm.cloud.provision_environment "$@" "${environment[@]}" | tee "${OUTPUT_DIR}/second-run.log"
grep -Eq 'localhost +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' "${OUTPUT_DIR}/second-run.log"

ansible-playbook verify.yml "$@" "${environment[@]}" -e "run_logs_dir=${OUTPUT_DIR}"
