"""Reads for the learning app, each scoped to the person who asks (strangers get 404); what
reminders read is in `feeds`."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from candidates.models import CandidateProfile
from candidates.selectors import candidate_for_user
from employers.selectors import organisation_ids_for_staff, organisation_ids_managed_by
from learning.models import (
    Audience,
    CpdActivity,
    CpdEvidence,
    GoodPracticeTopic,
    Guide,
    GuideProgress,
    GuideQuestion,
    Preceptorship,
    PreceptorshipObjective,
    PreceptorshipReview,
    ProtectedTimeSession,
    RegistrationCycle,
)
from pastoral.models import SupportRole
from pastoral.selectors import assignments_supported_by
from portal.personal_data import PersonalRows

# --- Guides -------------------------------------------------------------------------------------


def user_is_admin(user) -> bool:
    return bool(
        user.is_authenticated and (user.is_superuser or user.is_staff or user.role == "admin")
    )


def guides_for_candidate(candidate: CandidateProfile) -> QuerySet[Guide]:
    """Published recruit guides meant for this recruit: national or their employer's, and for
    every profession or theirs."""
    return (
        Guide.objects.filter(published=True, audience=Audience.RECRUIT)
        .filter(Q(organisation__isnull=True) | Q(organisation_id=candidate.organisation_id))
        .filter(Q(professions__isnull=True) | Q(professions=candidate.profession_id))
        .distinct()
    )


def library_for_candidate(candidate: CandidateProfile) -> QuerySet[Guide]:
    """The recruit's library, each guide annotated with `progress_status` (None = not started)."""
    status = GuideProgress.objects.filter(candidate=candidate, guide=OuterRef("pk")).values(
        "status"
    )[:1]
    return guides_for_candidate(candidate).annotate(progress_status=Subquery(status))


def guide_progress(candidate: CandidateProfile, guide: Guide) -> GuideProgress | None:
    return GuideProgress.objects.filter(candidate=candidate, guide=guide).first()


def guide_for_user(user, slug: str) -> Guide:
    """A guide the user may read: a recruit their library's guides; staff published national
    guides, their own organisations' guides and drafts they may edit; admins everything."""
    if not user.is_authenticated:
        raise Http404("No such guide.")
    if user.is_recruit:
        guides = guides_for_candidate(candidate_for_user(user))
    elif user_is_admin(user):
        guides = Guide.objects.all()
    elif user.is_employer_staff:
        own = organisation_ids_for_staff(user)
        guides = Guide.objects.filter(
            Q(published=True, organisation__isnull=True) | Q(organisation_id__in=own)
        )
    else:
        guides = Guide.objects.filter(published=True, organisation__isnull=True)
    questions = Prefetch("questions", queryset=GuideQuestion.objects.prefetch_related("choices"))
    return get_object_or_404(guides.prefetch_related(questions), slug=slug)


def user_may_write_guides(user) -> bool:
    """Administrators write national guides, an organisation's managers its own. Buddies and
    mentors read them: what recruits are told is the organisation's word, kept by its managers."""
    return user_is_admin(user) or bool(
        user.is_authenticated and user.is_employer_staff and organisation_ids_managed_by(user)
    )


def guides_editable_by(user) -> QuerySet[Guide]:
    """Guides `user` may write: admins all; managers their organisations' recruit guides."""
    if user_is_admin(user):
        return Guide.objects.select_related("organisation", "author")
    if user.is_authenticated and user.is_employer_staff:
        return Guide.objects.filter(
            organisation_id__in=organisation_ids_managed_by(user), audience=Audience.RECRUIT
        ).select_related("organisation", "author")
    return Guide.objects.none()


def organisation_guides_for_staff(user) -> QuerySet[Guide]:
    """The recruit guides of the organisations `user` is on the staff of (to read)."""
    return Guide.objects.filter(
        organisation_id__in=organisation_ids_for_staff(user), audience=Audience.RECRUIT
    ).select_related("organisation", "author")


def guide_editable_by(user, slug: str) -> Guide:
    return get_object_or_404(guides_editable_by(user), slug=slug)


def good_practice_guides() -> QuerySet[Guide]:
    return Guide.objects.filter(
        published=True, audience=Audience.MANAGER, organisation__isnull=True
    ).order_by("topic", "title")


def good_practice_topic(topic: str) -> tuple[str, QuerySet[Guide]]:
    """The label and published guides of one good-practice topic; an unknown topic is a 404."""
    labels = dict(GoodPracticeTopic.choices)
    if topic not in labels:
        raise Http404("No such good-practice topic.")
    return labels[topic], good_practice_guides().filter(topic=topic)


# --- CPD ----------------------------------------------------------------------------------------


