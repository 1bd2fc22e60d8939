from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"

    def ready(self) -> None:
        from candidates.signals import recruits_changed
        from onboarding.hooks import progress_of_changed_recruits
        from pastoral.signals import supporters_changed

        recruits_changed.connect(
            progress_of_changed_recruits, dispatch_uid="onboarding.progress-of-recruits"
        )
        supporters_changed.connect(
            progress_of_changed_recruits, dispatch_uid="onboarding.progress-of-supported"
        )
