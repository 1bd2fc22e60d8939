from django.db import migrations

from learning.seed.good_practice import GOOD_PRACTICE_GUIDES
from learning.seed.recruit_guides import RECRUIT_GUIDES

# HCPC renews each profession every two years by a fixed date. Admins should check these against
# the HCPC's published renewal dates; osteopaths (GOsC) renew yearly on their own dates.
NOTE = "Seeded from HCPC's two-yearly renewal pattern; check against hcpc-uk.org."
CYCLES = [
    # (profession slug, day, month, years)
    ("art-therapist", 31, 5, "odd"),
    ("dramatherapist", 31, 5, "odd"),
    ("music-therapist", 31, 5, "odd"),
    ("dietitian", 31, 8, "odd"),
    ("occupational-therapist", 31, 10, "even"),
    ("operating-department-practitioner", 30, 9, "even"),
    ("orthoptist", 31, 10, "odd"),
    ("paramedic", 31, 8, "odd"),
    ("physiotherapist", 30, 4, "even"),
    ("podiatrist", 31, 5, "even"),
    ("prosthetist-and-orthotist", 30, 11, "odd"),
    ("radiographer", 28, 2, "odd"),
    ("speech-and-language-therapist", 30, 9, "odd"),
]

MILESTONES = [(3, "3-month review"), (6, "6-month review"), (12, "12-month review")]


def seed(apps, schema_editor):
    Profession = apps.get_model("candidates", "Profession")
    RegistrationCycle = apps.get_model("learning", "RegistrationCycle")
    ReviewMilestone = apps.get_model("learning", "ReviewMilestone")
    Guide = apps.get_model("learning", "Guide")
    GuideQuestion = apps.get_model("learning", "GuideQuestion")
    GuideChoice = apps.get_model("learning", "GuideChoice")

    for slug, day, month, years in CYCLES:
        profession = Profession.objects.filter(slug=slug).first()
        if profession:
            RegistrationCycle.objects.update_or_create(
                profession=profession,
                defaults={
                    "renewal_day": day,
                    "renewal_month": month,
                    "years": years,
                    "notes": NOTE,
                },
            )
    for months, name in MILESTONES:
        ReviewMilestone.objects.update_or_create(months=months, defaults={"name": name})

    for data in RECRUIT_GUIDES:
        guide, created = Guide.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"],
                "audience": "recruit",
                "barrier_themes": data["themes"],
                "published": True,
            },
        )
        if not created:
            continue
        for order, (text, explanation, choices) in enumerate(data["questions"]):
            question = GuideQuestion.objects.create(
                guide=guide, text=text, explanation=explanation, order=order
            )
            for choice_order, (choice_text, correct) in enumerate(choices):
                GuideChoice.objects.create(
                    question=question, text=choice_text, is_correct=correct, order=choice_order
                )

    for data in GOOD_PRACTICE_GUIDES:
        Guide.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"],
                "case_study": data["case_study"],
                "audience": "manager",
                "topic": data["topic"],
                "barrier_themes": data["themes"],
                "published": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
