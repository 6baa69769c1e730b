#!/usr/bin/env bash
# scorm_dispatch end to end (dispatch.yml), run with -vvv and diff mode so that every value the module receives and
# returns is in the output; then no postback password may appear in it.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_ROLES_PATH=..

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }

ansible-playbook dispatch.yml -vvv --diff "$@" -e "@${config}" -e "package_dir=${OUTPUT_DIR}" | tee "${OUTPUT_DIR}/dispatch.log"

echo "== no postback password reached the output"
if grep -c -- postback-not-a-real-secret "${OUTPUT_DIR}/dispatch.log"; then
  echo "A postback password is in the output above." >&2
  exit 1
fi
