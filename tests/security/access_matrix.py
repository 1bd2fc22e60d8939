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
NOT_ALLOWED = Outcome(405)
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
    post_only: bool = False  # GET answers 405 past the role gates; foreign ids are POSTed

    def foreign_subjects(self, role: str) -> tuple[str, ...]:
        """Subjects whose objects `role` must get 404 for: run for every role the page lets in
        (200 or a redirect; 405 on a POST-only page, where the foreign id is POSTed)."""
        passes = self.expect[role].status in {200, 302} or (
            self.post_only and self.expect[role].status == 405
        )
        if self.kwargs is None or not passes:
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


# --- Who sees an object page --------------------------------------------------------------

# The recruit themself and their organisation's managers (candidates' selectors).
VISIBLE = roles(NOT_FOUND, anonymous=LOGIN, recruit=OK, manager_same_org=OK)
# Employer staff only, and of those only the recruit's organisation's managers.
MANAGED = roles(
    NOT_FOUND,
    anonymous=LOGIN,
    recruit=FORBIDDEN,
    other_recruit=FORBIDDEN,
    hee_analyst=FORBIDDEN,
    admin=FORBIDDEN,
    manager_same_org=OK,
)
# The recruit, their managers and the buddy assigned to them.
SUPPORTED = roles(NOT_FOUND, anonymous=LOGIN, recruit=OK, manager_same_org=OK, buddy_assigned=OK)
# Anyone on the staff of the organisation the object belongs to.
ORG_STAFF = roles(
    FORBIDDEN,
    anonymous=LOGIN,
    manager_same_org=OK,
    manager_other_org=NOT_FOUND,
    buddy_assigned=OK,
    buddy_not_assigned=OK,
)
# POST-only pages: GET is refused with 405 once past the role gates.
POST_ONLY = roles(NOT_ALLOWED, anonymous=LOGIN)
STAFF_POST = roles(
    FORBIDDEN,
    anonymous=LOGIN,
    manager_same_org=NOT_ALLOWED,
    manager_other_org=NOT_ALLOWED,
    buddy_assigned=NOT_ALLOWED,
    buddy_not_assigned=NOT_ALLOWED,
)
# An organisation's object (template, network, guide): the recruit's sibling shares it, so only
# the other organisation's object is someone else's.
ORG_FOREIGN = {
    "recruit": ("other",),
    "buddy_assigned": ("other",),
    "buddy_not_assigned": ("other",),
}


# --- URL builders: (world, subject) -> kwargs, objects made once per world -------------------


def _candidate(world, subject) -> dict:
    return {"pk": subject.candidate.pk}


def _candidate_pk(world, subject) -> dict:
    return {"candidate_pk": subject.candidate.pk}


def _candidate_id(world, subject) -> dict:
    return {"candidate_id": subject.candidate.pk}


def _organisation(world, subject) -> dict:
    return {"pk": subject.organisation.pk}


def _organisation_id(world, subject) -> dict:
    return {"organisation_id": subject.organisation.pk}


def _organisation_view(world, subject) -> dict:
    return {"organisation_id": subject.organisation.pk, "slug": "pipeline"}


def _organisation_csv(world, subject) -> dict:
    return {"organisation_id": subject.organisation.pk, "slug": "pipeline", "table": "stages"}


def _made(world, subject, what: str, build):
    return world.once(f"{what}:{subject.name}", build)


def _step(world, subject) -> dict:
    from tests.factories import RegistrationStepFactory

    step = _made(
        world, subject, "step", lambda: RegistrationStepFactory(candidate=subject.candidate)
    )
    return {"pk": step.pk}


def _document(world, subject) -> dict:
    from tests.factories import EvidenceDocumentFactory

    document = _made(
        world, subject, "document", lambda: EvidenceDocumentFactory(candidate=subject.candidate)
    )
    return {"pk": document.pk}


