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
    to_subject: str | None = None  # ...for this world subject's organisation ("own", "other")

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

MANAGERS = {"manager_same_org": OK, "manager_other_org": OK}
RECRUIT_ONLY = roles(FORBIDDEN, anonymous=LOGIN, recruit=OK, other_recruit=OK)


def to_organisation(subject: str) -> Outcome:
    """A redirect to the organisation page of the world's `subject` ("own" or "other")."""
    return Outcome(302, "employers:organisation-detail", subject)


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
    # Recruit pages: the recruit's own things, no object id in the URL.
    **{
        name: Page(RECRUIT_ONLY)
        for name in (
            "candidates:profile-edit",
            "onboarding:my-tasks",
            "pastoral:my-support",
            "pastoral:change-buddy",
            "learning:library",
            "learning:cpd",
            "learning:cpd-add",
            "learning:cpd-profile",
            "learning:preceptorship",
        )
    },
    "pastoral:pulse": Page(
        roles(
            FORBIDDEN,
            anonymous=LOGIN,
            recruit=to("pastoral:my-support"),
            other_recruit=to("pastoral:my-support"),
        ),
        note="GET goes back to the support page, where the pulse form lives.",
    ),
    # Pages for any member of staff (manager, buddy, mentor), scoped inside to what they support.
    **{
        name: Page(roles(FORBIDDEN, anonymous=LOGIN, **STAFF))
        for name in (
            "onboarding:templates",
            "pastoral:supporting",
            "pastoral:staff-profile",
            "pastoral:networks",
            "pastoral:network-new",
            "learning:good-practice",
            "learning:preceptorships",
        )
    },
    # Managers only.
    **{
        name: Page(roles(FORBIDDEN, anonymous=LOGIN, **MANAGERS))
        for name in (
            "pastoral:recruits",
            "pastoral:change-requests",
            "pastoral:pulses",
            "pastoral:self-assessment",
        )
    },
    "employers:organisation": Page(
        roles(
            FORBIDDEN,
            anonymous=LOGIN,
            manager_same_org=to_organisation("own"),
            manager_other_org=to_organisation("other"),
            buddy_assigned=to_organisation("own"),
            buddy_not_assigned=to_organisation("own"),
        ),
        note="Staff are sent to their own organisation's page.",
    ),
    # Guide authoring: staff and administrators write guides; analysts only read dashboards.
    **{
        name: Page(roles(FORBIDDEN, anonymous=LOGIN, admin=OK, **STAFF))
        for name in ("learning:authoring", "learning:guide-create")
    },
    # Everyone signed in has notifications of their own.
    **{
        name: Page(roles(OK, anonymous=LOGIN))
        for name in ("reminders:notifications", "reminders:preferences")
    },
    "reminders:notifications-read-all": Page(
        roles(Outcome(405), anonymous=LOGIN), note="POST only."
    ),
    # HEE's aggregate dashboards.
    **{
        f"insights:{name}": Page(roles(FORBIDDEN, anonymous=LOGIN, hee_analyst=OK))
        for name in ("pipeline", "time", "barriers", "support", "ethics")
    },
}

# Object pages that landed while the first security pass was finishing, awaiting their entry
# (kwargs builder from the world, outcome per role, foreign-object 404s). Listed by name so the
# list can't grow silently: a URL name missing from both PAGES and PENDING fails the test, and
# test_pending_entries_are_still_pending fails once a name here gets an entry or disappears.
PENDING: frozenset[str] = frozenset(
    {
        "candidates:barrier-add",
        "candidates:step-update",
        "candidates:document-download",
        "candidates:document-review",
        "candidates:barrier-update",
        "candidates:candidate-journey",
        "candidates:document-upload",
        "candidates:employment-edit",
        "candidates:english-add",
        "candidates:further-information-request",
        "candidates:registration-details",
        "employers:organisation-detail",
        "employers:organisation-invite",
        "onboarding:journey",
        "onboarding:offer",
        "onboarding:checklist-apply",
        "onboarding:task-add",
        "onboarding:task-complete",
        "onboarding:task-reopen",
        "onboarding:task-comment",
        "onboarding:template",
        "onboarding:template-copy",
        "onboarding:template-delete",
        "onboarding:template-item-add",
        "onboarding:template-item-edit",
        "onboarding:template-item-delete",
        "pastoral:network-introduced",
        "pastoral:check-in-new",
        "pastoral:recruit",
        "pastoral:assign",
        "pastoral:assignment-end",
        "pastoral:change-request-resolve",
        "pastoral:self-assessment-rate",
        "pastoral:network-edit",
        "learning:guide",
        "learning:guide-read",
        "learning:guide-check",
        "learning:guide-edit",
        "learning:good-practice-topic",
        "learning:cpd-activity",
        "learning:cpd-edit",
        "learning:cpd-evidence",
        "learning:recruit-cpd",
        "learning:preceptorship-start",
        "learning:preceptorship-detail",
        "learning:objective-add",
        "learning:protected-time-add",
        "learning:review-sign-off",
        "reminders:notification-read",
        "reminders:unsubscribe",
        "insights:csv",
        "insights:organisation-dashboard",
        "insights:organisation-view",
        "insights:organisation-csv",
    }
)


# Third-party pages, whitelisted by name prefix or namespace: allauth's own account and MFA
# pages, and Django's admin. Their expectation is documented and checked by
# test_framework_pages_*: admin pages send everyone but the administrator to the admin sign-in;
# allauth pages never fail and never show data to someone signed out.
FRAMEWORK_PREFIXES = ("account_", "mfa_", "admin:")
