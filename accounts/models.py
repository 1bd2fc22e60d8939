import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address.

    `role` says which side of the journey they are on. Employer staff get their organisation and
    duties (manager, buddy, mentor) from `employers.Membership`; a recruit's employer comes from
    their candidate profile.
    """

    class Role(models.TextChoices):
        RECRUIT = "recruit", "Recruit"
        EMPLOYER_STAFF = "employer_staff", "Employer staff"
        HEE_ANALYST = "hee_analyst", "HEE analyst"
        ADMIN = "admin", "Administrator"

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RECRUIT)
    is_staff = models.BooleanField(
        "admin site access", default=False, help_text="Can sign in to the Django admin site."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_recruit(self) -> bool:
        return self.role == self.Role.RECRUIT

    @property
    def is_employer_staff(self) -> bool:
        return self.role == self.Role.EMPLOYER_STAFF

    @property
    def is_hee_analyst(self) -> bool:
        return self.role == self.Role.HEE_ANALYST

    @property
    def requires_mfa(self) -> bool:
        """Everyone who can see other people's data, or aggregates of it, must use MFA."""
        return self.role != self.Role.RECRUIT or self.is_staff or self.is_superuser


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A single-use, expiring link that lets one person create an account.

    Managers invite recruits and staff into their organisation; admins invite HEE analysts.
    """

    class MembershipRole(models.TextChoices):
        MANAGER = "manager", "Manager"
        BUDDY = "buddy", "Buddy"
        MENTOR = "mentor", "Mentor"

    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=User.Role.choices)
    organisation = models.ForeignKey(
        "employers.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    membership_role = models.CharField(max_length=10, choices=MembershipRole.choices, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation_accepted",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None
