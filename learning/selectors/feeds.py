"""What reminders read: late preceptorship reviews, who each reminder goes to, and the reviews
a reminder's message names (loaded many at once)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from learning.models import PreceptorshipReview
from pastoral.models import SupportRole
from pastoral.selectors import active_assignments_for


def late_preceptorship_reviews(*, today: date) -> QuerySet[PreceptorshipReview]:
    """Reviews past their due date that are not yet signed off by both people (for reminders).

    Each row carries its preceptorship, the recruit and the preceptor.
    """
    return (
        PreceptorshipReview.objects.filter(due_date__lt=today)
        .filter(Q(preceptee_signed_at__isnull=True) | Q(preceptor_signed_at__isnull=True))
        .select_related("preceptorship__candidate__user", "preceptorship__preceptor")
        .order_by("due_date", "pk")
    )


def late_preceptorship_review_recipients(*, today: date) -> dict[str, QuerySet]:
    """`late_preceptorship_reviews`, one row per review and person who has not signed it:
    "recruit", and "preceptor" (whoever pastoral support assigns as the recruit's preceptor now;
    no row while nobody is).

    Plain values: `recipient_id`, `review_id` and `due_date`. One SELECT each however many
    reviews."""
    reviews = late_preceptorship_reviews(today=today).order_by()
    fields = ("due_date",)
    columns = {"review_id": F("pk")}
    preceptor = (
        active_assignments_for(OuterRef("preceptorship__candidate_id"))
        .filter(role=SupportRole.PRECEPTOR)
        .values("staff_id")[:1]
    )
    unsigned_by_preceptor = (
        reviews.filter(preceptor_signed_at__isnull=True)
        .annotate(preceptor_id=Subquery(preceptor))
        .filter(preceptor_id__isnull=False)
    )
    return {
        "recruit": reviews.filter(preceptee_signed_at__isnull=True).values(
            *fields, recipient_id=F("preceptorship__candidate__user_id"), **columns
        ),
        "preceptor": unsigned_by_preceptor.values(
            *fields, recipient_id=F("preceptor_id"), **columns
        ),
    }


def preceptorship_reviews_by_id(ids: Iterable[int]) -> dict[int, PreceptorshipReview]:
    """Reviews by id, each with its recruit's account, in one query."""
    return PreceptorshipReview.objects.select_related("preceptorship__candidate__user").in_bulk(
        list(ids)
    )
