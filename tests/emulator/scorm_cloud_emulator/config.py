"""Configuration settings: a catalog of setting ids with metadata, validation/normalisation of posted
values, and rendering of a SettingListSchema for a chain of levels.

Reusable for any configuration endpoint (application, course, dispatch ...): keep the explicit values of
each level as a {settingId: value} dict and call `setting_list(chain, include_metadata)` with the
levels from most general to the one being read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import bad_request

LEARNING_STANDARDS = ("SCORM11", "SCORM12", "SCORM20042NDEDITION", "SCORM20043RDEDITION",
                      "SCORM20044THEDITION", "AICC", "XAPI", "CMI5", "LTI13")
LAUNCH_TYPES = ("FRAMESET", "NEW_WINDOW", "NEW_WINDOW_AFTER_CLICK", "NEW_WINDOW_WITHOUT_BROWSER_TOOLBAR",
                "NEW_WINDOW_AFTER_CLICK_WITHOUT_BROWSER_TOOLBAR")
MAX_VALUE_LENGTH = 10000


@dataclass(frozen=True)
class Setting:
    id: str
    data_type: str                 # bool | int | string | enum
    default: str
    description: str
    level: str = "course"          # the most specific level the service lets you set it at
    valid_values: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    learning_standards: tuple[str, ...] = LEARNING_STANDARDS

    def metadata(self) -> dict:
        meta = {"default": self.default, "dataType": self.data_type, "settingDescription": self.description,
                "level": self.level, "learningStandards": list(self.learning_standards),
                "learningStandardVariant": "either"}
        if self.valid_values:
            meta["validValues"] = [{"value": v, "valueDescription": d} for v, d in self.valid_values]
        return meta

    def normalise(self, value: object) -> str:
        """The canonical string the service would store, or a 400."""
        if value is None:
            raise bad_request(f"Setting {self.id}: value is required")
        text = str(value).strip() if not isinstance(value, bool) else str(value).lower()
        if self.data_type == "bool":
            lowered = text.lower()
            if lowered in ("true", "1", "yes"):
                return "true"
            if lowered in ("false", "0", "no"):
                return "false"
            raise bad_request(f"Setting {self.id}: '{text[:100]}' is not a boolean")
        if self.data_type == "int":
            try:
                number = int(text)
            except ValueError:
                raise bad_request(f"Setting {self.id}: '{text[:100]}' is not an integer")
            if not -2**31 <= number < 2**31:
                raise bad_request(f"Setting {self.id}: integer out of range")
            return str(number)
        if self.data_type == "enum":
            for valid, _description in self.valid_values:
                if valid.lower() == text.lower():
                    return valid
            allowed = ", ".join(v for v, _description in self.valid_values)
            raise bad_request(f"Setting {self.id}: '{text[:100]}' is not one of {allowed}")
        if len(str(value)) > MAX_VALUE_LENGTH:
            raise bad_request(f"Setting {self.id}: value longer than {MAX_VALUE_LENGTH} characters")
        return str(value)


def _enum(*values: str) -> tuple[tuple[str, str], ...]:
    return tuple((v, v.replace("_", " ").capitalize()) for v in values)


CATALOG: dict[str, Setting] = {s.id: s for s in (
    Setting("PlayerScoLaunchType", "enum", "FRAMESET", "How SCOs are launched", valid_values=_enum(*LAUNCH_TYPES)),
    Setting("PlayerLaunchType", "enum", "FRAMESET", "How the player itself is launched",
            valid_values=_enum(*LAUNCH_TYPES)),
    Setting("PlayerDesiredWidth", "int", "0", "Width of a new launch window in pixels (0 = default)"),
    Setting("PlayerDesiredHeight", "int", "0", "Height of a new launch window in pixels (0 = default)"),
    Setting("PlayerRequireFullScreen", "bool", "false", "Open new launch windows full screen"),
    Setting("PlayerPreventRightClick", "bool", "false", "Disable the context menu in the player"),
    Setting("PlayerPreventWindowResize", "bool", "false", "Prevent resizing the launch window"),
    Setting("PlayerCaptureHistory", "bool", "true", "Record the runtime history of registrations"),
    Setting("PlayerCaptureHistoryDetailed", "bool", "true", "Record detailed runtime history"),
    Setting("PlayerCommitFrequency", "int", "10000", "Milliseconds between automatic runtime commits"),
    Setting("PlayerInvalidMenuItemAction", "enum", "DISABLE", "What the menu does with unavailable items",
            valid_values=_enum("DISABLE", "HIDE", "SHOW")),
    Setting("PlayerLookaheadSequencerMode", "enum", "ENABLED", "Look-ahead sequencing",
            valid_values=_enum("DISABLED", "ENABLED", "REEVALUATE_ON_EXIT")),
    Setting("ApiRollupRegistrationPostBackUrl", "string", "", "URL that receives registration results",
            level="dispatch"),
    Setting("ApiRollupRegistrationAuthType", "enum", "FORM", "How the postback authenticates",
            level="dispatch", valid_values=_enum("FORM", "HTTPBASIC")),
    Setting("ApiRollupRegistrationAuthUser", "string", "", "User name for the postback", level="dispatch"),
    Setting("ApiRollupRegistrationAuthPassword", "string", "", "Password for the postback", level="dispatch"),
    Setting("ApiRollupRegistrationFormat", "enum", "COURSE", "Level of detail of the postback",
            level="dispatch", valid_values=_enum("COURSE", "ACTIVITY", "FULL")),
    Setting("ApiRollupRegistrationIsJson", "bool", "false", "Post results as JSON instead of XML",
            level="dispatch"),
    Setting("WebPathToContentRoot", "string", "", "Web path under which course content is served",
            level="application"),
)}


def lookup(setting_id: str | None) -> Setting:
    if not setting_id or setting_id not in CATALOG:
        raise bad_request(f"Unknown setting id '{str(setting_id)[:200]}'")
    return CATALOG[setting_id]


def apply_posted(explicit: dict[str, str], settings: list) -> dict[str, str]:
    """Validate every posted {settingId, value} first, then return the updated explicit values."""
    if settings is None:
        raise bad_request("settings is required")
    updates = {}
    for item in settings:
        setting = lookup(item.settingId)
        updates[setting.id] = setting.normalise(item.value)
    return {**explicit, **updates}


def setting_list(chain: list[tuple[str, dict[str, str]]], include_metadata: bool) -> dict:
    """SettingListSchema for the last level of `chain` ([(source name, explicit values), ...])."""
    items = []
    own = chain[-1][1] if chain else {}
    for setting in CATALOG.values():
        value, source = setting.default, "default"
        for level_name, values in chain:
            if setting.id in values:
                value, source = values[setting.id], level_name
        item = {"id": setting.id, "effectiveValue": value, "effectiveValueSource": source}
        if setting.id in own:
            item["explicitValue"] = own[setting.id]
        if include_metadata:
            item["metadata"] = setting.metadata()
        items.append(item)
    return {"settingItems": items}
