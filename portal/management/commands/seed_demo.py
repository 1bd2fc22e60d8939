from importlib import import_module, util

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import DEMO_APPS, DEMO_PASSWORD, DemoWorld
from portal.stored_counts import stored_counts_deferred


class Command(BaseCommand):
    help = "Create a believable demo world (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        world = DemoWorld()
        # Thousands of rows: the dashboards' stored counts are made once, at the end.
        with transaction.atomic(), stored_counts_deferred():
            for app in DEMO_APPS:
                if util.find_spec(f"{app}.demo") is not None:
                    import_module(f"{app}.demo").seed(world)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/"))
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}\n")
        for email, description, mfa in world.logins:
            line = f"  {email:<42} {description}"
            if mfa:
                line += f"\n  {'':<42} MFA: {mfa}"
            self.stdout.write(line)
