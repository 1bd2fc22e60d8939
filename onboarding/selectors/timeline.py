"""The shared timeline of one recruit: registration, onboarding and pastoral events, newest
first."""

from candidates.models import CandidateProfile
from candidates.selectors import registration_timeline
from onboarding.selectors.pages import applications_of, decisions_of, offer_of, tasks_of
from pastoral.selectors import pastoral_timeline
from portal.timeline import TimelineEntry

_NOT_LOADED = object()


def onboarding_timeline(
    candidate: CandidateProfile,
    *,
    offer=_NOT_LOADED,
    decisions=None,
    applications=None,
    tasks=None,
) -> list[TimelineEntry]:
    """Dated onboarding events of one recruit, newest first: the offer, Code of Practice
    decisions, checklists applied, tasks completed and comments. A page that has already
    loaded the offer, decisions, applications or `tasks_of` passes them in, and they are not
    read again."""
    entries = []
    if offer is _NOT_LOADED:
        offer = offer_of(candidate)
    if offer is not None:
        entries.append(
            TimelineEntry(
                offer.created_at,
                "offer",
                f"Offer recorded: {offer.title}, band {offer.band}",
                detail=f"Planned start {offer.start_date:%d %B %Y}",
                actor=str(offer.created_by or ""),
            )
        )
    for decision in decisions_of(candidate) if decisions is None else decisions:
        entries.append(
            TimelineEntry(
                decision.decided_at,
                "code-of-practice",
                f"Code of Practice: {decision.get_outcome_display().lower()} "
                f"({decision.get_recruitment_route_display().split(' (')[0].lower()}, "
                f"{decision.country.name}, {decision.country_status_label})",
                detail=(
                    decision.application_account or decision.agreement_text or decision.explanation
                ),
                actor=str(decision.decided_by or ""),
            )
        )
    for application in applications_of(candidate) if applications is None else applications:
        entries.append(
            TimelineEntry(
                application.applied_at,
                "checklist",
                f"Checklist applied: {application.template_name}",
                actor=str(application.applied_by or ""),
            )
        )
    for task in tasks_of(candidate) if tasks is None else tasks:
        if task.completed_at is not None:
            entries.append(
                TimelineEntry(
                    task.completed_at,
                    "task",
                    f"Done: {task.title}",
                    actor=str(task.completed_by or ""),
                )
            )
        for comment in task.comment_list:
            entries.append(
                TimelineEntry(
                    comment.created_at,
                    "comment",
                    f"Comment on {task.title}",
                    detail=comment.body,
                    actor=str(comment.author or ""),
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def journey_timeline(candidate: CandidateProfile, **loaded) -> list[TimelineEntry]:
    """HCPC steps, onboarding and pastoral events of one recruit, newest first. `loaded`: the
    offer, decisions, applications and tasks a page already holds (see `onboarding_timeline`)."""
    entries = [
        *registration_timeline(candidate),
        *onboarding_timeline(candidate, **loaded),
        *pastoral_timeline(candidate),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