def _barrier(world, subject) -> dict:
    from tests.factories import BarrierReportFactory

    report = _made(
        world, subject, "barrier", lambda: BarrierReportFactory(candidate=subject.candidate)
    )
    return {"pk": report.pk}


def _task(world, subject) -> dict:
    from tests.factories import OnboardingTaskFactory

    task = _made(world, subject, "task", lambda: OnboardingTaskFactory(candidate=subject.candidate))
    return {"pk": task.pk}


def _org_made(world, subject, what: str, build):
    """One object per organisation: own and sibling share it."""
    key = "own" if subject.organisation == world.own.organisation else "other"
    return world.once(f"{what}:org:{key}", build)


def _template_object(world, subject):
    from tests.factories import ChecklistTemplateFactory, ChecklistTemplateItemFactory

    def build():
        template = ChecklistTemplateFactory(organisation=subject.organisation)
        ChecklistTemplateItemFactory(template=template)
        return template

    return _org_made(world, subject, "template", build)


def _template(world, subject) -> dict:
    return {"pk": _template_object(world, subject).pk}


def _template_item(world, subject) -> dict:
    template = _template_object(world, subject)
    return {"pk": template.pk, "item_pk": template.items.get().pk}


def _network(world, subject) -> dict:
    from tests.factories import LocalNetworkFactory

    network = _org_made(
        world, subject, "network", lambda: LocalNetworkFactory(organisation=subject.organisation)
    )
    return {"pk": network.pk}


def _guide(world, subject) -> dict:
    from tests.factories import GuideFactory

    guide = _org_made(
        world, subject, "guide", lambda: GuideFactory(organisation=subject.organisation)
    )
    return {"slug": guide.slug}


def _criterion(world, subject) -> dict:
    from pastoral.models import SelfAssessmentCriterion

    criterion = world.once(
        "criterion", lambda: SelfAssessmentCriterion.objects.filter(is_active=True).first()
    )
    return {"organisation_id": subject.organisation.pk, "criterion_id": criterion.pk}


def _assignment(world, subject) -> dict:
    return {"pk": _assignment_object(world, subject).pk}


def _assignment_pk(world, subject) -> dict:
    return {"assignment_pk": _assignment_object(world, subject).pk}


def _assignment_object(world, subject):
    """The recruit's buddy assignment (the assigned buddy's, for the world's own recruit)."""
    from employers.models import Membership
    from pastoral.models import SupportAssignment
    from tests.factories import MembershipFactory

    def build():
        if subject.name == "own":
            return SupportAssignment.objects.get(
                candidate=subject.candidate, staff=world.users["buddy_assigned"]
            )
        buddy = MembershipFactory(
            organisation=subject.organisation, role=Membership.Role.BUDDY
        ).user
        return SupportAssignment.objects.create(
            candidate=subject.candidate, staff=buddy, role="buddy"
        )

    return _made(world, subject, "assignment", build)


def _change_request(world, subject) -> dict:
    from tests.factories import BuddyChangeRequestFactory

    request = _made(
        world,
        subject,
        "change-request",
        lambda: BuddyChangeRequestFactory(candidate=subject.candidate),
    )
    return {"pk": request.pk}


def _cpd_activity_object(world, subject):
    from tests.factories import CpdActivityFactory, CpdEvidenceFactory

    def build():
        activity = CpdActivityFactory(candidate=subject.candidate, shared_with_manager=True)
        CpdEvidenceFactory(activity=activity)
        return activity

    return _made(world, subject, "cpd", build)


def _cpd_activity(world, subject) -> dict:
    return {"pk": _cpd_activity_object(world, subject).pk}


def _cpd_evidence(world, subject) -> dict:
    return {"pk": _cpd_activity_object(world, subject).evidence.get().pk}


