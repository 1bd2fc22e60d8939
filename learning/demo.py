"""Demo learning: the published guides come from migration 0002; Anjali Menon (physiotherapist)
has read one guide and logged one CPD activity, and has a preceptorship with her pastoral
preceptor whose 3-month review falls due in a few days."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from learning.models import CpdActivity, Guide, Preceptorship
from learning.services import guide_mark_read, preceptorship_start
from pastoral.selectors import preceptor_for
from pastoral.services import assignment_create
from portal.demo import DemoWorld

RECRUIT = "anjali@example.com"
PRECEPTOR = "mentor@riverside.example"
MANAGER = "manager@riverside.example"
READ_GUIDE = "how-the-nhs-is-organised"
OBJECTIVES = [
    "Manage a musculoskeletal outpatient caseload independently, with supervision on request.",
    "Write clinical notes to the trust's documentation standards.",
    "Complete the trust's safeguarding adults and children level 2 training.",
]


def seed(world: DemoWorld) -> None:
    candidate = world.recruits[RECRUIT]
    today = timezone.localdate()

    guide = Guide.objects.filter(slug=READ_GUIDE).first()
    if guide is not None:
        guide_mark_read(candidate=candidate, guide=guide)

    CpdActivity.objects.get_or_create(
        candidate=candidate,
        title="Falls prevention study day",
        defaults={
            "activity_type": CpdActivity.Type.FORMAL,
            "date": today - timedelta(days=21),
            "hours": Decimal("6.5"),
            "learned": "How the trust screens older inpatients for falls risk, and the "
            "strength and balance programme offered after discharge.",
            "practice_change": "I now screen every older patient on my caseload and refer to "
            "the strength and balance class, so patients leave with a plan to stay steady.",
            "shared_with_preceptor": True,
        },
    )

    if Preceptorship.objects.filter(candidate=candidate).exists():
        return
    preceptor = preceptor_for(candidate)
    if preceptor is None:
        assignment_create(
            candidate=candidate,
            staff=world.staff[PRECEPTOR],
            role="preceptor",
            by=world.staff[MANAGER],
            over_capacity_reason="Demo preceptor.",
        )
        preceptor = preceptor_for(candidate)
    preceptorship_start(
        candidate=candidate,
        preceptor=preceptor,
        # The 3-month review falls due a few days from now.
        start_date=today - timedelta(days=88),
        planned_protected_hours=Decimal("60"),
        objectives=OBJECTIVES,
        by=world.staff[MANAGER],
    )
