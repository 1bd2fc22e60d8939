from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from candidates.models import CandidateProfile
        from onboarding import receivers
        from pastoral.models import SupportAssignment

        post_save.connect(
            receivers.progress_for_saved_profile,
            sender=CandidateProfile,
            dispatch_uid="onboarding.progress-for-saved-profile",
        )
        uid = "onboarding.first-buddy"
        pre_save.connect(
            receivers.remember_assignment_recruit, sender=SupportAssignment, dispatch_uid=uid
        )
        post_save.connect(
            receivers.first_buddy_after_assignment_save, sender=SupportAssignment, dispatch_uid=uid
        )
        post_delete.connect(
            receivers.first_buddy_after_assignment_delete,
            sender=SupportAssignment,
            dispatch_uid=uid,
        )
