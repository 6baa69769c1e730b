# -*- coding: utf-8 -*-
# Copyright: (c) 2026, scorm.cloud contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""drift_report: what a check-mode run of the account role says about drift, as one report (see drift_report.yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

MISSING = "missing"
CHANGED = "changed"
UNMANAGED = "unmanaged"
CLASSES = (MISSING, CHANGED, UNMANAGED)
IDENTITY_KEYS = ("application", "id", "name")


def classify(entry):
    """The drift class of one planned action of a check-mode overridden run, or None when the object matches."""
    if entry.get("declared") is False:
        return None if entry.get("protected") else UNMANAGED
    if entry["action"] == "create" or entry.get("skipped"):
        return MISSING  # a skipped item is a course that does not exist and has no package to import
    if entry["action"] == "update":
        return CHANGED
    return None


def _label(identity):
    return str(identity.get("id") if identity.get("id") is not None else identity.get("name"))


def drift_record(section, entry, drift_class):
    identity = dict((key, entry[key]) for key in IDENTITY_KEYS if entry.get(key) is not None)
    record = {"kind": section, "id": identity.get("id"), "class": drift_class, "label": _label(identity)}
    record.update(identity)
    if drift_class == CHANGED:
        fields = entry.get("fields") or []
        before, after = entry.get("before") or {}, entry.get("after") or {}
        record["fields"] = fields
        record["before"] = dict((name, before.get(name)) for name in fields if name != "package")
        record["after"] = dict((name, after.get(name)) for name in fields if name != "package")
        if entry.get("import_reason"):
            record["reason"] = entry["import_reason"]  # a package that changed: why it would be imported
    elif drift_class == UNMANAGED and entry.get("skipped"):
        record["reason"] = entry["skipped"]  # kept by a purge, because something it keeps refers to it
    return record


def drift_report(results):
    """``results``: {section: the registered result of that section's list module, run in check mode with
    state=overridden} (the account role's scorm_account_results). Returns the report: ``records`` (one per object
    that differs), ``cases`` (one per declared or unmanaged object, for JUnit) and ``summary``."""
    if not isinstance(results, dict):
        raise AnsibleFilterError("drift_report takes a dict of section -> list module result; got %s."
                                 % type(results).__name__)
    records, cases = [], []
    kinds = {}
    for section in sorted(results):
        result = results[section] or {}
        if result.get("failed") or "actions" not in result:
            raise AnsibleFilterError("The %s section did not run (%s), so its drift is unknown."
                                     % (section, result.get("msg") or "no actions in its result"))
        counts = dict((name, 0) for name in CLASSES)
        counts.update(matching=0, protected=0)
        for entry in result["actions"]:
            drift_class = classify(entry)
            identity = dict((key, entry[key]) for key in IDENTITY_KEYS if entry.get(key) is not None)
            if entry.get("protected"):
                counts["protected"] += 1
                continue
            if drift_class is None:
                counts["matching"] += 1
            else:
                counts[drift_class] += 1
                records.append(drift_record(section, entry, drift_class))
            cases.append({"kind": section, "label": _label(identity), "class": drift_class,
                          "record": records[-1] if drift_class else None})
        managed = counts["matching"] + counts[CHANGED]
        counts["live"] = managed + counts[UNMANAGED] + counts["protected"]
        counts["managed_share"] = round(float(managed) / counts["live"], 4) if counts["live"] else None
        kinds[section] = counts
    live = sum(counts["live"] for counts in kinds.values())
    managed = sum(counts["matching"] + counts[CHANGED] for counts in kinds.values())
    summary = dict((name, sum(counts[name] for counts in kinds.values())) for name in CLASSES)
    summary.update(drifted=len(records), declared_kinds=sorted(kinds), kinds=kinds, live=live,
                   managed_share=round(float(managed) / live, 4) if live else None)
    return {"summary": summary, "records": records, "cases": cases}


class FilterModule:
    def filters(self):
        return {"drift_report": drift_report}
