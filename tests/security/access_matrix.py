"""Who may open which page: one entry per named URL in the project, one outcome per role.

`test_access_matrix.py` walks every URL pattern and fails when a project URL name has no entry
here, so a new page can't ship without saying who may see it. To add a page:

    "app:name": Page(
        {"anonymous": LOGIN, "recruit": OK, ...every role...},
        kwargs=lambda world, subject: {"pk": subject.candidate.pk},   # object URLs only
    ),

`kwargs` builds the URL's arguments from the fixture world (tests/security/conftest.py) for a
*subject*: `world.own` (the recruit, organisation A) for the outcomes above; then, for every role
whose outcome is OK, the same builder runs for the subjects in `FOREIGN_SUBJECTS[role]` (someone
else's object) and the page must answer 404. Override per page with `foreign={role: [...]}` when
a role legitimately sees a wider circle (e.g. a buddy sees their own organisation's page).

Outcomes: OK (200), LOGIN (302 to the sign-in page), FORBIDDEN (403), NOT_FOUND (404), GONE (410),
`to("url-name")` (302 to that page).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "recruit",
    "other_recruit",
    "manager_same_org",
    "manager_other_org",
    "buddy_assigned",
    "buddy_not_assigned",
    "hee_analyst",
    "admin",
)


@dataclass(frozen=True)
class Outcome:
    status: int
    to: str | None = None  # URL name a redirect must lead to

    def __str__(self) -> str:
        return f"{self.status} to {self.to}" if self.to else str(self.status)


OK = Outcome(200)
LOGIN = Outcome(302, "account_login")
FORBIDDEN = Outcome(403)
NOT_FOUND = Outcome(404)
GONE = Outcome(410)


def to(name: str) -> Outcome:
    return Outcome(302, name)


# Someone else's objects: a role that may open the recruit's object must get 404 for these.
# (A manager legitimately sees the sibling recruit of their own organisation.)
FOREIGN_SUBJECTS: dict[str, tuple[str, ...]] = {
    "recruit": ("sibling", "other"),
    "other_recruit": ("sibling",),
    "manager_same_org": ("other",),
    "manager_other_org": ("sibling",),
    "buddy_assigned": ("sibling", "other"),
    "buddy_not_assigned": ("sibling", "other"),
}


@dataclass
class Page:
    expect: dict[str, Outcome]
    kwargs: Callable | None = None  # (world, subject) -> URL kwargs
    foreign: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""

    def foreign_subjects(self, role: str) -> tuple[str, ...]:
        if self.kwargs is None or self.expect[role] != OK:
            return ()
        return self.foreign.get(role, FOREIGN_SUBJECTS.get(role, ()))


def roles(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    """Every role gets `default` unless named: `roles(FORBIDDEN, anonymous=LOGIN, recruit=OK)`."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def _invitation_token(world, subject) -> dict:
    from tests.factories import InvitationFactory

    invitation = world.once("invitation", lambda: InvitationFactory(email="new@example.com"))
    return {"token": invitation.token}


STAFF = {
    "manager_same_org": OK,
    "manager_other_org": OK,
    "buddy_assigned": OK,
    "buddy_not_assigned": OK,
}

PAGES: dict[str, Page] = {
    "healthz": Page(roles(OK), note="Liveness probe: no data, open to all."),
    "home": Page(
        roles(
            LOGIN,
            recruit=to("candidates:journey"),
            other_recruit=to("candidates:journey"),
            manager_same_org=to("onboarding:recruits"),
            manager_other_org=to("onboarding:recruits"),
            buddy_assigned=to("onboarding:recruits"),
            buddy_not_assigned=to("onboarding:recruits"),
            hee_analyst=to("insights:dashboard"),
            admin=to("admin:index"),
        )
    ),
    "accounts:invitation-accept": Page(
        roles(OK),
        kwargs=_invitation_token,
        foreign=dict.fromkeys(ROLES, ()),
        note="The token is the secret; single use and expiry are tested in test_accounts.py.",
    ),
    "candidates:journey": Page(
        roles(FORBIDDEN, anonymous=LOGIN, recruit=OK, other_recruit=OK),
        note="A recruit's own journey; no object id in the URL.",
    ),
    "onboarding:recruits": Page(roles(FORBIDDEN, anonymous=LOGIN, **STAFF)),
    "insights:dashboard": Page(roles(FORBIDDEN, anonymous=LOGIN, hee_analyst=OK)),
}


# Third-party pages, whitelisted by name prefix or namespace: allauth's own account and MFA
# pages, and Django's admin. Their expectation is documented and checked by
# test_framework_pages_*: admin pages send everyone but the administrator to the admin sign-in;
# allauth pages never fail and never show data to someone signed out.
FRAMEWORK_PREFIXES = ("account_", "mfa_", "admin:")