def _preceptee_ids(user) -> QuerySet:
    """Recruits for whom `user` is the current preceptor, by pastoral support's assignments."""
    return (
        assignments_supported_by(user)
        .filter(role=SupportRole.PRECEPTOR)
        .order_by()
        .values("candidate_id")
    )


def candidate_for_shared_cpd(user, candidate_id: int) -> CandidateProfile:
    """A recruit whose shared CPD `user` may look at: as their manager or their preceptor."""
    if not (user.is_authenticated and user.is_employer_staff):
        raise Http404("No such recruit.")
    candidate = (
        CandidateProfile.objects.filter(pk=candidate_id)
        .filter(
            Q(organisation_id__in=organisation_ids_managed_by(user))
            | Q(pk__in=_preceptee_ids(user))
        )
        .select_related("user", "profession")
        .first()
    )
    if candidate is None:
        raise Http404("No such recruit.")
    return candidate


def cpd_activities_visible_to(user) -> QuerySet[CpdActivity]:
    """A recruit's own entries; a preceptor's preceptees' entries shared with the preceptor; a
    manager's organisations' recruits' entries shared with the manager. Nobody else's."""
    activities = CpdActivity.objects.select_related("candidate__user")
    if not user.is_authenticated:
        return activities.none()
    if user.is_recruit:
        return activities.filter(candidate__user=user)
    if user.is_employer_staff:
        return activities.filter(
            Q(shared_with_preceptor=True, candidate_id__in=_preceptee_ids(user))
            | Q(
                shared_with_manager=True,
                candidate__organisation_id__in=organisation_ids_managed_by(user),
            )
        )
    return activities.none()


def cpd_activity_visible_to(user, activity_id: int) -> CpdActivity:
    return get_object_or_404(
        cpd_activities_visible_to(user).prefetch_related("evidence"), pk=activity_id
    )


def cpd_activity_owned_by(user, activity_id: int) -> CpdActivity:
    """One of the signed-in recruit's own entries (only they change them)."""
    return get_object_or_404(CpdActivity.objects.filter(candidate__user=user), pk=activity_id)


def cpd_evidence_visible_to(user, evidence_id: int) -> CpdEvidence:
    visible = CpdEvidence.objects.filter(activity__in=cpd_activities_visible_to(user))
    return get_object_or_404(visible, pk=evidence_id)


def cpd_record_for_candidate(candidate: CandidateProfile) -> QuerySet[CpdActivity]:
    return CpdActivity.objects.filter(candidate=candidate).annotate(
        evidence_count=Count("evidence")
    )


def shared_cpd_for(user, candidate: CandidateProfile) -> QuerySet[CpdActivity]:
    """The entries of one recruit that `user` may see (for their preceptor or manager)."""
    return (
        cpd_activities_visible_to(user)
        .filter(candidate=candidate)
        .annotate(evidence_count=Count("evidence"))
    )


def cpd_hours_on(
    candidate: CandidateProfile, day: date, *, exclude_id: int | None = None
) -> Decimal:
    activities = CpdActivity.objects.filter(candidate=candidate, date=day)
    if exclude_id:
        activities = activities.exclude(pk=exclude_id)
    return activities.aggregate(total=Sum("hours"))["total"] or Decimal("0")


def registration_renewal_for(candidate: CandidateProfile, *, today: date) -> date | None:
    cycle = RegistrationCycle.objects.filter(profession_id=candidate.profession_id).first()
    return cycle.next_renewal(today=today) if cycle else None


@dataclass
class CpdProfile:
    candidate: CandidateProfile
    activities: list
    renewal_date: date | None
    total_hours: Decimal
    hours_by_type: list = field(default_factory=list)  # (label, hours)


def cpd_profile_for(candidate: CandidateProfile, *, today: date) -> CpdProfile:
    """Everything a CPD profile for an audit needs, for this one recruit only."""
    activities = list(
        CpdActivity.objects.filter(candidate=candidate)
        .prefetch_related("evidence")
        .order_by("date", "pk")
    )
    totals: dict[str, Decimal] = {}
    for activity in activities:
        label = activity.get_activity_type_display()
        totals[label] = totals.get(label, Decimal("0")) + activity.hours
    return CpdProfile(
        candidate=candidate,
        activities=activities,
        renewal_date=registration_renewal_for(candidate, today=today),
        total_hours=sum(totals.values(), Decimal("0")),
        hours_by_type=sorted(totals.items()),
    )


# --- Preceptorship ------------------------------------------------------------------------------


def _preceptorships() -> QuerySet[Preceptorship]:
    return Preceptorship.objects.select_related(
        "candidate__user", "candidate__profession", "preceptor"
    )


