from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from employers.models import Membership
from learning.models import (
    CpdActivity,
    CpdEvidence,
    Guide,
    GuideProgress,
    Preceptorship,
    PreceptorshipReview,
    ProtectedTimeSession,
)
from learning.services import review_sign_off
from pastoral.models import SupportRole
from tests.factories import (
    CandidateFactory,
    CpdActivityFactory,
    CpdEvidenceFactory,
    GuideFactory,
    MembershipFactory,
    PreceptorshipFactory,
    SupportAssignmentFactory,
    profession,
    question_with_choices,
)
from tests.learning.conftest import PDF_BYTES, PNG_BYTES


def cpd_post(**overrides):
    data = {
        "activity_type": "work_based",
        "date_day": "2",
        "date_month": "3",
        "date_year": "2026",
        "hours": "2.5",
        "title": "Manual handling refresher",
        "learned": "Safer transfers with a banana board.",
        "practice_change": "Fewer risky lifts on the ward.",
    }
    data.update(overrides)
    return data


# --- Library and guides ------------------------------------------------------------------------


def test_library_lists_seeded_guides_with_the_recruits_progress(client_for, candidate):
    guide = Guide.objects.get(slug="how-the-nhs-is-organised")
    GuideProgress.objects.create(candidate=candidate, guide=guide, status="read")

    response = client_for(candidate.user).get(reverse("learning:library"))

    assert response.status_code == 200
    by_slug = {g.slug: g.progress_status for g in response.context["guides"]}
    assert by_slug == {
        "agenda-for-change-and-banding": None,
        "hcpc-standards-of-conduct": None,
        "how-the-nhs-is-organised": "read",
        "raising-concerns": None,
        "working-in-uk-teams": None,
    }


