"""The demo world that `manage.py seed_demo` builds, shared by each app's `demo.seed`.

Each app that has demo data defines `demo.seed(world)` and adds to the world what later apps
need (the command lists them in that order). Every seed is idempotent: it looks things up by
natural keys before creating them.
"""

from dataclasses import dataclass, field

DEMO_PASSWORD = "demo-journeys-2026"


@dataclass
class DemoWorld:
    organisations: dict = field(default_factory=dict)  # ods_code -> Organisation
    staff: dict = field(default_factory=dict)  # email -> User
    recruits: dict = field(default_factory=dict)  # email -> CandidateProfile
    analysts: dict = field(default_factory=dict)  # email -> User
    logins: list = field(default_factory=list)  # (email, role description, mfa hint)


def demo_user(*, email: str, full_name: str, role: str):
    """Create (or find) a verified demo account with the shared demo password."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "role": role}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


def demo_mfa(user) -> str:
    """Enrol `user` in TOTP and recovery codes once; return how a newcomer gets in."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        TOTP.activate(user, generate_totp_secret())
    codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    if codes is None:
        codes = RecoveryCodes.activate(user).instance
    unused = RecoveryCodes(codes).get_unused_codes()
    code = unused[0] if unused else "(all used: run `manage.py demo_totp`)"
    return f"recovery code {code}, or `make totp EMAIL={user.email}` for a current code"
