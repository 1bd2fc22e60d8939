from django.db import migrations
from django.utils.text import slugify

PROFESSIONS = [
    ("Art therapist", "hcpc"),
    ("Dietitian", "hcpc"),
    ("Dramatherapist", "hcpc"),
    ("Music therapist", "hcpc"),
    ("Occupational therapist", "hcpc"),
    ("Operating department practitioner", "hcpc"),
    ("Orthoptist", "hcpc"),
    ("Osteopath", "gosc"),
    ("Paramedic", "hcpc"),
    ("Physiotherapist", "hcpc"),
    ("Podiatrist", "hcpc"),
    ("Prosthetist and orthotist", "hcpc"),
    ("Radiographer", "hcpc"),
    ("Speech and language therapist", "hcpc"),
]


def seed(apps, schema_editor):
    Profession = apps.get_model("candidates", "Profession")
    for name, regulator in PROFESSIONS:
        Profession.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "regulator": regulator}
        )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
