"""Writes for the learning app: guide progress and authoring, the CPD record, preceptorship."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import CandidateProfile
from learning.models import (
    CpdActivity,
    CpdEvidence,
    Guide,
    GuideProgress,
    Preceptorship,
    PreceptorshipObjective,
    PreceptorshipReview,
    ProtectedTimeSession,
    ReviewMilestone,
    add_months,
)
from learning.selectors import is_current_preceptor
from portal.uploads import private_upload_path

# --- Guides -------------------------------------------------------------------------------------


def guide_mark_read(*, candidate: CandidateProfile, guide: Guide) -> GuideProgress:
    """Record that the recruit has read the guide. A completed guide stays completed.

    Side effects: creates or updates one GuideProgress row.
    """
    progress, _ = GuideProgress.objects.get_or_create(candidate=candidate, guide=guide)
    if progress.status == GuideProgress.Status.NOT_STARTED:
        progress.status = GuideProgress.Status.READ
        progress.read_at = timezone.now()
        progress.save(update_fields=["status", "read_at"])
    return progress


@transaction.atomic
def guide_self_check_submit(
    *, candidate: CandidateProfile, guide: Guide, answers: dict[int, int]
) -> tuple[GuideProgress, list[int]]:
    """Mark the recruit's self-check answers (question id -> choice id). All right completes the
    guide; otherwise it stays read. Returns the progress and the ids of questions answered wrong.

    Side effects: creates or updates one GuideProgress row (status, attempts, timestamps).
    """
    wrong = []
    for question in guide.questions.all():
        correct = {choice.pk for choice in question.choices.all() if choice.is_correct}
        if answers.get(question.pk) not in correct:
            wrong.append(question.pk)
    progress, _ = GuideProgress.objects.select_for_update().get_or_create(
        candidate=candidate, guide=guide
    )
    now = timezone.now()
    progress.attempts += 1
    if progress.read_at is None:
        progress.read_at = now
    if not wrong:
        progress.status = GuideProgress.Status.COMPLETED
        progress.completed_at = progress.completed_at or now
    elif progress.status == GuideProgress.Status.NOT_STARTED:
        progress.status = GuideProgress.Status.READ
    progress.save()
    return progress, wrong


GUIDE_FIELDS = (
    "title",
    "slug",
    "summary",
    "body",
    "case_study",
    "barrier_themes",
    "published",
)


@transaction.atomic
def guide_create(*, author, organisation, professions, audience: str, **fields) -> Guide:
    """Create a guide written by `author` (national when `organisation` is None).

    Side effects: one Guide row and its profession tags.
    """
    guide = Guide.objects.create(
        author=author,
        organisation=organisation,
        audience=audience,
        **{name: fields[name] for name in GUIDE_FIELDS if name in fields},
    )
    guide.professions.set(professions)
    return guide


@transaction.atomic
def guide_update(*, guide: Guide, professions, **fields) -> Guide:
    """Change a guide's text, tags or published state. Side effects: updates the Guide row."""
    for name in GUIDE_FIELDS:
        if name in fields:
            setattr(guide, name, fields[name])
    guide.save()
    guide.professions.set(professions)
    return guide


# --- CPD ----------------------------------------------------------------------------------------

CPD_FIELDS = (
    "activity_type",
    "date",
    "hours",
    "title",
    "learned",
    "practice_change",
    "shared_with_preceptor",
    "shared_with_manager",
)


