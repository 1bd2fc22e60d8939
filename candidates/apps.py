from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from accounts.signals import invitation_accepted
        from candidates import receivers
        from candidates.hooks import profile_from_invitation
        from candidates.models import RegistrationStep

        invitation_accepted.connect(profile_from_invitation, dispatch_uid="candidates.profile")
        uid = "candidates.finished-step-counts"
        pre_save.connect(receivers.remember_before_save, sender=RegistrationStep, dispatch_uid=uid)
        post_save.connect(
            receivers.finished_step_counts_after_save, sender=RegistrationStep, dispatch_uid=uid
        )
        post_delete.connect(
            receivers.finished_step_counts_after_delete, sender=RegistrationStep, dispatch_uid=uid
        )