def _preceptorship_object(world, subject):
    from datetime import date

    from employers.models import Membership
    from learning.models import PreceptorshipReview
    from tests.factories import MembershipFactory, PreceptorshipFactory

    def build():
        preceptor = MembershipFactory(
            organisation=subject.organisation, role=Membership.Role.MENTOR
        ).user
        preceptorship = PreceptorshipFactory(candidate=subject.candidate, preceptor=preceptor)
        PreceptorshipReview.objects.create(
            preceptorship=preceptorship, months=3, due_date=date(2026, 4, 5)
        )
        return preceptorship

    return _made(world, subject, "preceptorship", build)


def _preceptorship(world, subject) -> dict:
    return {"pk": _preceptorship_object(world, subject).pk}


def _review(world, subject) -> dict:
    return {"pk": _preceptorship_object(world, subject).reviews.get().pk}


def _recruit_without_preceptorship(world, subject) -> dict:
    from tests.factories import CandidateFactory

    candidate = _made(
        world,
        subject,
        "no-preceptorship",
        lambda: CandidateFactory(organisation=subject.organisation),
    )
    return {"candidate_id": candidate.pk}


def _notification(world, subject) -> dict:
    from tests.factories import NotificationFactory

    notification = _made(
        world, subject, "notification", lambda: NotificationFactory(recipient=subject.user)
    )
    return {"notification_id": notification.pk}


def _erasure_request(world, subject) -> dict:
    from privacy.models import ErasureRequest

    request = _made(
        world, subject, "erasure", lambda: ErasureRequest.objects.create(recruit=subject.user)
    )
    return {"pk": request.pk}


