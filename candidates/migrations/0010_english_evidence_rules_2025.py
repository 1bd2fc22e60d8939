"""HCPC's English evidence rules for applications from 29 January 2025 (DOMAIN.md), correcting
what 0004 seeded:

- OET is accepted only for the professions with an OET version, at a total of 1,400 with no paper
  below 300 (speech and language therapists 1,800 and 400); 0004 had every profession at 350 a
  paper (400 for SLTs) and no total. Existing OET results get their total stored.
- TOEFL iBT figures are kept but marked for an administrator to confirm, and a TOEFL taken in the
  UK is not accepted.
- A qualification never expires (0004 gave it two years like a test result).
- HCPC's qualifying countries, as DOMAIN.md lists them, and the rest of the list as best known
  here, marked for an administrator to check against HCPC's published list.
"""

from decimal import Decimal

from django.db import migrations

HCPC_2025 = "HCPC English language proficiency requirements, from 29 January 2025."
SLT = "speech-and-language-therapist"

# (profession slug or None, overall, minimum element)
IELTS = [(None, "7.0", "6.5"), (SLT, "8.0", "7.5")]
# The professions with an OET version; for OET the overall is the four papers' total.
OET = [
    ("physiotherapist", "1400", "300"),
    ("occupational-therapist", "1400", "300"),
    ("radiographer", "1400", "300"),
    ("dietitian", "1400", "300"),
    ("podiatrist", "1400", "300"),
    (SLT, "1800", "400"),
]
OET_NOTE = (
    HCPC_2025 + " Accepted only for professions with an OET version; the applicant sends OET's "
    "statement of comparability."
)
# 0004's figures, kept where an administrator has not set others; to be confirmed.
TOEFL = [(None, "100", "22"), (SLT, "110", "26")]
TOEFL_NOTE = (
    "A minimum of 100 overall is commonly cited for most professions; the element and speech and "
    "language therapy figures are uncertain. Confirm them against HCPC's published requirements, "
    "then tick 'Figures confirmed'. A TOEFL iBT taken in the UK is not accepted."
)
QUALIFICATION_NOTE = (
    HCPC_2025 + " A relevant primary qualification gained in a qualifying country; it does not "
    "expire."
)

# HCPC's qualifying countries as DOMAIN.md lists them (the British overseas territories, which
# HCPC lists in general, one by one).
LISTED = {
    "AS": "American Samoa (United States)",
    "AI": "Anguilla (United Kingdom)",
    "AG": "Antigua and Barbuda",
    "AU": "Australia",
    "BS": "Bahamas",
    "BB": "Barbados",
    "BZ": "Belize",
    "BM": "Bermuda (United Kingdom)",
    "VG": "British Virgin Islands (United Kingdom)",
    "CA": "Canada",
    "KY": "Cayman Islands (United Kingdom)",
    "CK": "Cook Islands (New Zealand)",
    "DM": "Dominica",
    "FK": "Falkland Islands (United Kingdom)",
    "GI": "Gibraltar (United Kingdom)",
    "GD": "Grenada",
    "GU": "Guam (United States)",
    "GG": "Guernsey (United Kingdom)",
    "GY": "Guyana",
    "IE": "Ireland",
    "IM": "Isle of Man (United Kingdom)",
    "JM": "Jamaica",
    "JE": "Jersey (United Kingdom)",
    "IO": "British overseas territory",
    "MS": "British overseas territory",
    "PN": "British overseas territory",
    "SH": "British overseas territory",
    "GS": "British overseas territory",
    "TC": "British overseas territory",
}
# The rest of HCPC's list as best known here (DOMAIN.md: "it continues with further
# English-speaking countries and territories such as New Zealand, the Caribbean states and the
# USA"): an administrator checks each against HCPC's published list.
TO_CHECK = {
    "CX": "Australian island territory",
    "CC": "Australian island territory",
    "NF": "Australian island territory",
    "NZ": "New Zealand",
    "KN": "St Kitts and Nevis",
    "LC": "St Lucia",
    "VC": "St Vincent and the Grenadines",
    "TT": "Trinidad and Tobago",
    "US": "United States of America",
    "VI": "US Virgin Islands (United States)",
}


def _set(Threshold, Profession, test_type, slug, **fields):
    profession = Profession.objects.get(slug=slug) if slug else None
    row, _ = Threshold.objects.get_or_create(
        test_type=test_type, profession=profession, defaults=fields
    )
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


def correct(apps, schema_editor):
    Threshold = apps.get_model("candidates", "EnglishThreshold")
    Profession = apps.get_model("candidates", "Profession")
    Qualifying = apps.get_model("candidates", "EnglishQualifyingCountry")
    Evidence = apps.get_model("candidates", "EnglishLanguageEvidence")

    for slug, overall, element in IELTS:
        _set(
            Threshold,
            Profession,
            "ielts",
            slug,
            overall=Decimal(overall),
            minimum_element=Decimal(element),
            valid_for_days=730,
            confirmed=True,
            sourced_from=HCPC_2025,
        )
    oet_professions = [slug for slug, _overall, _element in OET]
    Threshold.objects.filter(test_type="oet").exclude(
        profession__slug__in=oet_professions
    ).delete()
    for slug, total, paper in OET:
        _set(
            Threshold,
            Profession,
            "oet",
            slug,
            overall=Decimal(total),
            minimum_element=Decimal(paper),
            valid_for_days=730,
            confirmed=True,
            sourced_from=OET_NOTE,
        )
    for slug, overall, element in TOEFL:
        profession = Profession.objects.get(slug=slug) if slug else None
        row, _ = Threshold.objects.get_or_create(
            test_type="toefl_ibt",
            profession=profession,
            defaults={"overall": Decimal(overall), "minimum_element": Decimal(element)},
        )
        row.confirmed = False
        row.accepted_if_taken_in_uk = False
        row.sourced_from = TOEFL_NOTE
        row.save()
    _set(
        Threshold,
        Profession,
        "qualification",
        None,
        overall=None,
        minimum_element=None,
        valid_for_days=None,
        confirmed=True,
        sourced_from=QUALIFICATION_NOTE,
    )

    for code, note in LISTED.items():
        Qualifying.objects.update_or_create(
            country=code, defaults={"note": note, "to_be_checked": False}
        )
    for code, note in TO_CHECK.items():
        Qualifying.objects.get_or_create(country=code, defaults={"note": note, "to_be_checked": True})

    # OET reports four papers; HCPC judges their total, which is stored as the overall score.
    papers = ("listening", "reading", "writing", "speaking")
    for evidence in Evidence.objects.filter(test_type="oet", overall__isnull=True):
        scores = [getattr(evidence, paper) for paper in papers]
        if None not in scores:
            evidence.overall = sum(scores)
            evidence.save(update_fields=["overall"])


class Migration(migrations.Migration):
    dependencies = [("candidates", "0009_english_evidence_rules")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
