from django.core.management.base import BaseCommand
from django.db import transaction

from candidates import demo as candidates_demo
from employers import demo as employers_demo
from insights import demo as insights_demo
from insights.refresh import dashboards_refresh
from learning import demo as learning_demo
from onboarding import demo as onboarding_demo
from onboarding.services import journey_progress_rebuild
from pastoral import demo as pastoral_demo
from pastoral.services import analysis_marks_rebuild
from portal.demo import DEMO_PASSWORD, DemoWorld

# In dependency order: each adds to the world what later ones need.
DEMOS = [
    employers_demo,
    candidates_demo,
    pastoral_demo,
    onboarding_demo,
    learning_demo,
    insights_demo,
]


class Command(BaseCommand):
    help = "Create a believable demo world (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        world = DemoWorld()
        with transaction.atomic():
            for demo in DEMOS:
                demo.seed(world)
            # The demos write thousands of rows directly, round the services: what the services
            # store beside such rows is stored once here, with the same functions.
            analysis_marks_rebuild()
            journey_progress_rebuild()
        dashboards_refresh()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/"))
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}\n")
        for email, description, mfa in world.logins:
            line = f"  {email:<42} {description}"
            if mfa:
                line += f"\n  {'':<42} MFA: {mfa}"
            self.stdout.write(line)
