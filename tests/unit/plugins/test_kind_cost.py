# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a kind costs in plugins/: its lines of Python that are not documentation (docstrings, the text of DOCUMENTATION,
EXAMPLES, RETURN and of the doc fragments' option docs, comments and blank lines), in its own files: the kind's
module_utils file, its modules and its doc fragment. Naming it anywhere else is generated (tests/utils/sections.py).

The public invitations are the measure of issue 19: at most 150 lines.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

from ansible_collections.scorm.cloud.plugins.module_utils._public_invitations import PUBLIC_INVITATIONS

PLUGINS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))), "plugins")


def _is_text(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def code_lines(path):
    """The lines of ``path`` that are Python other than documentation."""
    with open(path) as handle:
        source = handle.read()
    text = set()
    for node in ast.walk(ast.parse(source)):
        documented = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and documented and isinstance(
                documented[0], ast.Expr) and _is_text(documented[0].value):
            text.update(range(documented[0].lineno, documented[0].end_lineno + 1))
        if isinstance(node, (ast.Assign, ast.AugAssign)) and _is_text(node.value):
            text.update(range(node.lineno, node.end_lineno + 1))
    return [line for number, line in enumerate(source.splitlines(), 1)
            if line.strip() and not line.strip().startswith("#") and number not in text]


def kind_files(kind):
    return ([os.path.join(PLUGINS, "module_utils", "_%s.py" % kind.plural)]
            + [os.path.join(PLUGINS, "modules", module + ".py") for module in kind.modules]
            + [os.path.join(PLUGINS, "doc_fragments", kind.doc_fragment + ".py")])


def test_the_public_invitation_kind_costs_at_most_150_lines_of_code():
    cost = dict((os.path.relpath(path, PLUGINS), len(code_lines(path))) for path in kind_files(PUBLIC_INVITATIONS))
    assert sum(cost.values()) <= 150, cost


def test_documentation_is_not_counted():
    path = os.path.join(PLUGINS, "modules", "scorm_public_invitation.py")
    counted = "\n".join(code_lines(path))
    assert "DOCUMENTATION" not in counted and "short_description" not in counted and "def main():" in counted
