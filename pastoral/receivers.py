"""Keeps the marks pastoral stores for HEE's dashboards right however a row is written: each
check-in's gap and role (`CheckIn.days_since_previous`, `CheckIn.role`) and each pulse's
first-in-month marks (`WellbeingPulse.first_in_month`), with the counts and totals made from
them (`CheckInGapCount`, `PulsePeriodTotals`), through the services, the admin (which may move a
row's date or pair, or change a pair's role) or a delete. Fixture loading (`raw`) brings its
own values and is left alone."""

from pastoral.models import CheckIn, WellbeingPulse
from pastoral.services import check_in_gaps_refresh, pulse_month_flags_refresh
from portal.stored_counts import save_touches

CHECK_IN_FIELDS = {"held_on", "assignment", "assignment_id"}
PULSE_FIELDS = {
    "period_start", "is_low", "candidate", "candidate_id", "belonging", "wellbeing", "supported",
}  # fmt: skip


def remember_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A row moved to another pair, recruit, day or month leaves marks and counts to redo
    where it was."""
    instance._stored_before = None
    fields = CHECK_IN_FIELDS if sender is CheckIn else PULSE_FIELDS
    if raw or instance.pk is None or not save_touches(update_fields, fields):
        return
    if sender is CheckIn:
        before = CheckIn.objects.filter(pk=instance.pk).values_list("assignment_id", "held_on")
    else:
        before = WellbeingPulse.objects.filter(pk=instance.pk).values_list(
            "candidate_id", "period_start"
        )
    instance._stored_before = before.first()


def check_in_gaps_after_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not save_touches(update_fields, CHECK_IN_FIELDS):
        return
    before = getattr(instance, "_stored_before", None)
    days = {instance.held_on} | ({before[1]} if before is not None else set())
    check_in_gaps_refresh(assignment_id=instance.assignment_id, days=days)
    if before is not None and before[0] != instance.assignment_id:
        check_in_gaps_refresh(assignment_id=before[0])


def check_in_gaps_after_delete(sender, instance, **kwargs) -> None:
    check_in_gaps_refresh(assignment_id=instance.assignment_id, days={instance.held_on})


def check_in_roles_after_assignment_save(
    sender, instance, created=False, raw=False, update_fields=None, **kwargs
) -> None:
    """A pair whose role changed (in the admin) has it copied onto their check-ins again."""
    if raw or created or not save_touches(update_fields, {"role"}):
        return
    check_in_gaps_refresh(assignment_id=instance.pk)


def _month(day) -> tuple[int, int]:
    return day.year, day.month


def pulse_marks_after_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not save_touches(update_fields, PULSE_FIELDS):
        return
    before = getattr(instance, "_stored_before", None)
    pulse_month_flags_refresh(
        candidate_id=instance.candidate_id,
        month=instance.period_start,
        period_starts={instance.period_start} | ({before[1]} if before is not None else set()),
    )
    if before is not None and (before[0], _month(before[1])) != (
        instance.candidate_id,
        _month(instance.period_start),
    ):
        pulse_month_flags_refresh(candidate_id=before[0], month=before[1])


def pulse_marks_after_delete(sender, instance, **kwargs) -> None:
    pulse_month_flags_refresh(
        candidate_id=instance.candidate_id,
        month=instance.period_start,
        period_starts={instance.period_start},
    )