def preceptorships_visible_to(user) -> QuerySet[Preceptorship]:
    """The recruit's own; a preceptor's preceptees'; a manager's organisations' recruits'.

    The preceptor is whoever pastoral support assigns now, not the one stored when the
    preceptorship started: a preceptor replaced in pastoral support loses sight of it at once.
    Each row carries `viewer_is_preceptor` (whether `user` is the recruit's current preceptor).
    """
    if not user.is_authenticated:
        return Preceptorship.objects.none()
    if user.is_recruit:
        return (
            _preceptorships()
            .filter(candidate__user=user)
            .annotate(viewer_is_preceptor=Value(False, output_field=BooleanField()))
        )
    if user.is_employer_staff:
        return (
            _preceptorships()
            .filter(
                Q(candidate_id__in=_preceptee_ids(user))
                | Q(candidate__organisation_id__in=organisation_ids_managed_by(user))
            )
            .annotate(
                viewer_is_preceptor=Exists(
                    _preceptee_ids(user).filter(candidate_id=OuterRef("candidate_id"))
                )
            )
        )
    return Preceptorship.objects.none()


def preceptorship_visible_to(user, preceptorship_id: int) -> Preceptorship:
    return get_object_or_404(
        preceptorships_visible_to(user)
        .prefetch_related("objectives", "reviews", "sessions")
        .annotate(used_hours=Sum("sessions__hours")),
        pk=preceptorship_id,
    )


def preceptorship_for_recruit(user) -> Preceptorship | None:
    preceptorship = preceptorships_visible_to(user).filter(candidate__user=user).first()
    if preceptorship is None:
        return None
    return preceptorship_visible_to(user, preceptorship.pk)


def preceptorship_list_for(user) -> QuerySet[Preceptorship]:
    """Preceptorships for the staff list page, with the hours used and reviews signed off."""
    return (
        preceptorships_visible_to(user)
        .annotate(
            used_hours=Subquery(
                ProtectedTimeSession.objects.filter(preceptorship=OuterRef("pk"))
                .values("preceptorship")
                .annotate(total=Sum("hours"))
                .values("total")[:1]
            ),
            reviews_signed=Count(
                "reviews",
                filter=Q(
                    reviews__preceptee_signed_at__isnull=False,
                    reviews__preceptor_signed_at__isnull=False,
                ),
            ),
        )
        .order_by("candidate__user__full_name")
    )


def candidates_without_preceptorship(user) -> QuerySet[CandidateProfile]:
    """A manager's recruits who have no preceptorship yet."""
    return (
        CandidateProfile.objects.filter(
            organisation_id__in=organisation_ids_managed_by(user), preceptorship__isnull=True
        )
        .select_related("user", "profession")
        .order_by("user__full_name")
    )


def candidate_for_preceptorship_start(user, candidate_id: int) -> CandidateProfile:
    return get_object_or_404(candidates_without_preceptorship(user), pk=candidate_id)


def preceptorship_role(user, preceptorship: Preceptorship) -> str:
    """How `user` stands to this preceptorship: preceptee, preceptor (the recruit's current one
    in pastoral support) or manager. Free for a row from `preceptorships_visible_to(user)`; one
    query otherwise."""
    if preceptorship.candidate.user_id == user.pk:
        return "preceptee"
    is_preceptor = getattr(preceptorship, "viewer_is_preceptor", None)
    if is_preceptor is None:
        is_preceptor = is_current_preceptor(user, preceptorship.candidate_id)
    return "preceptor" if is_preceptor else "manager"


def is_current_preceptor(user, candidate_id: int) -> bool:
    """Whether `user` is this recruit's preceptor in pastoral support now."""
    return _preceptee_ids(user).filter(candidate_id=candidate_id).exists()


def review_visible_to(user, review_id: int) -> PreceptorshipReview:
    visible = PreceptorshipReview.objects.filter(preceptorship__in=preceptorships_visible_to(user))
    return get_object_or_404(
        visible.select_related("preceptorship__candidate__user", "preceptorship__preceptor"),
        pk=review_id,
    )


def personal_data(user) -> list[PersonalRows]:
    """What learning holds about recruit `user`, for the privacy app's export and erasure."""
    of_preceptorship = {"preceptorship__candidate__user": user}
    return [
        PersonalRows(GuideProgress.objects.filter(candidate__user=user)),
        PersonalRows(
            CpdActivity.objects.filter(candidate__user=user),
            erase=("title", "learned", "practice_change"),
        ),
        PersonalRows(
            CpdEvidence.objects.filter(activity__candidate__user=user),
            files=("file",),
            delete_on_erasure=True,
        ),
        PersonalRows(Preceptorship.objects.filter(candidate__user=user)),
        PersonalRows(PreceptorshipObjective.objects.filter(**of_preceptorship), erase=("text",)),
        PersonalRows(ProtectedTimeSession.objects.filter(**of_preceptorship), erase=("activity",)),
        PersonalRows(
            PreceptorshipReview.objects.filter(**of_preceptorship),
            erase=("preceptee_comments", "preceptor_comments"),
        ),
    ]
