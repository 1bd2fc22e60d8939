from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from candidates.models import CandidateProfile, RegistrationStep
        from onboarding import receivers
        from onboarding.models import Offer
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
        uid = "onboarding.registration-times"
        for model, before, after_save, after_delete in [
            (RegistrationStep, receivers.remember_registration_before_save,
             receivers.registration_times_after_step_save,
             receivers.registration_times_after_step_delete),
            (Offer, receivers.remember_offer_recruit, receivers.registration_times_after_offer_save,
             receivers.registration_times_after_offer_delete),
        ]:  # fmt: skip
            pre_save.connect(before, sender=model, dispatch_uid=uid)
            post_save.connect(after_save, sender=model, dispatch_uid=uid)
            post_delete.connect(after_delete, sender=model, dispatch_uid=uid)
        post_save.connect(
            receivers.registration_times_after_profile_save,
            sender=CandidateProfile,
            dispatch_uid=uid,
        )
