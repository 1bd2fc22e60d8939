"""Reads for recruits' registration, scoped to the person who asks (strangers get 404), and
the read-only views reminders and insights use. Modules by concern; callers import from here."""

from candidates.selectors.access import (
    barrier_visible_to,
    candidate_for_user,
    candidate_managed_by,
    candidate_visible_to,
    candidates_visible_to,
    document_managed_by,
    document_visible_to,
    step_visible_to,
)
from candidates.selectors.analysis import (
    barrier_reports_for_analysis,
    candidates_for_analysis,
    hcpc_registered_on,
    registration_steps_for_analysis,
)
from candidates.selectors.feeds import (
    late_registration_step_recipients,
    late_registration_steps,
)
from candidates.selectors.pages import (
    BarrierRow,
    DocumentRow,
    Journey,
    StepRow,
    current_step_of,
    document_url,
    journey_for,
    registration_stage,
)
from candidates.selectors.timeline import registration_timeline

__all__ = [
    "BarrierRow",
    "DocumentRow",
    "Journey",
    "StepRow",
    "barrier_reports_for_analysis",
    "barrier_visible_to",
    "candidate_for_user",
    "candidate_managed_by",
    "candidate_visible_to",
    "candidates_for_analysis",
    "candidates_visible_to",
    "current_step_of",
    "document_managed_by",
    "document_url",
    "document_visible_to",
    "hcpc_registered_on",
    "journey_for",
    "late_registration_step_recipients",
    "late_registration_steps",
    "registration_stage",
    "registration_steps_for_analysis",
    "registration_timeline",
    "step_visible_to",
]
