from datetime import date
from decimal import Decimal

import factory

from learning.models import (
    Audience,
    CpdActivity,
    CpdEvidence,
    Guide,
    GuideChoice,
    GuideQuestion,
    Preceptorship,
)
from tests.factories.accounts import StaffUserFactory
from tests.factories.candidates import CandidateFactory

__all__ = [
    "CpdActivityFactory",
    "CpdEvidenceFactory",
    "GuideFactory",
    "GuideQuestionFactory",
    "PreceptorshipFactory",
    "question_with_choices",
]


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide

    title = factory.Sequence(lambda n: f"Test guide {n}")
    slug = factory.Sequence(lambda n: f"test-guide-{n}")
    summary = "A short guide for tests."
    body = "Some **plain** words."
    audience = Audience.RECRUIT
    barrier_themes = factory.LazyFunction(lambda: ["nhs_system_knowledge"])
    published = True


class GuideQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuideQuestion

    guide = factory.SubFactory(GuideFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")


def question_with_choices(guide: Guide, *, right: str = "Right", wrong: str = "Wrong"):
    """A question with one right and one wrong choice; returns (question, right, wrong)."""
    question = GuideQuestionFactory(guide=guide)
    good = GuideChoice.objects.create(question=question, text=right, is_correct=True)
    bad = GuideChoice.objects.create(question=question, text=wrong, is_correct=False)
    return question, good, bad


class CpdActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CpdActivity

    candidate = factory.SubFactory(CandidateFactory)
    activity_type = CpdActivity.Type.WORK_BASED
    date = date(2026, 3, 2)
    hours = Decimal("2.0")
    title = factory.Sequence(lambda n: f"CPD activity {n}")
    learned = "Something useful."
    practice_change = "Patients got better care."


class CpdEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CpdEvidence

    activity = factory.SubFactory(CpdActivityFactory)
    file = factory.django.FileField(filename="certificate.pdf", data=b"%PDF-1.4 test")
    original_name = "certificate.pdf"
    mime = "application/pdf"


class PreceptorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preceptorship

    candidate = factory.SubFactory(CandidateFactory)
    preceptor = factory.SubFactory(StaffUserFactory)
    start_date = date(2026, 1, 5)
    planned_protected_hours = Decimal("60")
