"""The unit's identity: name, trust, ODS code, local maternity system, NHS England region."""

from __future__ import annotations

from typing import NamedTuple

from maternity_desk.core.errors import InvalidValue
from maternity_desk.core.identifiers import refuse_patient_identifiers
from maternity_desk.core.patterns import LazyPattern

REGIONS = {
    "Y56": "London",
    "Y57": "South (historic)",
    "Y58": "South West",
    "Y59": "South East",
    "Y60": "Midlands",
    "Y61": "East of England",
    "Y62": "North West",
    "Y63": "North East and Yorkshire",
}
_ODS = LazyPattern(r"^[A-Z0-9]{3}([A-Z0-9]{2})?$")


def validate_ods_code(value: str) -> str:
    """An NHS ODS organisation code: three characters (a trust, e.g. ``R0A``) or five (a
    site, e.g. ``R0A02``), letters and digits, upper-cased."""
    code = (value or "").strip().upper()
    if not _ODS.match(code):
        raise InvalidValue(
            f"'{value}' is not an ODS code: use the trust's 3-character code (e.g. R0A) "
            "or a 5-character site code (e.g. R0A02)"
        )
    return code


def validate_region(value: str) -> str:
    code = (value or "").strip().upper()
    if code and code not in REGIONS:
        raise InvalidValue(f"'{value}' is not an NHS England region code (Y56 to Y63)")
    return code


# a NamedTuple, not a frozen dataclass, as the window's start defines it (see core.errors.Problem)
class UnitSettings(NamedTuple):
    unit_name: str = ""
    trust: str = ""
    ods_code: str = ""
    lms: str = ""
    region: str = ""

    def validated(self) -> UnitSettings:
        if not self.unit_name.strip():
            raise InvalidValue("the unit needs a name")
        for label, text in (("The unit name", self.unit_name), ("The trust", self.trust), ("The LMS", self.lms)):
            refuse_patient_identifiers(text, label)
        return UnitSettings(
            unit_name=self.unit_name.strip(),
            trust=self.trust.strip(),
            ods_code=validate_ods_code(self.ods_code) if self.ods_code.strip() else "",
            lms=self.lms.strip(),
            region=validate_region(self.region),
        )


class FirstStep(NamedTuple):
    """One thing a new unit does before the app is useful; ``page`` opens where it is done."""

    key: str
    text: str
    done: bool
    page: str


def first_steps(settings: UnitSettings, *, staff: int, courses_checked: bool, sessions: int,
                months_of_figures: int) -> list[FirstStep]:
    """A new unit's first steps, in order, each ticked off once done."""
    return [
        FirstStep("settings", "Name the unit and its trust (unit settings)", bool(settings.unit_name and settings.trust),
                  "Home"),
        FirstStep("staff", "Add the staff register, or import it from an ESR report", staff > 0, "Training"),
        FirstStep("courses", "Check the courses, who must take them and the 90% threshold",
                  courses_checked or sessions > 0, "Training"),
        FirstStep("figures", "Enter a month of the dashboard's figures", months_of_figures > 0, "Dashboard"),
    ]