def test_library_hides_other_professions_and_organisations_guides(
    client_for, candidate, other_organisation
):
    other_org_guide = GuideFactory(organisation=other_organisation)
    paramedic_guide = GuideFactory()
    paramedic_guide.professions.set([profession("paramedic")])
    physio_guide = GuideFactory()
    physio_guide.professions.set([profession("physiotherapist")])
    GuideFactory(published=False)

    response = client_for(candidate.user).get(reverse("learning:library"))

    slugs = {g.slug for g in response.context["guides"]}
    assert physio_guide.slug in slugs
    assert paramedic_guide.slug not in slugs
    assert other_org_guide.slug not in slugs
    assert len(slugs) == 6
    assert client_for(candidate.user).get(other_org_guide.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("extra", [1, 3])
def test_library_query_count(client_for, candidate, django_assert_num_queries, extra):
    GuideFactory.create_batch(extra)
    client = client_for(candidate.user)

    with django_assert_num_queries(5):
        response = client.get(reverse("learning:library"))

    assert len(response.context["guides"]) == 5 + extra


def test_guide_read_marks_progress(client_for, candidate):
    guide = Guide.objects.get(slug="raising-concerns")

    response = client_for(candidate.user).post(reverse("learning:guide-read", args=[guide.slug]))

    assert response.status_code == 302
    assert GuideProgress.objects.get(candidate=candidate, guide=guide).status == "read"


def test_guide_check_wrong_answer_keeps_the_choice_and_explains(client_for, candidate):
    guide = GuideFactory()
    question, _right, wrong = question_with_choices(guide)
    question.explanation = "Look again at the second section."
    question.save()

    response = client_for(candidate.user).post(
        reverse("learning:guide-check", args=[guide.slug]), {f"q{question.pk}": wrong.pk}
    )

    assert response.status_code == 200
    assert response.context["wrong"] == [question.pk]
    assert f'value="{wrong.pk}" checked' in response.content.decode()
    assert "Look again at the second section." in response.content.decode()
    assert GuideProgress.objects.get(candidate=candidate, guide=guide).status == "read"


def test_guide_check_right_answers_complete(client_for, candidate):
    guide = GuideFactory()
    question, right, _ = question_with_choices(guide)

    response = client_for(candidate.user).post(
        reverse("learning:guide-check", args=[guide.slug]), {f"q{question.pk}": right.pk}
    )

    assert response.status_code == 302
    assert GuideProgress.objects.get(candidate=candidate, guide=guide).status == "completed"


def test_guide_page_renders_hostile_markdown_inert(client_for, candidate):
    guide = GuideFactory(body="<script>alert(1)</script>\n\n[x](javascript:alert(2))")

    html = client_for(candidate.user).get(guide.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:alert(2)" not in html


def test_authoring_staff_write_a_guide_for_their_recruits(client_for, manager, organisation):
    response = client_for(manager).post(
        reverse("learning:guide-create"),
        {
            "title": "Parking at Riverside",
            "slug": "parking-at-riverside",
            "summary": "Where to park.",
            "body": "Use **car park B**.",
            "barrier_themes": ["onboarding"],
            "published": "on",
        },
    )

    assert response.status_code == 302
    guide = Guide.objects.get(slug="parking-at-riverside")
    assert guide.organisation == organisation
    assert guide.author == manager
    assert guide.audience == "recruit"
    assert guide.barrier_themes == ["onboarding"]


def test_authoring_bad_input_keeps_what_was_typed(client_for, manager):
    response = client_for(manager).post(
        reverse("learning:guide-create"),
        {"title": "Half written", "slug": "raising-concerns", "summary": "", "body": "Draft"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "summary": ["Enter a short summary."],
        "slug": ["Another guide already uses this web address name. Choose another."],
    }
    assert 'value="Half written"' in response.content.decode()
    assert not Guide.objects.filter(title="Half written").exists()


def test_authoring_staff_cannot_edit_national_guides(client_for, manager):
    response = client_for(manager).get(reverse("learning:guide-edit", args=["raising-concerns"]))

    assert response.status_code == 404


def test_authoring_recruit_is_refused(client_for, recruit):
    assert client_for(recruit).get(reverse("learning:authoring")).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_authoring_query_count(client_for, manager, organisation, django_assert_num_queries, count):
    GuideFactory.create_batch(count, organisation=organisation)
    client = client_for(manager)

    with django_assert_num_queries(9):
        response = client.get(reverse("learning:authoring"))

    assert len(response.context["guides"]) == count


# --- Good practice -----------------------------------------------------------------------------


def test_good_practice_lists_the_eight_seeded_practices(client_for, manager):
    response = client_for(manager).get(reverse("learning:good-practice"))

    assert response.status_code == 200
    assert sorted(g.topic for g in response.context["guides"]) == [
        "buddies",
        "community-groups",
        "induction-preceptorship",
        "mentoring",
        "positive-inclusion",
        "preparing-workforce",
        "shadowing",
        "values-based-recruitment",
    ]


def test_good_practice_topic_shows_guide_and_case_study(client_for, buddy):
    response = client_for(buddy).get(reverse("learning:good-practice-topic", args=["buddies"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "A work-based buddy" in html
    assert "Case study" in html


def test_good_practice_unknown_topic_is_404(client_for, manager):
    url = reverse("learning:good-practice-topic", args=["no-such-topic"])

    assert client_for(manager).get(url).status_code == 404


def test_good_practice_recruit_is_refused(client_for, recruit):
    assert client_for(recruit).get(reverse("learning:good-practice")).status_code == 403


@pytest.mark.parametrize("extra", [1, 3])
def test_good_practice_query_count(client_for, manager, django_assert_num_queries, extra):
    GuideFactory.create_batch(extra, audience="manager", topic="shadowing")
    client = client_for(manager)

    with django_assert_num_queries(7):
        response = client.get(reverse("learning:good-practice"))

    assert len(response.context["guides"]) == 8 + extra


def test_good_practice_link_include_renders_topic_link():
    from django.template.loader import render_to_string

    html = render_to_string("includes/learning_good_practice_link.html", {"topic": "buddies"})

    assert '<a href="/learning/good-practice/buddies/">A work-based buddy</a>' in html


# --- CPD ----------------------------------------------------------------------------------------


def test_cpd_add_stores_the_activity(client_for, candidate):
    response = client_for(candidate.user).post(
        reverse("learning:cpd-add"), cpd_post(shared_with_preceptor="on")
    )

    assert response.status_code == 302
    activity = CpdActivity.objects.get(candidate=candidate)
    assert activity.hours == Decimal("2.5")
    assert activity.date == date(2026, 3, 2)
    assert activity.shared_with_preceptor is True
    assert activity.shared_with_manager is False


def test_cpd_add_with_evidence(client_for, candidate):
    upload = SimpleUploadedFile("certificate.png", PNG_BYTES)

    response = client_for(candidate.user).post(
        reverse("learning:cpd-add"), cpd_post(evidence=upload)
    )

    assert response.status_code == 302
    evidence = CpdEvidence.objects.get(activity__candidate=candidate)
    assert evidence.mime == "image/png"
    assert evidence.original_name == "certificate.png"


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("-2", "Enter a number of hours greater than 0."),
        ("0", "Enter a number of hours greater than 0."),
        ("25", "There are only 24 hours in a day: enter 24 or fewer."),
        ("999", "There are only 24 hours in a day: enter 24 or fewer."),
        ("two", "Enter the number of hours as a number, for example 1.5."),
    ],
)
def test_cpd_add_bad_hours_gives_a_message_and_keeps_the_rest(
    client_for, candidate, hours, message
):
    response = client_for(candidate.user).post(reverse("learning:cpd-add"), cpd_post(hours=hours))

    assert response.status_code == 200
    assert response.context["form"].errors == {"hours": [message]}
    html = response.content.decode()
    assert 'value="Manual handling refresher"' in html
    assert "Safer transfers with a banana board." in html
    assert f'value="{hours}"' in html
    assert not CpdActivity.objects.exists()


def test_cpd_add_refuses_more_than_24_hours_on_one_day(client_for, candidate):
    CpdActivityFactory(candidate=candidate, date=date(2026, 3, 2), hours=Decimal("20"))

    response = client_for(candidate.user).post(reverse("learning:cpd-add"), cpd_post(hours="5"))

    assert response.context["form"].errors == {
        "hours": [
            "You have already logged 20 hours of CPD on 2 March 2026. "
            "With 5 more that day would have over 24 hours."
        ]
    }
    assert CpdActivity.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "certificate.pdf",
            b"MZ\x90\x00 this is really a program",
            "The selected file must be a PDF, JPEG or PNG. This file's content is not one of "
            "those, whatever its name says.",
        ),
        (
            "certificate.pdf",
            PNG_BYTES,
            "The file's name says PDF but its content is PNG. Rename it or choose the right file.",
        ),
    ],
)
def test_cpd_add_evidence_that_is_not_what_it_claims_is_refused(
    client_for, candidate, name, content, message
):
    upload = SimpleUploadedFile(name, content)

    response = client_for(candidate.user).post(
        reverse("learning:cpd-add"), cpd_post(evidence=upload)
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"evidence": [message]}
    assert 'value="Manual handling refresher"' in response.content.decode()
    assert not CpdActivity.objects.exists()
    assert not CpdEvidence.objects.exists()


def test_cpd_evidence_upload_on_activity_page_refuses_a_disguised_file(client_for, candidate):
    activity = CpdActivityFactory(candidate=candidate)
    upload = SimpleUploadedFile("notes.png", PDF_BYTES)

    response = client_for(candidate.user).post(activity.get_absolute_url(), {"evidence": upload})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "evidence": [
            "The file's name says PNG but its content is PDF. Rename it or choose the right file."
        ]
    }
    assert not CpdEvidence.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_cpd_list_query_count(client_for, candidate, django_assert_num_queries, count):
    for activity in CpdActivityFactory.create_batch(count, candidate=candidate):
        CpdEvidenceFactory(activity=activity)
    client = client_for(candidate.user)

    with django_assert_num_queries(6):
        response = client.get(reverse("learning:cpd"))

    assert len(response.context["activities"]) == count


