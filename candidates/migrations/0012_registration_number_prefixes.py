"""The letters each profession's HCPC registration numbers start with (DOMAIN.md), so that a
registration number can be checked against the recruit's profession. Osteopaths have none: the
GOsC registers them."""

from django.db import migrations

PREFIXES = {
    "art-therapist": "AS",
    "dramatherapist": "AS",
    "music-therapist": "AS",
    "podiatrist": "CH",
    "dietitian": "DT",
    "orthoptist": "OR",
    "operating-department-practitioner": "ODP",
    "occupational-therapist": "OT",
    "paramedic": "PA",
    "physiotherapist": "PH",
    "prosthetist-and-orthotist": "PO",
    "radiographer": "RA",
    "speech-and-language-therapist": "SL",
}


def seed(apps, schema_editor):
    Profession = apps.get_model("candidates", "Profession")
    for slug, prefix in PREFIXES.items():
        Profession.objects.filter(slug=slug).update(registration_prefix=prefix)


class Migration(migrations.Migration):
    dependencies = [("candidates", "0011_profession_registration_prefix")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
