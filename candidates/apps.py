from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"

    def ready(self) -> None:
        from accounts.signals import invitation_accepted
        from candidates.hooks import profile_from_invitation

        invitation_accepted.connect(profile_from_invitation, dispatch_uid="candidates.profile")
