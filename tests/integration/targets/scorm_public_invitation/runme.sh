#!/usr/bin/env bash
# scorm_public_invitation and scorm_public_invitations end to end (invitation.yml), run with -vvv and diff mode so
# that every value the modules receive and return is in the output; then no postback password may appear in it.
set -eu -o pipefail
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_ROLES_PATH=..

config=../../integration_config.yml
test -f "${config}" || { echo "${config} is missing; run the targets through 'make integration'" >&2; exit 1; }

ansible-playbook invitation.yml -vvv --diff "$@" -e "@${config}" | tee "${OUTPUT_DIR}/invitation.log"

echo "== no postback password reached the output"
if grep -c -- invitation-postback-not-a-real-secret "${OUTPUT_DIR}/invitation.log"; then
  echo "A postback password is in the output above." >&2
  exit 1
fi
