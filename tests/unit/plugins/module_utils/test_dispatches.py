# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A dispatch's expiration date compares as an instant, whatever way it is written."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.scorm.cloud.plugins.module_utils.dispatches import expiration
from ansible_collections.scorm.cloud.plugins.module_utils.reconcile import DesiredStateError


@pytest.mark.parametrize("written, canonical", [
    ("2027-12-31", "2027-12-31T00:00:00.000Z"),
    ("2027-12-31T23:59:59Z", "2027-12-31T23:59:59.000Z"),
    ("2027-12-31T23:59:59.5", "2027-12-31T23:59:59.500Z"),
    ("2027-12-31T23:59:59.123456+00:00", "2027-12-31T23:59:59.123Z"),
    ("2028-01-01T01:00:00+01:00", "2028-01-01T00:00:00.000Z"),
    ("2027-12-31T19:00:00-0500", "2028-01-01T00:00:00.000Z"),
    ("2027-12-31 08:30", "2027-12-31T08:30:00.000Z"),
    ("", ""),
    (None, ""),
    ("none", ""),
])
def test_expiration_dates_compare_as_instants(written, canonical):
    assert expiration(written) == canonical


@pytest.mark.parametrize("written", ["next tuesday", "2027-13-01", "2027-02-30", "31/12/2027"])
def test_a_date_that_is_not_one_is_refused_with_a_sentence(written):
    with pytest.raises(DesiredStateError) as raised:
        expiration(written)
    assert "expiration_date" in str(raised.value)
