"""HCPC's international registration steps per pathway, a GOsC route for osteopaths, and the
English thresholds in force from 29 January 2025. Admins keep all of it up to date."""

from decimal import Decimal

from django.db import migrations

HCPC = "hcpc"
GOSC = "gosc"
PATHWAYS = ["overseas", "refugee_uk", "uk_resident"]

# (key, name, guidance, acted on by, target amount, target unit, optional, repeatable, pathways)
HCPC_STEPS = [
    (
        "application",
        "Submit your online application",
        "Apply to the HCPC online as an international applicant. Gather your certified "
        "qualification certificate (with a certified English translation if needed), the course "
        "information form signed by your education provider, references from official email "
        "addresses (not webmail), identity documents, evidence of any change of name, a "
        "certificate of professional status from your last regulator and your English evidence.",
        "recruit", None, "calendar_days", False, False, PATHWAYS,
    ),
    (
        "scrutiny_fee",
        "Pay the scrutiny fee",
        "Pay HCPC's scrutiny fee so that they can start checking your application.",
        "recruit", None, "calendar_days", False, False, ["overseas", "uk_resident"],
    ),
    (
        "initial_review",
        "Initial review and verification checks",
        "HCPC checks your application is complete and verifies your documents. Their target is "
        "about 4 weeks. Answer quickly if they ask for anything.",
        "regulator", 28, "calendar_days", False, False, PATHWAYS,
    ),
    (
        "assessment",
        "Assessment of your education and training",
        "Two assessors compare your education and training with HCPC's standards. Their target "
        "is 60 working days from a complete application.",
        "regulator", 60, "working_days", False, False, PATHWAYS,
    ),
    (
        "further_information",
        "Further information requested",
        "HCPC's assessors have asked for more information. Send exactly what they ask for; "
        "they may ask more than once.",
        "recruit", None, "calendar_days", True, True, PATHWAYS,
    ),
    (
        "decision",
        "Decision",
        "HCPC decides: successful, a test of competence (usually a structured interview), or "
        "refused (with a right of appeal).",
        "regulator", None, "calendar_days", False, False, PATHWAYS,
    ),
    (
        "registration_fee",
        "Pay the registration fee",
        "Pay HCPC's registration fee so that you can be added to the register.",
        "recruit", None, "calendar_days", False, False, PATHWAYS,
    ),
    (
        "registered",
        "Registered",
        "You are on the HCPC register. Record your registration number.",
        "regulator", None, "calendar_days", False, False, PATHWAYS,
    ),
]

GOSC_NOTE = "Osteopaths are registered by the General Osteopathic Council (GOsC), not the HCPC. "
GOSC_STEPS = [
    (
        "application",
        "Apply to the General Osteopathic Council",
        GOSC_NOTE + "Apply through the GOsC's international route; HCPC does not register "
        "osteopaths.",
        "recruit", None, "calendar_days", False, False, PATHWAYS,
    ),
    (
        "assessment",
        "GOsC assessment of your qualification",
        GOSC_NOTE + "The GOsC assesses your qualification and may ask you to take an assessment "
        "of clinical performance.",
        "regulator", None, "calendar_days", False, False, PATHWAYS,
    ),
    (
        "registration_fee",
        "Pay the GOsC registration fee",
        GOSC_NOTE + "Pay the GOsC's registration fee.",
        "recruit", None, "calendar_days", False, False, PATHWAYS,
    ),
    (
        "registered",
        "Registered with the GOsC",
        GOSC_NOTE + "Record your GOsC registration number.",
        "regulator", None, "calendar_days", False, False, PATHWAYS,
    ),
]

# (test type, profession slug or None, overall, minimum element). OET and TOEFL figures are
# uncertain in the public sources; admins correct them.
THRESHOLDS = [
    ("ielts", None, "7.0", "6.5"),
    ("ielts", "speech-and-language-therapist", "8.0", "7.5"),
    ("oet", None, None, "350"),
    ("oet", "speech-and-language-therapist", None, "400"),
    ("toefl_ibt", None, "100", "22"),
    ("toefl_ibt", "speech-and-language-therapist", "110", "26"),
    ("qualification", None, None, None),
]


def seed(apps, schema_editor):
    Template = apps.get_model("candidates", "RegistrationStepTemplate")
    Threshold = apps.get_model("candidates", "EnglishThreshold")
    Profession = apps.get_model("candidates", "Profession")
    for regulator, steps in ((HCPC, HCPC_STEPS), (GOSC, GOSC_STEPS)):
        for pathway in PATHWAYS:
            order = 0
            for key, name, guidance, actor, amount, unit, optional, repeatable, pathways in steps:
                if pathway not in pathways:
                    continue
                order += 1
                Template.objects.update_or_create(
                    regulator=regulator,
                    pathway=pathway,
                    key=key,
                    defaults={
                        "order": order * 10,
                        "name": name,
                        "guidance": guidance,
                        "acted_on_by": actor,
                        "target_amount": amount,
                        "target_unit": unit,
                        "optional": optional,
                        "repeatable": repeatable,
                    },
                )
    for test_type, slug, overall, element in THRESHOLDS:
        profession = Profession.objects.get(slug=slug) if slug else None
        Threshold.objects.update_or_create(
            test_type=test_type,
            profession=profession,
            defaults={
                "overall": Decimal(overall) if overall else None,
                "minimum_element": Decimal(element) if element else None,
                "valid_for_days": 730,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0003_registration")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
