from django.conf import settings
from django.db import models
from django_countries.fields import CountryField


class Profession(models.Model):
    """One of the 14 Allied Health Professions, with the regulator that registers it."""

    class Regulator(models.TextChoices):
        HCPC = "hcpc", "Health and Care Professions Council (HCPC)"
        GOSC = "gosc", "General Osteopathic Council (GOsC)"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    regulator = models.CharField(max_length=10, choices=Regulator.choices, default=Regulator.HCPC)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pathway(models.TextChoices):
    OVERSEAS = "overseas", "Overseas recruit"
    REFUGEE_IN_UK = "refugee_uk", "Refugee in the UK"
    UK_RESIDENT = "uk_resident", "Other UK resident"


class CandidateProfile(models.Model):
    """A recruit: who they are, what they trained as, and the employer they are joining."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    organisation = models.ForeignKey(
        "employers.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        help_text="The employer the recruit is joining.",
    )
    profession = models.ForeignKey(
        Profession, on_delete=models.PROTECT, null=True, blank=True, related_name="candidates"
    )
    pathway = models.CharField(max_length=20, choices=Pathway.choices, default=Pathway.OVERSEAS)
    country_of_training = CountryField(blank=True)
    nationality = CountryField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_refugee(self) -> bool:
        return self.pathway == Pathway.REFUGEE_IN_UK


class BarrierTheme(models.TextChoices):
    """The eight barriers HEE's study found; the taxonomy for barrier reports, checklist items,
    check-in topics, guides and the dashboards."""

    HCPC_REGISTRATION = "hcpc_registration", "HCPC registration – professional standards"
    NHS_SYSTEM_KNOWLEDGE = "nhs_system_knowledge", "NHS system knowledge"
    LANGUAGE = "language", "Language proficiency"
    PASTORAL_SUPPORT = "pastoral_support", "Pastoral support"
    ONBOARDING = "onboarding", "Onboarding"
    CULTURAL = "cultural", "Cultural barriers"
    CPD = "cpd", "Continuous professional development"
    BELONGING_WELLBEING = "belonging_wellbeing", "Belonging and wellbeing"