def _viewers(candidate, preceptor, manager, other_manager, buddy, organisation):
    classmate = CandidateFactory(organisation=organisation).user
    return {
        "recruit": candidate.user,
        "preceptor": preceptor,
        "manager": manager,
        "other_manager": other_manager,
        "buddy": buddy,
        "classmate": classmate,
    }


@pytest.mark.parametrize(
    ("preceptor_share", "manager_share", "allowed"),
    [
        (False, False, {"recruit"}),
        (True, False, {"recruit", "preceptor"}),
        (False, True, {"recruit", "manager"}),
        (True, True, {"recruit", "preceptor", "manager"}),
    ],
)
def test_cpd_activity_privacy(
    client_for,
    candidate,
    preceptor,
    manager,
    other_manager,
    buddy,
    organisation,
    preceptor_share,
    manager_share,
    allowed,
):
    activity = CpdActivityFactory(
        candidate=candidate,
        shared_with_preceptor=preceptor_share,
        shared_with_manager=manager_share,
    )
    evidence = CpdEvidenceFactory(activity=activity)
    viewers = _viewers(candidate, preceptor, manager, other_manager, buddy, organisation)

    seen = set()
    for name, user in viewers.items():
        client = client_for(user)
        page = client.get(activity.get_absolute_url()).status_code
        download = client.get(reverse("learning:cpd-evidence", args=[evidence.pk])).status_code
        assert (page, download) in {(200, 200), (404, 404)}, name
        if page == 200:
            seen.add(name)
        client.logout()

    assert seen == allowed


