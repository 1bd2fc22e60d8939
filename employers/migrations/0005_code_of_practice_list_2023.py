"""Hold NHS Employers' Code of Practice country list exactly as published from 23 March 2023 (see
DOMAIN.md), correcting the list 0003 seeded: that one was dated 14 March 2023, had Syria and North
Korea (not on the list) and lacked Djibouti and Equatorial Guinea (red on it).

Rows 0003 seeded are moved to 23 March 2023 and set to the published status; rows for other
countries or dates (an admin's) are left alone. The list is recorded as an edition held from
23 March 2023: for an earlier date the portal says that no list is held, never "green"."""

import datetime

from django.db import migrations

LIST_FROM = datetime.date(2023, 3, 23)
# The date and the countries 0003 seeded wrongly.
SEEDED_ON = datetime.date(2023, 3, 14)
NOT_ON_THE_LIST = ["SY", "KP"]

LIST_NAME = "NHS Employers' Code of Practice country list (WHO Health Workforce Support and Safeguards List 2023)"
LIST_SOURCE = (
    "NHS Employers, Code of practice for the international recruitment of health and social "
    "care personnel in England: the red and amber country list, from 23 March 2023. Check it "
    "there when NHS Employers publishes a change."
)

# The 54 red countries, in the published order.
RED = [
    "AF",  # Afghanistan
    "AO",  # Angola
    "BD",  # Bangladesh
    "BJ",  # Benin
    "BF",  # Burkina Faso
    "BI",  # Burundi
    "CM",  # Cameroon
    "CF",  # Central African Republic
    "TD",  # Chad
    "KM",  # Comoros
    "CG",  # Congo
    "CD",  # Democratic Republic of the Congo
    "CI",  # Côte d'Ivoire
    "DJ",  # Djibouti
    "GQ",  # Equatorial Guinea
    "ER",  # Eritrea
    "ET",  # Ethiopia
    "GA",  # Gabon
    "GM",  # The Gambia
    "GH",  # Ghana
    "GN",  # Guinea
    "GW",  # Guinea-Bissau
    "HT",  # Haiti
    "KI",  # Kiribati
    "LA",  # Laos
    "LS",  # Lesotho
    "LR",  # Liberia
    "MG",  # Madagascar
    "MW",  # Malawi
    "ML",  # Mali
    "MR",  # Mauritania
    "FM",  # Micronesia (Federated States of)
    "MZ",  # Mozambique
    "NE",  # Niger
    "NG",  # Nigeria
    "PK",  # Pakistan
    "PG",  # Papua New Guinea
    "RW",  # Rwanda
    "WS",  # Samoa
    "SN",  # Senegal
    "SL",  # Sierra Leone
    "SB",  # Solomon Islands
    "SO",  # Somalia
    "SS",  # South Sudan
    "SD",  # Sudan
    "TL",  # Timor-Leste
    "TG",  # Togo
    "TV",  # Tuvalu
    "TZ",  # Tanzania
    "UG",  # Uganda
    "VU",  # Vanuatu
    "YE",  # Yemen
    "ZM",  # Zambia
    "ZW",  # Zimbabwe
]

AMBER = {
    "KE": (
        "Kenya is amber (it is not on the WHO list) from 11 November 2021, under the UK–Kenya "
        "bilateral agreement on health and care workforce collaboration: recruit only under the "
        "agreement's terms."
    ),
    "NP": (
        "Nepal is on the WHO list and amber under the UK–Nepal memorandum of understanding on "
        "healthcare recruitment of 22 August 2022: recruit only under the memorandum's terms."
    ),
}

# 0003's amber notes, replaced when an admin has not changed them.
SEEDED_NOTES = {
    "KE": (
        "UK–Kenya bilateral agreement on health and care workforce collaboration (2021): "
        "recruit only through the routes and numbers the agreement sets out."
    ),
    "NP": (
        "UK–Nepal government-to-government memorandum of understanding on healthcare "
        "recruitment (2022): recruit only through the agreement's approved pilot routes."
    ),
}


def correct(apps, schema_editor):
    CodeOfPracticeList = apps.get_model("employers", "CodeOfPracticeList")
    CountryStatus = apps.get_model("employers", "CountryStatus")
    CodeOfPracticeList.objects.update_or_create(
        effective_from=LIST_FROM, defaults={"name": LIST_NAME, "source": LIST_SOURCE}
    )
    seeded = CountryStatus.objects.filter(effective_from=SEEDED_ON)
    seeded.filter(country__in=NOT_ON_THE_LIST).delete()
    # A seeded row an admin ended before the list began describes no real period.
    seeded.filter(effective_to__lt=LIST_FROM).delete()
    statuses = {**dict.fromkeys(RED, "red"), **dict.fromkeys(AMBER, "amber")}
    for code, status in statuses.items():
        row = CountryStatus.objects.filter(country=code, effective_from=LIST_FROM).first()
        old = seeded.filter(country=code).first()
        if row is None and old is not None:
            row = old
            row.effective_from = LIST_FROM
        elif old is not None:
            old.delete()
        if row is None:
            row = CountryStatus(country=code, effective_from=LIST_FROM)
        row.status = status
        if code in AMBER and row.agreement_note.strip() in ("", SEEDED_NOTES[code]):
            row.agreement_note = AMBER[code]
        row.save()


class Migration(migrations.Migration):
    dependencies = [("employers", "0004_code_of_practice_list")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
