"""Seed the Code of Practice country list from DOMAIN.md (WHO Health Workforce Support and
Safeguards List 2023, as NHS Employers applies it). Admins correct and extend it in the admin."""

import datetime

from django.db import migrations

WHO_LIST_2023 = datetime.date(2023, 3, 14)

RED = [
    "AF", "AO", "BD", "BJ", "BF", "BI", "CM", "CF", "TD", "KM", "CG", "CI", "KP", "CD", "ER",
    "ET", "GA", "GM", "GH", "GN", "GW", "HT", "KI", "LA", "LS", "LR", "MG", "MW", "ML", "MR",
    "FM", "MZ", "NE", "NG", "PK", "PG", "RW", "WS", "SN", "SL", "SB", "SO", "SS", "SD", "SY",
    "TZ", "TL", "TG", "TV", "UG", "VU", "YE", "ZM", "ZW",
]

AMBER = {
    "KE": (
        "UK–Kenya bilateral agreement on health and care workforce collaboration (2021): "
        "recruit only through the routes and numbers the agreement sets out."
    ),
    "NP": (
        "UK–Nepal government-to-government memorandum of understanding on healthcare "
        "recruitment (2022): recruit only through the agreement's approved pilot routes."
    ),
}


def seed(apps, schema_editor):
    CountryStatus = apps.get_model("employers", "CountryStatus")
    for code in RED:
        CountryStatus.objects.get_or_create(
            country=code, effective_from=WHO_LIST_2023, defaults={"status": "red"}
        )
    for code, note in AMBER.items():
        CountryStatus.objects.get_or_create(
            country=code,
            effective_from=WHO_LIST_2023,
            defaults={"status": "amber", "agreement_note": note},
        )


def unseed(apps, schema_editor):
    CountryStatus = apps.get_model("employers", "CountryStatus")
    CountryStatus.objects.filter(effective_from=WHO_LIST_2023, country__in=[*RED, *AMBER]).delete()


class Migration(migrations.Migration):
    dependencies = [("employers", "0002_country_status")]

    operations = [migrations.RunPython(seed, unseed)]