def test_cpd_shared_page_lists_only_shared_entries(client_for, candidate, preceptor):
    shared = CpdActivityFactory(candidate=candidate, shared_with_preceptor=True)
    CpdActivityFactory(candidate=candidate, shared_with_manager=True)
    CpdActivityFactory(candidate=candidate)

    response = client_for(preceptor).get(reverse("learning:recruit-cpd", args=[candidate.pk]))

    assert [a.pk for a in response.context["activities"]] == [shared.pk]


def test_cpd_shared_page_stranger_is_404(client_for, candidate, other_manager, buddy):
    url = reverse("learning:recruit-cpd", args=[candidate.pk])

    assert client_for(other_manager).get(url).status_code == 404
    assert client_for(buddy).get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_cpd_shared_page_query_count(
    client_for, candidate, manager, django_assert_num_queries, count
):
    CpdActivityFactory.create_batch(count, candidate=candidate, shared_with_manager=True)
    client = client_for(manager)
    url = reverse("learning:recruit-cpd", args=[candidate.pk])

    with django_assert_num_queries(10):
        response = client.get(url)

    assert len(response.context["activities"]) == count


def test_cpd_edit_other_recruits_entry_is_404(client_for, candidate, other_candidate):
    activity = CpdActivityFactory(candidate=other_candidate)

    response = client_for(candidate.user).get(reverse("learning:cpd-edit", args=[activity.pk]))

    assert response.status_code == 404


