"""What the insights dashboards read: registration rows without names, notes or free text."""

from django.db import models
from django.db.models import F, QuerySet

from candidates.models import BarrierReport, CandidateProfile, FinishedStepCount, RegistrationStep


def _recruit_column(field: str) -> models.Subquery:
    """A column of the row's recruit, looked up only when selected: the dashboards' aggregates
    filter and group on other columns, so they pay no join over every recruit."""
    recruits = CandidateProfile.objects.filter(pk=models.OuterRef("candidate_id")).order_by()
    return models.Subquery(recruits.values(field)[:1])


def registration_steps_for_analysis() -> QuerySet:
    """Step rows for HEE's dashboards: no names, notes or free text."""
    return RegistrationStep.objects.values(
        "id",
        "candidate_id",
        "status",
        "round",
        "started_on",
        "finished_on",
        "due_on",
        "template_id",
        template_key=F("template__key"),
        template_name=F("template__name"),
        template_order=F("template__order"),
        target_amount=F("template__target_amount"),
        target_unit=F("template__target_unit"),
        regulator=F("template__regulator"),
        profession_slug=_recruit_column("profession__slug"),
        pathway=_recruit_column("pathway"),
        organisation_id=_recruit_column("organisation_id"),
        region=_recruit_column("organisation__region"),
        country_of_training=_recruit_column("country_of_training"),
    ).order_by("id")


def finished_step_counts_for_analysis() -> QuerySet:
    """Finished steps counted per template, month finished and days taken, over every recruit
    (no recruit can be chosen: filter registration_steps_for_analysis for that)."""
    return FinishedStepCount.objects.values(
        "template_id",
        "month",
        "days",
        "steps",
        "with_due",
        "on_time",
        regulator=F("template__regulator"),
    )


def barrier_reports_for_analysis() -> QuerySet:
    """Barrier rows for HEE's dashboards: theme, severity and dates only."""
    return BarrierReport.objects.values(
        "id",
        "candidate_id",
        "theme",
        "severity",
        "occurred_on",
        "resolved_on",
        profession_slug=_recruit_column("profession__slug"),
        pathway=_recruit_column("pathway"),
        organisation_id=_recruit_column("organisation_id"),
        region=_recruit_column("organisation__region"),
    ).order_by("id")


def candidates_for_analysis() -> QuerySet:
    """Recruit rows for HEE's dashboards: no names or contact details."""
    return CandidateProfile.objects.values(
        "id",
        "pathway",
        "country_of_training",
        "nationality",
        "decision_outcome",
        "created_at",
        "organisation_id",
        profession_slug=F("profession__slug"),
        regulator=F("profession__regulator"),
        region=F("organisation__region"),
    ).order_by("id")
