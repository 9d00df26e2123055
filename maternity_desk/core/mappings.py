"""Mappings from the values a trust's own exports use to the app's: the workforce system's
staff groups and job roles to the app's staff groups, a learning system's course names to
the app's courses. A mapping is saved by name and used again at the next import.

An entry's target is a staff group or course code, or :data:`LEAVE_OUT` ("not a maternity
staff group": the rows are left out of the import). Values are matched ignoring case and
repeated spaces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass, field

from maternity_desk.core.errors import InvalidValue

LEAVE_OUT = ""
STAFF = "staff"
ATTENDANCE = "attendance"
KINDS = (STAFF, ATTENDANCE)


def norm_value(value: object) -> str:
    return re.sub(r"\s+", " ", "" if value is None else str(value)).strip().casefold()


@dataclass
class ValueMapping:
    """``entries`` maps the file's values (one per column of ``columns``, as the file spells
    them) to a target code, or :data:`LEAVE_OUT`."""

    name: str
    kind: str
    columns: tuple[str, ...]
    entries: dict[tuple[str, ...], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.columns = tuple(self.columns)
        self.entries = {tuple(k): v for k, v in self.entries.items()}
        self._index = {tuple(norm_value(x) for x in k): v for k, v in self.entries.items()}

    def key(self, values: MappingType[str, object]) -> tuple[str, ...]:
        return tuple(re.sub(r"\s+", " ", "" if values.get(c) is None else str(values.get(c))).strip()
                     for c in self.columns)

    def target(self, values: MappingType[str, object]) -> str | None:
        """The code these row values map to, :data:`LEAVE_OUT`, or None when not in the mapping."""
        return self._index.get(tuple(norm_value(values.get(c)) for c in self.columns))


def validate_mapping(m: ValueMapping, targets: Sequence[str]) -> ValueMapping:
    name = re.sub(r"\s+", " ", m.name or "").strip()
    if not name:
        raise InvalidValue("a mapping needs a name")
    if len(name) > 80:
        raise InvalidValue("a mapping's name is at most 80 characters")
    if m.kind not in KINDS:
        raise InvalidValue(f"'{m.kind}' is not a kind of mapping (staff or attendance)")
    if not m.columns:
        raise InvalidValue("a mapping needs at least one column")
    for key, target in m.entries.items():
        if target != LEAVE_OUT and target not in targets:
            raise InvalidValue(f"'{' / '.join(key)}' is mapped to '{target}', which is not known here")
    return ValueMapping(name, m.kind, m.columns, dict(m.entries))


# --- suggestions -------------------------------------------------------------------------

#: Workforce staff groups (as the national workforce system names them) whose people are not
#: one of the maternity staff groups the app counts.
_NOT_MATERNITY_GROUPS = ("administrative and clerical", "estates and ancillary", "allied health professionals",
                         "healthcare scientists", "additional professional scientific and technical",
                         "students")
_DOCTOR_WORDS = ("registrar", "specialty doctor", "specialty registrar", "speciality doctor", "foundation",
                 "trainee", "clinical fellow", "senior house officer", "sho", "core training", "doctor",
                 "specialist", "junior")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9&]+", text))


def _has_doctor_word(text: str) -> bool:
    return any(re.search(rf"\b{w}\b", text) for w in _DOCTOR_WORDS)


def suggest_staff_group(values: MappingType[str, object], groups: Sequence[tuple[str, str]]) -> str | None:
    """A staff group suggested from the words of a row's staff group, job role and occupation
    code: a code, :data:`LEAVE_OUT`, or None when the words do not say."""
    codes = {c for c, _ in groups}
    texts = [norm_value(v) for v in values.values() if norm_value(v)]
    for t in texts:  # a value that is already one of the app's groups (code or name)
        for code, name in groups:
            if t in (norm_value(code), norm_value(name), norm_value(code.replace("_", " "))):
                return code
    group_text = norm_value(values.get("staff_group"))
    # the role's words say more than the group's ("Staff Nurse" in "Nursing and Midwifery Registered")
    text = " ".join(norm_value(v) for k, v in values.items() if k != "staff_group" and norm_value(v)) or group_text
    words = _words(text) | _words(group_text)

    def pick(code: str) -> str | None:
        return code if code in codes else None

    if "student" in words or "students" in words:  # learners are not counted as staff
        return LEAVE_OUT
    if "maternity support" in text or "maternity care assistant" in text or {"msw", "mca"} & words:
        return pick("msw")
    if "neonatal" in text and ("nurse practitioner" in text or "annp" in words):
        return pick("annp")
    if "midwi" in text:
        return pick("midwife")
    if "neonatal" in text and "nurs" in text:
        return pick("neonatal_nurse")
    medical = "medical" in group_text or "consultant" in _words(text) or _has_doctor_word(text)
    if medical:
        specialty = ("anaesthetic" if "anaesth" in text or "anesth" in text else
                     "neonatal" if "neonat" in text or "paediatric" in text else "obstetric")
        grade = "consultant" if "consultant" in _words(text) else "doctor"
        return pick(f"{specialty}_{grade}")
    if any(g in group_text or g in text for g in _NOT_MATERNITY_GROUPS):
        return LEAVE_OUT
    return None


_STOP = {"and", "the", "for", "of", "in", "day", "training", "course", "update", "annual", "module", "with"}


def suggest_course(values: MappingType[str, object], courses: Sequence[tuple[str, str]]) -> str | None:
    """A course suggested from a learning system's course name: its code or name in the
    text, else the course sharing the most words (two at least); None when nothing fits."""
    text = " ".join(norm_value(v) for v in values.values())
    words = _words(text)
    for code, name in courses:
        if text in (norm_value(code), norm_value(name)):
            return code
    for code, _ in courses:
        if norm_value(code) in words:
            return code
    best, best_score = None, 1
    for code, name in courses:
        score = len((_words(norm_value(name)) - _STOP) & (words - _STOP))
        if score > best_score:
            best, best_score = code, score
    return best
