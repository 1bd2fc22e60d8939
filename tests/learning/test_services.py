from datetime import date
from decimal import Decimal

import pytest

from learning import services
from learning.models import GuideProgress, PreceptorshipReview, RegistrationCycle
from learning.selectors.feeds import late_preceptorship_reviews
from tests.factories import CandidateFactory, GuideFactory, profession, question_with_choices


def test_guide_mark_read_records_progress_for_that_recruit_only(candidate, other_candidate):
    guide = GuideFactory()

    services.guide_mark_read(candidate=candidate, guide=guide)

    assert GuideProgress.objects.get(candidate=candidate, guide=guide).status == "read"
    assert not GuideProgress.objects.filter(candidate=other_candidate).exists()


def test_guide_self_check_all_right_completes(candidate):
    guide = GuideFactory()
    question, right, _wrong = question_with_choices(guide)

    progress, wrong = services.guide_self_check_submit(
        candidate=candidate, guide=guide, answers={question.pk: right.pk}
    )

    assert wrong == []
    assert progress.status == GuideProgress.Status.COMPLETED
    assert progress.attempts == 1
    assert progress.completed_at is not None


def test_guide_self_check_wrong_answer_leaves_guide_read(candidate):
    guide = GuideFactory()
    q1, right1, _ = question_with_choices(guide)
    q2, _, wrong2 = question_with_choices(guide)

    progress, wrong = services.guide_self_check_submit(
        candidate=candidate, guide=guide, answers={q1.pk: right1.pk, q2.pk: wrong2.pk}
    )

    assert wrong == [q2.pk]
    assert progress.status == GuideProgress.Status.READ


def test_guide_progress_is_per_recruit(candidate, organisation):
    guide = GuideFactory()
    question, right, wrong = question_with_choices(guide)
    classmate = CandidateFactory(organisation=organisation)

    services.guide_self_check_submit(
        candidate=candidate, guide=guide, answers={question.pk: right.pk}
    )
    services.guide_self_check_submit(
        candidate=classmate, guide=guide, answers={question.pk: wrong.pk}
    )

    statuses = dict(GuideProgress.objects.filter(guide=guide).values_list("candidate_id", "status"))
    assert statuses == {candidate.pk: "completed", classmate.pk: "read"}


def test_guide_mark_read_keeps_a_completed_guide_completed(candidate):
    guide = GuideFactory()
    question, right, _ = question_with_choices(guide)
    services.guide_self_check_submit(
        candidate=candidate, guide=guide, answers={question.pk: right.pk}
    )

    progress = services.guide_mark_read(candidate=candidate, guide=guide)

    assert progress.status == "completed"


def test_preceptorship_start_schedules_reviews_at_3_6_and_12_months(preceptorship):
    reviews = list(preceptorship.reviews.values_list("months", "due_date"))

    assert reviews == [
        (3, date(2026, 4, 5)),
        (6, date(2026, 7, 5)),
        (12, date(2027, 1, 5)),
    ]
    assert list(preceptorship.objectives.values_list("text", flat=True)) == [
        "Work independently on a musculoskeletal caseload."
    ]


def test_review_has_no_pass_or_fail_field():
    names = {f.name for f in PreceptorshipReview._meta.get_fields()}

    assert names.isdisjoint({"outcome", "result", "passed", "pass_fail", "status", "grade"})


def test_review_sign_off_by_both_signs_it_off(preceptorship, recruit, preceptor):
    review = preceptorship.reviews.get(months=3)

    services.review_sign_off(review=review, by=recruit, comments="Going well.")
    review = services.review_sign_off(review=review, by=preceptor, comments="Agreed.")

    assert review.is_signed_off
    assert review.preceptee_comments == "Going well."
    assert review.preceptor_comments == "Agreed."
    assert review.preceptor_signed_by == preceptor


def test_review_sign_off_by_one_is_not_signed_off(preceptorship, recruit):
    review = services.review_sign_off(
        review=preceptorship.reviews.get(months=3), by=recruit, comments="Going well."
    )

    assert review.preceptee_signed_at is not None
    assert not review.is_signed_off


def test_review_sign_off_twice_is_refused_and_changes_nothing(preceptorship, preceptor):
    review = preceptorship.reviews.get(months=3)
    services.review_sign_off(review=review, by=preceptor, comments="First.")
    signed_at = PreceptorshipReview.objects.get(pk=review.pk).preceptor_signed_at

    with pytest.raises(services.ReviewSignOffRefused) as refusal:
        services.review_sign_off(review=review, by=preceptor, comments="Second.")

    assert refusal.value.message.startswith(
        "You already signed off the 3-month review as the preceptor on "
    )
    assert refusal.value.message.endswith("Each person signs off a review once.")
    stored = PreceptorshipReview.objects.get(pk=review.pk)
    assert stored.preceptor_comments == "First."
    assert stored.preceptor_signed_at == signed_at


def test_review_sign_off_by_a_manager_is_refused(preceptorship, manager):
    review = preceptorship.reviews.get(months=3)

    with pytest.raises(services.ReviewSignOffRefused) as refusal:
        services.review_sign_off(review=review, by=manager, comments="Fine.")

    assert refusal.value.message == "Only the preceptee and their preceptor sign off a review."
    assert PreceptorshipReview.objects.get(pk=review.pk).preceptee_signed_at is None


def test_late_preceptorship_reviews_lists_unsigned_past_due(preceptorship, recruit, preceptor):
    three = preceptorship.reviews.get(months=3)
    six = preceptorship.reviews.get(months=6)

    assert list(late_preceptorship_reviews(today=date(2026, 4, 5))) == []
    assert list(late_preceptorship_reviews(today=date(2026, 7, 6))) == [three, six]

    services.review_sign_off(review=three, by=recruit, comments="Ok.")
    services.review_sign_off(review=three, by=preceptor, comments="Ok.")

    assert list(late_preceptorship_reviews(today=date(2026, 7, 6))) == [six]


@pytest.mark.parametrize(
    ("today", "renewal"),
    [
        (date(2026, 1, 10), date(2026, 4, 30)),
        (date(2026, 4, 30), date(2026, 4, 30)),
        (date(2026, 5, 1), date(2028, 4, 30)),
        (date(2027, 6, 1), date(2028, 4, 30)),
    ],
)
def test_registration_cycle_physiotherapists_renew_by_30_april_in_even_years(db, today, renewal):
    cycle = RegistrationCycle.objects.get(profession=profession("physiotherapist"))

    assert cycle.next_renewal(today=today) == renewal


def test_registration_cycle_clamps_a_day_that_month_lacks(db):
    cycle = RegistrationCycle(renewal_day=30, renewal_month=2, years="every")

    assert cycle.next_renewal(today=date(2026, 1, 1)) == date(2026, 2, 28)


def test_cpd_activity_create_stores_evidence_privately(candidate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.learning.conftest import PDF_BYTES

    upload = SimpleUploadedFile("my certificate.pdf", PDF_BYTES)
    activity = services.cpd_activity_create(
        candidate=candidate,
        evidence=(upload, "application/pdf"),
        activity_type="formal",
        date=date(2026, 3, 1),
        hours=Decimal("3"),
        title="Course",
        learned="L",
        practice_change="P",
    )

    evidence = activity.evidence.get()
    assert evidence.original_name == "my certificate.pdf"
    assert evidence.file.name.startswith("cpd/")
    assert "certificate" not in evidence.file.name
