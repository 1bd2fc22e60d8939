from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "employers"

    def ready(self) -> None:
        from accounts.signals import invitation_accepted
        from employers.hooks import membership_from_invitation

        invitation_accepted.connect(membership_from_invitation, dispatch_uid="employers.membership")
