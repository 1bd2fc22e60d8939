"""The refugee pathway's first HCPC step says what HCPC asks of refugees (DOMAIN.md): they don't
apply online but email HCPC for the refugee application form, with evidence of their status, and
the scrutiny fee is waived, which is why that step is absent. 0004 told them to apply online."""

from django.db import migrations

NAME = "Ask HCPC for the refugee application form"
GUIDANCE = (
    "As a refugee (refugee status, or leave on humanitarian protection grounds) you don't apply "
    "online. Email HCPC to ask for the refugee application form and its guidance, and include "
    "evidence of your status. Then send the completed form with your certified qualification "
    "certificate (with a certified English translation if needed), the course information form "
    "signed by your education provider, references from official email addresses (not webmail), "
    "identity documents, evidence of any change of name, a certificate of professional status "
    "from your last regulator and your English evidence. If you can't get a document, tell HCPC "
    "why. HCPC waives the scrutiny fee for refugees, so there is no fee to pay before its "
    "initial review."
)


def correct(apps, schema_editor):
    Template = apps.get_model("candidates", "RegistrationStepTemplate")
    Template.objects.filter(regulator="hcpc", pathway="refugee_uk", key="application").update(
        name=NAME, guidance=GUIDANCE
    )


class Migration(migrations.Migration):
    dependencies = [("candidates", "0012_registration_number_prefixes")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