def _unsubscribe_token(world, subject) -> dict:
    from reminders.emails import unsubscribe_token
    from reminders.models import Kind

    return {"token": unsubscribe_token(user_id=subject.user.pk, kind=Kind.TASK_OVERDUE)}


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
    # Guides and local networks are the organisation's word to its recruits: its managers write
    # and change them (administrators the national guides); buddies and mentors read them, and
    # the pages say who to ask. Analysts only read dashboards.
    "learning:authoring": Page(
        roles(FORBIDDEN, anonymous=LOGIN, admin=OK, **STAFF),
        note="Managers and administrators see the guides they write; other staff read theirs.",
    ),
    "learning:guide-create": Page(roles(FORBIDDEN, anonymous=LOGIN, admin=OK, **MANAGERS)),
    "pastoral:network-new": Page(roles(FORBIDDEN, anonymous=LOGIN, **MANAGERS)),
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
    # --- Object pages ----------------------------------------------------------------------
    # Registration journey: the recruit themself and their organisation's managers.
    **{
        name: Page(VISIBLE, kwargs=builder)
        for name, builder in (
            ("candidates:registration-details", _candidate),
            ("candidates:english-add", _candidate),
            ("candidates:document-upload", _candidate),
            ("candidates:barrier-add", _candidate),
            ("candidates:step-update", _step),
            ("candidates:document-download", _document),
            ("candidates:barrier-update", _barrier),
        )
    },
    "candidates:further-information-request": Page(
        POST_ONLY, kwargs=_candidate, post_only=True, note="POST only; recruit or manager."
    ),
    **{
        name: Page(MANAGED, kwargs=builder)
        for name, builder in (
            ("candidates:candidate-journey", _candidate),
            ("candidates:employment-edit", _candidate),
            ("candidates:document-review", _document),
            ("onboarding:offer", _candidate),
            ("pastoral:assign", _candidate_pk),
            ("pastoral:change-request-resolve", _change_request),
            ("learning:recruit-cpd", _candidate_id),
            ("learning:preceptorship-start", _recruit_without_preceptorship),
            ("insights:organisation-dashboard", _organisation_id),
            ("insights:organisation-view", _organisation_view),
            ("insights:organisation-csv", _organisation_csv),
            ("pastoral:self-assessment-rate", _criterion),
        )
    },
    # The organisation's own pages: anyone on its staff.
    "employers:organisation-detail": Page(ORG_STAFF, kwargs=_organisation, foreign=ORG_FOREIGN),
    "employers:organisation-invite": Page(
        roles(
            FORBIDDEN,
            anonymous=LOGIN,
            manager_same_org=to_organisation("own"),
            manager_other_org=NOT_FOUND,
            buddy_assigned=FORBIDDEN,
            buddy_not_assigned=FORBIDDEN,
        ),
        kwargs=_organisation,
        foreign=ORG_FOREIGN,
        note="GET goes back to the organisation page; only its managers invite.",
    ),
    "onboarding:template": Page(ORG_STAFF, kwargs=_template, foreign=ORG_FOREIGN),
    "onboarding:template-copy": Page(
        {**ORG_STAFF, "buddy_assigned": FORBIDDEN, "buddy_not_assigned": FORBIDDEN},
        kwargs=_template,
        foreign=ORG_FOREIGN,
        note="Buddies may read their organisation's templates, only managers copy them.",
    ),
    "pastoral:network-edit": Page(
        {**ORG_STAFF, "buddy_assigned": FORBIDDEN, "buddy_not_assigned": FORBIDDEN},
        kwargs=_network,
        foreign=ORG_FOREIGN,
        note="Buddies see their organisation's networks; only its managers change them.",
    ),
    **{
        name: Page(MANAGED, kwargs=builder, foreign=ORG_FOREIGN)
        for name, builder in (
            ("onboarding:template-item-add", _template),
            ("onboarding:template-item-edit", _template_item),
        )
    },
    **{
        name: Page(STAFF_POST, kwargs=builder, post_only=True, foreign=ORG_FOREIGN)
        for name, builder in (
            ("onboarding:template-delete", _template),
            ("onboarding:template-item-delete", _template_item),
        )
    },
    # The shared onboarding journey: the recruit, their managers, their assigned buddy.
    "onboarding:journey": Page(SUPPORTED, kwargs=_candidate),
    **{
        name: Page(STAFF_POST, kwargs=_candidate, post_only=True)
        for name in ("onboarding:checklist-apply", "onboarding:task-add")
    },
    **{
        name: Page(POST_ONLY, kwargs=_task, post_only=True)
        for name in (
            "onboarding:task-complete",
            "onboarding:task-reopen",
            "onboarding:task-comment",
        )
    },
    # Pastoral support.
    "pastoral:recruit": Page(
        roles(
            NOT_FOUND,
            anonymous=LOGIN,
            recruit=FORBIDDEN,
            other_recruit=FORBIDDEN,
            hee_analyst=FORBIDDEN,
            admin=FORBIDDEN,
            manager_same_org=OK,
            buddy_assigned=OK,
        ),
        kwargs=_candidate_pk,
    ),
    "pastoral:check-in-new": Page(
        roles(
            NOT_FOUND,
            anonymous=LOGIN,
            recruit=FORBIDDEN,
            other_recruit=FORBIDDEN,
            hee_analyst=FORBIDDEN,
            admin=FORBIDDEN,
            buddy_assigned=OK,
        ),
        kwargs=_assignment_pk,
        note="Only the supporter logs check-ins, not the manager.",
    ),
    "pastoral:assignment-end": Page(
        STAFF_POST,
        kwargs=_assignment,
        post_only=True,
        foreign={"buddy_assigned": (), "buddy_not_assigned": ()},
        note="A buddy's POST is refused with 403 before any lookup (managers only).",
    ),
    "pastoral:network-introduced": Page(
        roles(FORBIDDEN, anonymous=LOGIN, recruit=NOT_ALLOWED, other_recruit=NOT_ALLOWED),
        kwargs=_network,
        post_only=True,
        foreign={"recruit": ("other",)},
    ),
    # Learning.
    "learning:guide": Page(
        roles(
            NOT_FOUND,
            anonymous=LOGIN,
            recruit=OK,
            manager_same_org=OK,
            buddy_assigned=OK,
            buddy_not_assigned=OK,
            admin=OK,
        ),
        kwargs=_guide,
        foreign=ORG_FOREIGN,
        note="An organisation's guide: its recruits and staff, and administrators.",
    ),
    **{
        name: Page(
            roles(FORBIDDEN, anonymous=LOGIN, recruit=NOT_ALLOWED, other_recruit=NOT_ALLOWED),
            kwargs=_guide,
            post_only=True,
            foreign={"recruit": ("other",)},
        )
        for name in ("learning:guide-read", "learning:guide-check")
    },
    "learning:guide-edit": Page(
        roles(
            NOT_FOUND,
            anonymous=LOGIN,
            recruit=FORBIDDEN,
            other_recruit=FORBIDDEN,
            hee_analyst=FORBIDDEN,
            manager_same_org=OK,
            buddy_assigned=FORBIDDEN,
            buddy_not_assigned=FORBIDDEN,
            admin=OK,
        ),
        kwargs=_guide,
        foreign=ORG_FOREIGN,
        note="Only the organisation's managers (and administrators) change its guides.",
    ),
    "learning:good-practice-topic": Page(
        roles(FORBIDDEN, anonymous=LOGIN, **STAFF),
        kwargs=lambda world, subject: {"topic": "positive-inclusion"},
        foreign=dict.fromkeys(ROLES, ()),
        note="National good-practice guides; the topic is not anyone's object.",
    ),
    **{
        name: Page(
            roles(NOT_FOUND, anonymous=LOGIN, recruit=OK, manager_same_org=OK),
            kwargs=builder,
            note="Managers see only entries the recruit shared with them.",
        )
        for name, builder in (
            ("learning:cpd-activity", _cpd_activity),
            ("learning:cpd-evidence", _cpd_evidence),
        )
    },
    "learning:cpd-edit": Page(
        roles(FORBIDDEN, anonymous=LOGIN, recruit=OK, other_recruit=NOT_FOUND),
        kwargs=_cpd_activity,
    ),
    "learning:preceptorship-detail": Page(
        roles(NOT_FOUND, anonymous=LOGIN, recruit=OK, manager_same_org=OK),
        kwargs=_preceptorship,
    ),
    "learning:review-sign-off": Page(
        roles(NOT_FOUND, anonymous=LOGIN, recruit=OK, manager_same_org=OK),
        kwargs=_review,
    ),
    **{
        name: Page(POST_ONLY, kwargs=_preceptorship, post_only=True)
        for name in ("learning:objective-add", "learning:protected-time-add")
    },
    # Notifications.
    "reminders:notification-read": Page(POST_ONLY, kwargs=_notification, post_only=True),
    "reminders:unsubscribe": Page(
        roles(OK),
        kwargs=_unsubscribe_token,
        foreign=dict.fromkeys(ROLES, ()),
        note="The signed token is the secret (one-click unsubscribe from an email).",
    ),
    # Personal data rights.
    **{name: Page(RECRUIT_ONLY) for name in ("privacy:my-data", "privacy:export")},
    "privacy:erasure-requests": Page(roles(FORBIDDEN, anonymous=LOGIN, **STAFF)),
    "privacy:erasure-decide": Page(MANAGED, kwargs=_erasure_request),
    "insights:csv": Page(
        roles(FORBIDDEN, anonymous=LOGIN, hee_analyst=OK),
        kwargs=lambda world, subject: {"slug": "pipeline", "table": "stages"},
        foreign=dict.fromkeys(ROLES, ()),
    ),
}

# No object page is waiting for its entry any more; a new one must be added to PAGES.
PENDING: frozenset[str] = frozenset()


# Third-party pages, whitelisted by name prefix or namespace: allauth's own account and MFA
# pages, and Django's admin. Their expectation is documented and checked by
# test_framework_pages_*: admin pages send everyone but the administrator to the admin sign-in;
# allauth pages never fail and never show data to someone signed out.
FRAMEWORK_PREFIXES = ("account_", "mfa_", "admin:")