def _pdf_text(response) -> str:
    reader = PdfReader(
        BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_cpd_profile_pdf_has_the_recruits_activities_and_no_one_elses(
    client_for, candidate, other_candidate, organisation
):
    CpdActivityFactory(
        candidate=candidate,
        title="Falls prevention study day",
        learned="Screening older patients for falls.",
        practice_change="Every older patient now gets a falls plan.",
        hours=Decimal("6.5"),
        activity_type="formal",
    )
    CpdActivityFactory(candidate=candidate, title="Journal club on ankle sprains")
    CpdActivityFactory(candidate=other_candidate, title="Secret stranger course")
    CpdActivityFactory(
        candidate=CandidateFactory(organisation=organisation), title="Classmate reflection"
    )

    response = client_for(candidate.user).get(reverse("learning:cpd-profile"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    assert candidate.user.get_full_name() in text
    assert "Falls prevention study day" in text
    assert "Journal club on ankle sprains" in text
    assert "Screening older patients for falls." in text
    assert "Every older patient now gets a falls plan." in text
    assert "Total hours: 8.5" in text
    assert "Next registration renewal: 30 April" in text
    assert "Secret stranger course" not in text
    assert "Classmate reflection" not in text
    assert other_candidate.user.get_full_name() not in text


def test_cpd_profile_staff_are_refused(client_for, manager):
    assert client_for(manager).get(reverse("learning:cpd-profile")).status_code == 403


# --- Preceptorship -----------------------------------------------------------------------------


def test_preceptorship_page_for_the_recruit(client_for, candidate, preceptorship):
    response = client_for(candidate.user).get(reverse("learning:preceptorship"))

    assert response.status_code == 200
    assert response.context["role"] == "preceptee"
    assert [r.months for r in response.context["preceptorship"].reviews.all()] == [3, 6, 12]


def test_preceptorship_page_without_one(client_for, candidate):
    response = client_for(candidate.user).get(reverse("learning:preceptorship"))

    assert response.status_code == 200
    assert "has not started yet" in response.content.decode()


def test_preceptorship_detail_access(
    client_for, preceptorship, preceptor, manager, other_manager, buddy, other_candidate
):
    url = preceptorship.get_absolute_url()

    assert client_for(preceptor).get(url).context["role"] == "preceptor"
    assert client_for(manager).get(url).context["role"] == "manager"
    assert client_for(other_manager).get(url).status_code == 404
    assert client_for(buddy).get(url).status_code == 404
    assert client_for(other_candidate.user).get(url).status_code == 404


def test_preceptorship_start_uses_the_pastoral_preceptor(client_for, candidate, preceptor, manager):
    response = client_for(manager).post(
        reverse("learning:preceptorship-start", args=[candidate.pk]),
        {
            "start_date_day": "5",
            "start_date_month": "1",
            "start_date_year": "2026",
            "planned_protected_hours": "60",
            "objectives": "Objective one\n\nObjective two\n",
        },
    )

    assert response.status_code == 302
    preceptorship = Preceptorship.objects.get(candidate=candidate)
    assert preceptorship.preceptor == preceptor
    assert list(preceptorship.objectives.values_list("text", flat=True)) == [
        "Objective one",
        "Objective two",
    ]
    assert preceptorship.reviews.count() == 3


def test_preceptorship_start_without_a_preceptor_says_so(client_for, candidate, manager):
    response = client_for(manager).get(reverse("learning:preceptorship-start", args=[candidate.pk]))

    assert response.status_code == 200
    assert "Assign" in response.content.decode()
    assert response.context["preceptor"] is None


def test_preceptorship_start_other_organisation_is_404(client_for, other_candidate, manager):
    url = reverse("learning:preceptorship-start", args=[other_candidate.pk])

    assert client_for(manager).get(url).status_code == 404


def test_protected_time_bad_hours_keep_input(client_for, preceptorship, preceptor):
    response = client_for(preceptor).post(
        reverse("learning:protected-time-add", args=[preceptorship.pk]),
        {
            "date_day": "3",
            "date_month": "2",
            "date_year": "2026",
            "hours": "30",
            "activity": "Case discussion",
        },
    )

    assert response.status_code == 200
    assert response.context["time_form"].errors == {
        "hours": ["There are only 24 hours in a day: enter 24 or fewer."]
    }
    assert 'value="Case discussion"' in response.content.decode()
    assert not ProtectedTimeSession.objects.exists()


def test_protected_time_logged_counts_against_plan(client_for, preceptorship, candidate):
    client = client_for(candidate.user)
    client.post(
        reverse("learning:protected-time-add", args=[preceptorship.pk]),
        {
            "date_day": "3",
            "date_month": "2",
            "date_year": "2026",
            "hours": "1.5",
            "activity": "Case discussion",
        },
    )

    response = client.get(reverse("learning:preceptorship"))

    assert response.context["preceptorship"].used_hours == Decimal("1.5")
    assert "1.5 of 60.0 planned hours used" in response.content.decode()


def test_protected_time_manager_cannot_log(client_for, preceptorship, manager):
    response = client_for(manager).post(
        reverse("learning:protected-time-add", args=[preceptorship.pk]), {}
    )

    assert response.status_code == 403


def test_review_sign_off_page_preceptor_signs(client_for, preceptorship, preceptor):
    review = preceptorship.reviews.get(months=3)

    response = client_for(preceptor).post(
        reverse("learning:review-sign-off", args=[review.pk]),
        {"comments": "Settling in well.", "confirm": "on"},
    )

    assert response.status_code == 302
    assert PreceptorshipReview.objects.get(pk=review.pk).preceptor_comments == "Settling in well."


@pytest.fixture
def new_preceptor(organisation, candidate, preceptorship, manager):
    """Pastoral support replaces the recruit's preceptor after the preceptorship started."""
    from pastoral.services import assignment_create

    membership = MembershipFactory(organisation=organisation, role=Membership.Role.MENTOR, mfa=True)
    assignment_create(
        candidate=candidate, staff=membership.user, role=SupportRole.PRECEPTOR, by=manager
    )
    return membership.user


def test_preceptorship_replaced_preceptor_loses_access(
    client_for, preceptorship, preceptor, new_preceptor
):
    review = preceptorship.reviews.get(months=3)
    client = client_for(preceptor)

    assert client.get(preceptorship.get_absolute_url()).status_code == 404
    assert client.get(reverse("learning:review-sign-off", args=[review.pk])).status_code == 404
    sign = client.post(
        reverse("learning:review-sign-off", args=[review.pk]),
        {"comments": "Still here?", "confirm": "on"},
    )
    assert sign.status_code == 404
    assert list(client.get(reverse("learning:preceptorships")).context["preceptorships"]) == []
    assert PreceptorshipReview.objects.get(pk=review.pk).preceptor_signed_at is None


def test_preceptorship_new_preceptor_views_and_signs(
    client_for, preceptorship, preceptor, new_preceptor
):
    review = preceptorship.reviews.get(months=3)
    client = client_for(new_preceptor)

    page = client.get(preceptorship.get_absolute_url())
    sign = client.post(
        reverse("learning:review-sign-off", args=[review.pk]),
        {"comments": "Picked up from my colleague.", "confirm": "on"},
    )

    assert page.status_code == 200
    assert page.context["role"] == "preceptor"
    assert sign.status_code == 302
    signed = PreceptorshipReview.objects.get(pk=review.pk)
    assert signed.preceptor_comments == "Picked up from my colleague."
    assert signed.preceptor_signed_by == new_preceptor
    assert Preceptorship.objects.get(pk=preceptorship.pk).preceptor == new_preceptor


def test_review_sign_off_page_second_time_is_refused_with_message(
    client_for, preceptorship, preceptor
):
    review = preceptorship.reviews.get(months=3)
    review_sign_off(review=review, by=preceptor, comments="First time.")

    response = client_for(preceptor).post(
        reverse("learning:review-sign-off", args=[review.pk]),
        {"comments": "Typed again.", "confirm": "on"},
    )

    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("You already signed off the 3-month review as the preceptor on ")
    assert "Typed again." in response.content.decode()
    assert PreceptorshipReview.objects.get(pk=review.pk).preceptor_comments == "First time."


def test_review_sign_off_page_without_confirmation_keeps_comments(
    client_for, preceptorship, candidate
):
    review = preceptorship.reviews.get(months=3)

    response = client_for(candidate.user).post(
        reverse("learning:review-sign-off", args=[review.pk]), {"comments": "My reflections."}
    )

    assert response.context["form"].errors == {
        "confirm": ["Tick the box to confirm you sign off this review."]
    }
    assert "My reflections." in response.content.decode()
    assert PreceptorshipReview.objects.get(pk=review.pk).preceptee_signed_at is None


def test_review_sign_off_page_stranger_is_404(client_for, preceptorship, other_manager):
    review = preceptorship.reviews.get(months=3)

    url = reverse("learning:review-sign-off", args=[review.pk])
    assert client_for(other_manager).get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_preceptorships_list_query_count(
    client_for, manager, organisation, django_assert_num_queries, count
):
    from learning.services import protected_time_log

    for _ in range(count):
        preceptorship = PreceptorshipFactory(candidate=CandidateFactory(organisation=organisation))
        protected_time_log(
            preceptorship=preceptorship,
            date=date(2026, 2, 1),
            hours=Decimal("2"),
            activity="Supervision",
            by=manager,
        )
    CandidateFactory(organisation=organisation)
    client = client_for(manager)

    with django_assert_num_queries(10):
        response = client.get(reverse("learning:preceptorships"))

    assert len(response.context["preceptorships"]) == count
    assert [p.used_hours for p in response.context["preceptorships"]] == [Decimal("2")] * count
    assert len(response.context["without"]) == 1


@pytest.mark.parametrize("count", [1, 3])
def test_preceptorship_page_query_count(
    client_for, manager, preceptorship, django_assert_num_queries, count
):
    from learning.services import preceptorship_objective_add, protected_time_log

    for number in range(count - 1):
        preceptorship_objective_add(
            preceptorship=preceptorship,
            text=f"Objective {number}",
            agreed_on=date(2026, 2, 1),
            by=manager,
        )
    for _ in range(count):
        protected_time_log(
            preceptorship=preceptorship,
            date=date(2026, 2, 1),
            hours=Decimal("2"),
            activity="Supervision",
            by=manager,
        )
    url = reverse("learning:preceptorship-detail", args=[preceptorship.pk])
    client = client_for(manager)
    client.get(url)  # settles the session (the MFA check, last seen)

    with django_assert_num_queries(10):
        response = client.get(url)

    assert response.status_code == 200
    assert response.text.count("Objective ") == count - 1


def test_preceptorships_list_preceptor_sees_own_preceptees(client_for, organisation):
    membership = MembershipFactory(organisation=organisation, role="mentor", mfa=True)
    mine = PreceptorshipFactory(preceptor=membership.user)
    SupportAssignmentFactory(
        candidate=mine.candidate, staff=membership.user, role=SupportRole.PRECEPTOR
    )
    PreceptorshipFactory()

    response = client_for(membership.user).get(reverse("learning:preceptorships"))

    assert list(response.context["preceptorships"]) == [mine]


@pytest.mark.parametrize(
    ("role", "href", "label"),
    [
        ("buddy", "/learning/good-practice/buddies/", "A work-based buddy"),
        ("mentor", "/learning/good-practice/mentoring/", "Mentoring"),
        (
            "preceptor",
            "/learning/good-practice/induction-preceptorship/",
            "Induction and preceptorship",
        ),
        ("", "/learning/good-practice/buddies/", "A work-based buddy"),
    ],
)
def test_pastoral_good_practice_link_follows_the_role_being_assigned(role, href, label):
    from django.template.loader import render_to_string

    html = render_to_string(
        "includes/pastoral_good_practice_link.html", {"topic": "buddies", "role": role}
    )

    assert f'<a href="{href}">{label}</a>' in html
