from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from candidates.models import CandidateProfile
        from onboarding.receivers import progress_for_saved_profile

        post_save.connect(
            progress_for_saved_profile,
            sender=CandidateProfile,
            dispatch_uid="onboarding.progress-for-saved-profile",
        )
