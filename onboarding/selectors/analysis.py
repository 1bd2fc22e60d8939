"""What the insights dashboards read: onboarding rows without names or free text."""

from django.db.models import F, OuterRef, QuerySet, Subquery

from candidates.models import CandidateProfile
from onboarding.models import (
    CodeOfPracticeDecision,
    JourneyProgress,
    Offer,
    OnboardingTask,
    RegistrationTimeCount,
)


def tasks_for_analysis() -> QuerySet:
    """One row per task, without names or free text: who owns it, when it was due and done,
    which barrier theme it serves, and the recruit's organisation, region and pathway."""
    return OnboardingTask.objects.values(
        "id",
        "candidate_id",
        "template_item_id",
        "section",
        "owner_role",
        "required",
        "barrier_theme",
        "due_on",
        "completed_at",
        "created_at",
        organisation_id=F("candidate__organisation_id"),
        region=F("candidate__organisation__region"),
        pathway=F("candidate__pathway"),
        profession_slug=F("candidate__profession__slug"),
    )


def journey_progress_for_analysis() -> QuerySet:
    """One row per recruit: their stored task counts (onboarding.JourneyProgress), so the
    dashboards count who finished their required tasks without reading every task."""
    return JourneyProgress.objects.values(
        "candidate_id", "open_count", "required_count", "required_open_count"
    )


def registration_time_counts_for_analysis() -> QuerySet:
    """HCPC registrations counted per month finished, the recruit's profession and days since
    their offer, over every recruit (no recruit can be chosen: filter the registration steps
    for that)."""
    return RegistrationTimeCount.objects.values(
        "month", "days", "registrations", profession_slug=F("profession__slug")
    )


def offer_starts_for_analysis() -> QuerySet:
    """One row per offer: the recruit, their planned start, and their stored progress (when
    their first buddy started, how many required tasks they have and have left). Nothing else
    is joined, so counting over every offer reads the offers and progress rows alone."""
    progress = "candidate__journey_progress__"
    return Offer.objects.values(
        "id",
        "candidate_id",
        "start_date",
        first_buddy_on=F(f"{progress}first_buddy_on"),
        required_count=F(f"{progress}required_count"),
        required_open_count=F(f"{progress}required_open_count"),
    )


def offers_for_analysis() -> QuerySet:
    """One row per offer, without names or free text. The recruit's pathway is looked up only
    when selected, so the dashboards' counts over every offer pay no join over every recruit."""
    pathway = CandidateProfile.objects.filter(pk=OuterRef("candidate_id")).order_by()
    return Offer.objects.values(
        "id",
        "candidate_id",
        "organisation_id",
        "band",
        "recruitment_route",
        "recruited_from",
        "offer_date",
        "start_date",
        "created_at",
        region=F("organisation__region"),
        profession_slug=F("profession__slug"),
        pathway=Subquery(pathway.values("pathway")[:1]),
    )


def code_of_practice_decisions_for_analysis() -> QuerySet:
    """One row per Code of Practice decision, without names or free text."""
    return CodeOfPracticeDecision.objects.values(
        "id",
        "candidate_id",
        "country",
        "recruitment_route",
        "country_status",
        "outcome",
        "decided_at",
        "follows_refusal_id",
        organisation_id=F("candidate__organisation_id"),
        region=F("candidate__organisation__region"),
    )
