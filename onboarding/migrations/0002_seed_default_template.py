"""Seed the NHS default onboarding checklist and the onboarding settings row.

Admins and managers copy the default and edit their copies; the default itself is edited only in
the admin. Items flagged `not_for_refugees_in_uk` are skipped for recruits already in the UK as
refugees (no sponsorship, visa, flights or airport welcome).
"""

from django.db import migrations

DEFAULT_NAME = "NHS default onboarding checklist"

# (section, title, guidance, owner, anchor, offset days, required, barrier theme, guide slug,
#  not for refugees already in the UK)
ITEMS = [
    ("NHS employment checks", "Identity check",
     "Check identity first, before the other employment checks, using original documents.",
     "manager", "offer", 7, True, "onboarding", "", False),
    ("NHS employment checks", "Employment history and references",
     "Ask for references covering at least the last three years, from official email addresses, "
     "not webmail.", "manager", "offer", 21, True, "onboarding", "", False),
    ("NHS employment checks", "Criminal record check",
     "Enhanced DBS with barred list for regulated activity; overseas recruits also provide a "
     "criminal record certificate from each country they lived in.",
     "manager", "offer", 28, True, "onboarding", "", False),
    ("NHS employment checks", "Work health assessment",
     "Occupational health questionnaire and any immunisations the role needs.",
     "manager", "offer", 28, True, "onboarding", "", False),
    ("NHS employment checks", "Professional registration and qualification check",
     "Confirm HCPC registration (or GOsC for osteopaths), the qualification and English language "
     "evidence.", "manager", "start", -14, True, "hcpc_registration", "hcpc-registration", False),
    ("NHS employment checks", "Right to work check",
     "Check the visa or status that gives the right to work in the UK before the first day.",
     "manager", "start", -7, True, "onboarding", "", False),
    ("Sponsorship and visa", "Assign the Certificate of Sponsorship",
     "Issue it no more than 3 months before the recruit applies for the visa.",
     "manager", "start", -84, True, "onboarding", "", True),
    ("Sponsorship and visa", "Apply for the Health and Care Worker visa",
     "You need the Certificate of Sponsorship number, English at CEFR B1, a TB certificate where "
     "required and an overseas criminal record certificate. Book biometrics straight away.",
     "recruit", "start", -70, True, "onboarding", "health-and-care-worker-visa", True),
    ("Sponsorship and visa", "Share your visa decision",
     "Decisions usually come about 3 weeks after biometrics. Tell your manager the outcome.",
     "recruit", "start", -35, True, "onboarding", "", True),
    ("Before arrival", "Send the welcome pack and name a single point of contact",
     "A welcome booklet: the team, the area, what the first weeks look like, who to call.",
     "manager", "offer", 7, True, "pastoral_support", "", False),
    ("Before arrival", "Say hello to your recruit",
     "A first message or call from the buddy before arrival makes the first day easier.",
     "buddy", "start", -21, True, "belonging_wellbeing", "", False),
    ("Before arrival", "Arrange accommodation for the first weeks",
     "Funded temporary accommodation close to work, booked before travel.",
     "manager", "start", -21, True, "pastoral_support", "", True),
    ("Before arrival", "Book travel and share your flight details",
     "Send your arrival time so someone can meet you.", "recruit", "start", -14, True,
     "onboarding", "", True),
    ("Arrival", "Airport welcome",
     "Meet the recruit at the airport and take them to their accommodation.",
     "buddy", "start", -3, True, "pastoral_support", "", True),
    ("Arrival", "Open a UK bank account",
     "Your employer can give you a letter confirming your address and job.",
     "recruit", "start", 14, True, "onboarding", "opening-a-bank-account", False),
    ("Arrival", "Register with a GP",
     "Register with a GP practice near where you live; you don't need proof of address.",
     "recruit", "start", 14, True, "belonging_wellbeing", "registering-with-a-gp", False),
    ("Arrival", "Apply for a National Insurance number",
     "If you already have one, tick this off and tell payroll.",
     "recruit", "start", 21, True, "onboarding", "national-insurance-number", False),
    ("Induction", "Set up IT accounts and smartcard",
     "Email, clinical systems and an NHS smartcard ready for the first day.",
     "manager", "start", 0, True, "onboarding", "", False),
    ("Induction", "Complete trust induction and mandatory training",
     "Statutory and mandatory training modules, booked in protected time.",
     "recruit", "start", 14, True, "cpd", "", False),
    ("Induction", "Learn how Agenda for Change works",
     "Pay bands, increments, annual leave and how banding relates to the role.",
     "recruit", "start", 21, True, "nhs_system_knowledge", "agenda-for-change", False),
    ("Induction", "Learn how the NHS is organised",
     "Trusts, integrated care systems, primary care and how services refer to each other.",
     "recruit", "start", 21, True, "nhs_system_knowledge", "how-the-nhs-is-organised", False),
    ("Shadowing", "Shadow experienced colleagues",
     "Arrange shadowing across the service before taking a full caseload.",
     "buddy", "start", 28, True, "cultural", "", False),
    ("Shadowing", "Cultural awareness session for the team",
     "Help the existing team prepare to welcome internationally trained colleagues.",
     "manager", "start", 28, False, "cultural", "", False),
    ("Preceptorship", "Assign a preceptor and agree protected time",
     "The AHP preceptorship framework suggests 12 months with protected time; it is not pass/fail.",
     "manager", "start", 7, True, "cpd", "preceptorship", False),
    ("Preceptorship", "Preceptorship review at 3 months", "", "manager", "start", 90, True,
     "cpd", "", False),
    ("Preceptorship", "Preceptorship review at 6 months", "", "manager", "start", 180, True,
     "cpd", "", False),
    ("Preceptorship", "Complete the 12-month preceptorship", "", "manager", "start", 365, True,
     "cpd", "", False),
    ("Networks", "Introduce local diaspora and BAME staff networks",
     "Offer an introduction to the trust's networks and local community groups.",
     "buddy", "start", 30, False, "belonging_wellbeing", "", False),
    ("Networks", "Join your professional network",
     "Your professional body and the local AHP network: events, CPD and peers.",
     "recruit", "start", 60, False, "cpd", "", False),
]


def seed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("onboarding", "ChecklistTemplate")
    ChecklistTemplateItem = apps.get_model("onboarding", "ChecklistTemplateItem")
    OnboardingSettings = apps.get_model("onboarding", "OnboardingSettings")
    OnboardingSettings.objects.get_or_create(pk=1, defaults={"stalled_after_days": 14})
    template, created = ChecklistTemplate.objects.get_or_create(
        organisation=None,
        name=DEFAULT_NAME,
        defaults={
            "description": "The six NHS employment checks, sponsorship and visa, arrival, "
            "induction, shadowing, a 12-month preceptorship and links to local networks."
        },
    )
    if not created:
        return
    for position, item in enumerate(ITEMS, start=1):
        section, title, guidance, owner, anchor, offset, required, theme, slug, no_refugee = item
        ChecklistTemplateItem.objects.create(
            template=template,
            position=position,
            section=section,
            title=title,
            guidance=guidance,
            owner_role=owner,
            due_anchor=anchor,
            due_offset_days=offset,
            required=required,
            barrier_theme=theme,
            guide_slug=slug,
            not_for_refugees_in_uk=no_refugee,
        )


def unseed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("onboarding", "ChecklistTemplate")
    ChecklistTemplate.objects.filter(organisation=None, name=DEFAULT_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("onboarding", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
