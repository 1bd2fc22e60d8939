from django.core.management.base import BaseCommand

from onboarding.services import journey_progress_rebuild


class Command(BaseCommand):
    help = (
        "Store every recruit's progress row again with the function the services call "
        "(after data was written round the services: a bulk load, a script, an upgrade)."
    )

    def handle(self, *args, **options):
        stored = journey_progress_rebuild()
        self.stdout.write(f"Progress stored again for {stored} recruits.")
