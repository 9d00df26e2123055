"""The demo unit's saved import mappings: its workforce system's staff groups and job roles
(as an ESR export names them) and its learning system's course titles, mapped to the app's,
so ``mappings`` and the import wizard's mapping step show a real one. Fictional, like the unit."""

from __future__ import annotations

from datetime import datetime, time

from maternity_desk.core.mappings import LEAVE_OUT, ValueMapping
from maternity_desk.store import mappings as sm

ESR = {
    ("Nursing and Midwifery Registered", "Midwife"): "midwife",
    ("Nursing and Midwifery Registered", "Midwife - Specialist Practitioner"): "midwife",
    ("Nursing and Midwifery Registered", "Midwife - Manager"): "midwife",
    ("Nursing and Midwifery Registered", "Staff Nurse"): "neonatal_nurse",
    ("Nursing and Midwifery Registered", "Advanced Neonatal Nurse Practitioner"): "annp",
    ("Additional Clinical Services", "Maternity Support Worker"): "msw",
    ("Additional Clinical Services", "Healthcare Assistant"): "msw",
    ("Medical and Dental", "Consultant"): "obstetric_consultant",
    ("Medical and Dental", "Specialty Registrar"): "obstetric_doctor",
    ("Administrative and Clerical", "Administrator"): LEAVE_OUT,
    ("Estates and Ancillary", "Housekeeper"): LEAVE_OUT,
    ("Students", "Student Midwife"): LEAVE_OUT,
}

LMS = {
    ("CTG Fetal Monitoring and Surveillance Update",): "FM",
    ("PROMPT Day",): "PROMPT",
    ("Newborn Life Support",): "NLS",
    ("Fire Safety",): LEAVE_OUT,
}


def generate(store, rng, today) -> None:
    now = datetime.combine(today, time(9, 0))
    sm.save_mapping(store, ValueMapping("ESR staff list (demo)", "staff", ("staff_group", "job_role"), ESR), now=now)
    sm.save_mapping(store, ValueMapping("Learning system courses (demo)", "attendance", ("course",), LMS), now=now)
