from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.demo import demo_pdf, demo_png
from candidates.models import (
    BarrierReport,
    BarrierTheme,
    CandidateProfile,
    EnglishLanguageEvidence,
    EnglishTestType,
    EvidenceDocument,
    Pathway,
    Profession,
    RegistrationStep,
    RegistrationStepTemplate,
)
from candidates.signals import recruits_changed
from tests.factories.accounts import RecruitUserFactory
from tests.factories.employers import OrganisationFactory

__all__ = [
    "BarrierReportFactory",
    "CandidateFactory",
    "EnglishEvidenceFactory",
    "EvidenceDocumentFactory",
    "RegistrationStepFactory",
    "pdf_upload",
    "png_upload",
    "profession",
    "step_template",
]

# Small files that open as what they are (uploads are opened with pypdf and Pillow): the demo's.
PDF_BYTES = demo_pdf("Certificate of qualification")
PNG_BYTES = demo_png(1, 1)


def profession(slug: str = "physiotherapist") -> Profession:
    """Professions are seeded by a data migration; tests look them up, never create them."""
    return Profession.objects.get(slug=slug)


def step_template(key: str, *, pathway=Pathway.OVERSEAS, regulator="hcpc"):
    """Step templates are seeded by a data migration too."""
    return RegistrationStepTemplate.objects.get(regulator=regulator, pathway=pathway, key=key)


def pdf_upload(name: str = "certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name: str = "passport.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def _announce(obj, create, extracted, **kwargs):
    # Factories write round the services, so they announce the write as the services do (the
    # apps above store what they keep per recruit).
    if create:
        recruits_changed.send(sender=type(obj), candidate_ids=[obj.candidate_id])


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(RecruitUserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    profession = factory.LazyFunction(profession)
    pathway = Pathway.OVERSEAS
    country_of_training = "IN"
    nationality = "IN"

    @factory.post_generation
    def announced(obj, create, extracted, **kwargs):
        if create:
            recruits_changed.send(sender=CandidateProfile, candidate_ids=[obj.pk])


class RegistrationStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationStep
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    template = factory.LazyFunction(lambda: step_template("application"))
    round = 1

    announced = factory.PostGeneration(_announce)


class EnglishEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnglishLanguageEvidence

    candidate = factory.SubFactory(CandidateFactory)
    test_type = EnglishTestType.IELTS
    test_date = date(2025, 6, 1)
    overall = Decimal("7.5")
    listening = Decimal("7.5")
    reading = Decimal("7.0")
    writing = Decimal("7.0")
    speaking = Decimal("8.0")


class EvidenceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceDocument

    candidate = factory.SubFactory(CandidateFactory)
    kind = EvidenceDocument.Kind.QUALIFICATION
    file = factory.django.FileField(filename="registration/x.pdf", data=PDF_BYTES)
    original_name = "certificate.pdf"
    mime = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda o: o.candidate.user)


class BarrierReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BarrierReport

    candidate = factory.SubFactory(CandidateFactory)
    theme = BarrierTheme.HCPC_REGISTRATION
    description = "Could not get the course information form signed."
    occurred_on = date(2025, 5, 1)
    reported_by = factory.LazyAttribute(lambda o: o.candidate.user)
