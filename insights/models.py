"""What insights stores of its own: the counts its scheduled refresh makes of the three largest
tables its dashboards read (about 650,000 finished steps, 900,000 pulses and 1.7 million
check-ins at national scale, too many to count for every recruit within a request), and when it
made them. Nothing here is written on any other app's writes: `insights.refresh` counts it all
again, on a schedule, with the same definitions the dashboards count chosen recruits with."""

from django.db import models

from pastoral.models import SupportRole


class FinishedStepCount(models.Model):
    """How many HCPC steps of one template that finished in one calendar month took so many
    days, with how many had a due date and finished by it, as the last refresh counted them
    (`insights.dashboards.timing.finished_step_counts`). HEE's step times for every recruit read
    these rows for the months a period covers whole, and the steps for the days left over."""

    template = models.ForeignKey(
        "candidates.RegistrationStepTemplate", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month the steps finished in.")
    days = models.IntegerField(help_text="Calendar days from start to finish.")
    steps = models.PositiveIntegerField()
    with_due = models.PositiveIntegerField(help_text="Steps that had a due date.")
    on_time = models.PositiveIntegerField(help_text="Steps that finished by it.")

    class Meta:
        indexes = [models.Index(fields=["month"], name="insights_step_count_month")]

    def __str__(self) -> str:
        return f"{self.steps} steps finished in {self.month:%B %Y} after {self.days} days"


class PulsePeriodCount(models.Model):
    """Every answer to the pulse for one fortnight, added up as the last refresh added them
    (`insights.dashboards.support.pulse_period_counts`): HEE's pulse trend for every recruit
    reads one row per fortnight instead of every answer."""

    period_start = models.DateField(unique=True)
    answers = models.PositiveIntegerField()
    recruits = models.PositiveIntegerField(
        help_text="Answers that were a recruit's first that month."
    )
    low = models.PositiveIntegerField(
        help_text="Answers that were a recruit's first low one that month."
    )
    belonging = models.PositiveIntegerField(help_text="The scores' sum.")
    wellbeing = models.PositiveIntegerField(help_text="The scores' sum.")
    supported = models.PositiveIntegerField(help_text="The scores' sum.")

    def __str__(self) -> str:
        return f"{self.answers} pulse answers for the fortnight from {self.period_start}"


class CheckInGapCount(models.Model):
    """How many check-ins held on one day, by pairs in one support role, came so many days after
    the pair's previous check-in, as the last refresh counted them
    (`insights.dashboards.support.check_in_gap_counts`). HEE's check-in regularity figures for
    every recruit read these few rows (one per day, role and gap) instead of every check-in;
    figures for chosen recruits count those recruits' check-ins."""

    held_on = models.DateField()
    role = models.CharField(max_length=10, choices=SupportRole.choices, blank=True)
    days_since_previous = models.PositiveIntegerField()
    check_ins = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["held_on"], name="insights_gap_count_held_on")]

    def __str__(self) -> str:
        return f"{self.check_ins} check-ins on {self.held_on} after {self.days_since_previous} days"


class CountsRefresh(models.Model):
    """One row: when the last refresh counted what insights stores. Figures drawn from those
    counts are as of then, and a dashboard cached before then is worked out again."""

    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Counted at {self.counted_at:%Y-%m-%d %H:%M}"

    @classmethod
    def last(cls):
        """When the last refresh counted (None before the first). One query."""
        return cls.objects.filter(pk=1).values_list("counted_at", flat=True).first()
