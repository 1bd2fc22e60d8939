"""What insights stores of its own: the counts its scheduled refresh makes of the largest
table its dashboards read, and when it made them. Nothing here is written on any other app's
writes; `insights.refresh` writes it, on a schedule."""

from django.db import models

from pastoral.models import SupportRole


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