def cpd_evidence_add(*, activity: CpdActivity, upload, mime: str) -> CpdEvidence:
    """Store an evidence file (already checked with `validate_evidence_file`) under a random name.

    Side effects: writes the file to private storage and one CpdEvidence row.
    """
    evidence = CpdEvidence(
        activity=activity, original_name=(upload.name or "evidence")[:200], mime=mime
    )
    evidence.file.save(private_upload_path("cpd", mime), upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def cpd_activity_create(
    *, candidate: CandidateProfile, evidence: tuple | None = None, **fields
) -> CpdActivity:
    """Add an activity to the recruit's CPD record, with an optional (upload, mime) evidence file.

    Side effects: one CpdActivity row; one CpdEvidence row and a private file if given.
    """
    activity = CpdActivity.objects.create(
        candidate=candidate, **{name: fields[name] for name in CPD_FIELDS if name in fields}
    )
    if evidence:
        upload, mime = evidence
        cpd_evidence_add(activity=activity, upload=upload, mime=mime)
    return activity


@transaction.atomic
def cpd_activity_update(*, activity: CpdActivity, **fields) -> CpdActivity:
    """Change an entry (including who it is shared with). Side effects: updates the row."""
    for name in CPD_FIELDS:
        if name in fields:
            setattr(activity, name, fields[name])
    activity.save()
    return activity


# --- Preceptorship ------------------------------------------------------------------------------


class ReviewSignOffRefused(ValidationError):
    """A sign-off that cannot be accepted; the message says why, for the person signing."""


@transaction.atomic
def preceptorship_start(
    *,
    candidate: CandidateProfile,
    preceptor,
    start_date: date,
    planned_protected_hours: Decimal,
    objectives: list[str],
    by,
) -> Preceptorship:
    """Start a recruit's preceptorship with the objectives agreed at the start; schedules one
    review per ReviewMilestone (3, 6 and 12 months as seeded).

    Side effects: one Preceptorship row, its objectives and its review rows.
    """
    preceptorship = Preceptorship.objects.create(
        candidate=candidate,
        preceptor=preceptor,
        start_date=start_date,
        planned_protected_hours=planned_protected_hours,
        started_by=by,
    )
    PreceptorshipObjective.objects.bulk_create(
        PreceptorshipObjective(
            preceptorship=preceptorship, text=text, agreed_on=start_date, added_by=by
        )
        for text in objectives
        if text.strip()
    )
    PreceptorshipReview.objects.bulk_create(
        PreceptorshipReview(
            preceptorship=preceptorship,
            months=milestone.months,
            due_date=add_months(start_date, milestone.months),
        )
        for milestone in ReviewMilestone.objects.all()
    )
    return preceptorship


def preceptorship_objective_add(
    *, preceptorship: Preceptorship, text: str, agreed_on: date, by
) -> PreceptorshipObjective:
    """Side effects: one PreceptorshipObjective row."""
    return PreceptorshipObjective.objects.create(
        preceptorship=preceptorship, text=text, agreed_on=agreed_on, added_by=by
    )


def protected_time_log(
    *, preceptorship: Preceptorship, date: date, hours: Decimal, activity: str, by
) -> ProtectedTimeSession:
    """Log protected time used. Side effects: one ProtectedTimeSession row."""
    return ProtectedTimeSession.objects.create(
        preceptorship=preceptorship, date=date, hours=hours, activity=activity, logged_by=by
    )


@transaction.atomic
def review_sign_off(*, review: PreceptorshipReview, by, comments: str) -> PreceptorshipReview:
    """Sign off a review as the preceptee or the preceptor, with their comments. Each person
    signs once: a second sign-off raises ReviewSignOffRefused and changes nothing. The preceptor
    is the recruit's current one in pastoral support, whoever was stored at the start.

    Side effects: a conditional update of the review row (safe against a double submit); when a
    preceptor assigned since the start signs, the preceptorship's stored preceptor becomes them.
    """
    preceptorship = review.preceptorship
    now = timezone.now()
    if by.pk == preceptorship.candidate.user_id:
        side, signed_at, changes = (
            "preceptee",
            "preceptee_signed_at",
            {
                "preceptee_comments": comments,
                "preceptee_signed_at": now,
            },
        )
    elif is_current_preceptor(by, preceptorship.candidate_id):
        side, signed_at, changes = (
            "preceptor",
            "preceptor_signed_at",
            {
                "preceptor_comments": comments,
                "preceptor_signed_at": now,
                "preceptor_signed_by": by,
            },
        )
    else:
        raise ReviewSignOffRefused(
            "Only the preceptee and their preceptor sign off a review.", code="not_a_party"
        )
    updated = PreceptorshipReview.objects.filter(
        pk=review.pk, **{f"{signed_at}__isnull": True}
    ).update(**changes)
    if updated and side == "preceptor" and preceptorship.preceptor_id != by.pk:
        preceptorship.preceptor = by
        preceptorship.save(update_fields=["preceptor"])
    if not updated:
        review.refresh_from_db()
        when = timezone.localtime(getattr(review, signed_at))
        raise ReviewSignOffRefused(
            f"You already signed off the {review.name} as the {side} on "
            f"{when:%-d %B %Y}. Each person signs off a review once.",
            code="already_signed",
        )
    review.refresh_from_db()
    return review
