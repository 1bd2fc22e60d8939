from django.db import migrations

# (group, text, guidance): a usable pastoral-care standard built from what trusts describe for
# the NHS Pastoral Care Quality Award; administrators edit it in the admin site.
CRITERIA = [
    (
        "before_employment",
        "Recruits get a clear job description, banding and expectations before they accept",
        "Offer letters and job descriptions that state band, duties and supervision.",
    ),
    (
        "before_employment",
        "A single named point of contact keeps in touch from offer to arrival",
        "Name and contact details given in the offer pack; contact log.",
    ),
    (
        "before_employment",
        "Recruits are helped through HCPC registration and English evidence",
        "Guidance shared, fees explained, progress tracked in the portal.",
    ),
    (
        "before_employment",
        "A welcome booklet covers housing, banking, transport, schools and the local area",
        "The current booklet and when it was last reviewed.",
    ),
    (
        "arrival_induction",
        "Someone meets recruits on arrival (airport or station welcome)",
        "Arrival arrangements for the last cohort.",
    ),
    (
        "arrival_induction",
        "Accommodation is arranged and funded for the first weeks",
        "Accommodation policy and how long it is funded.",
    ),
    (
        "arrival_induction",
        "A work-based buddy is assigned before the first day",
        "Buddy assignments recorded before start dates.",
    ),
    (
        "arrival_induction",
        "Induction covers NHS systems, local policies and the UK clinical context",
        "Induction programme and attendance.",
    ),
    (
        "arrival_induction",
        "Protected time for shadowing before working alone",
        "Rotas showing supernumerary or shadowing time.",
    ),
    (
        "settling_in",
        "Buddies and mentors check in regularly (weekly at first, then monthly)",
        "Check-in records in the portal.",
    ),
    (
        "settling_in",
        "A preceptorship with protected time is offered to every new recruit",
        "Preceptorship programme (AHP Preceptorship Standards and Framework, 2023).",
    ),
    (
        "settling_in",
        "Recruits are introduced to local BAME, diaspora, faith and professional networks",
        "Network directory and introductions recorded.",
    ),
    (
        "settling_in",
        "Current staff have had cultural awareness sessions",
        "Session dates and attendance of the receiving teams.",
    ),
    (
        "settling_in",
        "Wellbeing is checked regularly and low scores are followed up",
        "Pulse answers and follow-up notes.",
    ),
    (
        "six_months",
        "Recruits have a career and CPD conversation and a development plan",
        "Appraisal or development plans at six months.",
    ),
    (
        "six_months",
        "Recruits' feedback shapes the programme for the next cohort",
        "Survey or focus-group results and changes made.",
    ),
    (
        "six_months",
        "Retention of international recruits is tracked at 12 months and beyond",
        "Retention figures by cohort.",
    ),
    (
        "six_months",
        "Experienced recruits are invited to become buddies and mentors",
        "Former recruits now holding buddy or mentor duties.",
    ),
]


def seed(apps, schema_editor):
    PastoralSettings = apps.get_model("pastoral", "PastoralSettings")
    SelfAssessmentCriterion = apps.get_model("pastoral", "SelfAssessmentCriterion")
    PastoralSettings.objects.get_or_create(pk=1)
    orders: dict[str, int] = {}
    for group, text, guidance in CRITERIA:
        orders[group] = orders.get(group, 0) + 1
        SelfAssessmentCriterion.objects.get_or_create(
            group=group, text=text, defaults={"guidance": guidance, "order": orders[group]}
        )


def unseed(apps, schema_editor):
    SelfAssessmentCriterion = apps.get_model("pastoral", "SelfAssessmentCriterion")
    SelfAssessmentCriterion.objects.filter(text__in=[text for _, text, _ in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("pastoral", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
