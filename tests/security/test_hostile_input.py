"""Hostile input for every form in the portal: never a server error, rejections are form errors,
nothing stored changes on a rejection, and no submitted script comes back unescaped.

Every form is registered in `FORMS` as a `FormCase`:
- the URL name and `kwargs(world)` (builders from access_matrix.py, objects made once for the
  module in `prepare_shared_world`),
- `who`: a role from the fixture world (tests/security/conftest.py),
- where the form is shown (`form_page`, `form_key`): the test GETs that page and reads the form
  from the response context, so the field list comes from the real form and can't go stale,
- `valid`: valid values mixed with the hostile ones, so that some examples get past the other
  fields' checks and reach the deeper validation,
- `writes`: the apps (or "app.Model") whose rows must not change when the form is rejected.

`test_every_form_view_is_registered` walks the URL patterns and fails when a view reading
`request.POST` (or a filter form from `request.GET`) has neither an entry here nor a reasoned
place in `NO_INPUT`.

Every example runs inside a savepoint rolled back afterwards, so an accepted submission never
leaks into the next example.
"""

import inspect
import itertools
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.forms import NHSDateField
from tests.factories import InvitationFactory
from tests.security import access_matrix as am
from tests.security.test_access_matrix import all_url_patterns, project_url_names

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 10

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# What must never appear in a page raw (escaped, they read &lt;script&gt;... and &lt;img ...).
UNESCAPED = ("<script>alert(1)", "<img src=x onerror=alert(1)>")

HOSTILE_TEXT = [
    SCRIPT,
    IMG,
    "'; DROP TABLE x; --",
    "1 OR 1=1",
    "Robert'); DELETE FROM candidates_candidateprofile;--",
    "A" * 5000,
    "ي" * 300,
    "\u202eRTL override\u202c",
    "👩🏽‍⚕️" * 60,
    "\x07\x1b[31mcontrol\x7f",
    "   ",
    "",
    "{{ settings.SECRET_KEY }}{% debug %}",
    "%s%s%s%n",
    "../../../../etc/passwd",
]
HOSTILE_NUMBERS = [
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "½",
    "3.14159",
    "1,5",
    "0x10",
]
HOSTILE_DATE_PARTS = [
    ("31", "2", "2025"),
    ("0", "0", "0"),
    ("-1", "13", "20255"),
    ("29", "2", "2023"),
    ("1", "1", "0001"),
    ("99", "99", "99999"),
    ("1", "1", "<script>"),
    ("", "", ""),
    ("1", "", "2025"),
    ("٣", "٤", "٢٠٢٥"),  # Arabic-Indic digits
]

# No NUL: Django's forms refuse it outright and PostgreSQL can't store it.
_text = st.text(st.characters(blacklist_characters="\x00", codec="utf-8"), max_size=300)
hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), _text)
hostile_number = st.one_of(st.sampled_from(HOSTILE_NUMBERS), hostile_text)


def _hostile_file():
    return SimpleUploadedFile(
        "passport.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
    )


def field_strategy(name: str, formfield: forms.Field):
    """The POST items of one form field, hostile (a date is three boxes)."""
    if isinstance(formfield, NHSDateField):
        return st.sampled_from(HOSTILE_DATE_PARTS).map(
            lambda parts: dict(
                zip((f"{name}_day", f"{name}_month", f"{name}_year"), parts, strict=True)
            )
        )
    if isinstance(formfield, forms.FileField):
        return st.sampled_from(["file", "none"]).map(
            lambda what: {name: _hostile_file()} if what == "file" else {}
        )
    if isinstance(formfield, forms.BooleanField):
        values = st.one_of(st.sampled_from(["on", "", "false", "0"]), hostile_text)
    elif isinstance(formfield, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        values = st.lists(st.one_of(st.sampled_from(_choices(formfield)), hostile_text), max_size=3)
    elif isinstance(formfield, forms.ChoiceField | forms.ModelChoiceField):
        values = st.one_of(
            st.sampled_from(_choices(formfield)),
            st.sampled_from(["-1", "0", "999999999"]),
            hostile_text,
        )
    elif isinstance(formfield, forms.IntegerField | forms.DecimalField | forms.FloatField):
        values = hostile_number
    elif isinstance(formfield, forms.EmailField):
        values = st.one_of(st.emails().map(lambda e: e[:254]), hostile_text)
    else:
        values = hostile_text
    return values.map(lambda value: {name: value})


def _choices(formfield) -> list[str]:
    values = [str(value) for value, _ in formfield.choices if not isinstance(value, list | tuple)]
    return [value for value in values if value] or ["x"]


@dataclass
class FormCase:
    kwargs: Callable | None = None  # (world) -> URL kwargs
    who: str = "recruit"
    valid: dict = field(default_factory=dict)
    writes: tuple[str, ...] = ()  # apps or "app.Model"s; the URL's own app is always included
    form_page: str | None = None  # URL name of the page showing the form (default: this one)
    form_kwargs: Callable | None = None  # (world) -> its URL kwargs (default: this URL's)
    form_key: str = "form"
    rejected_status: int = 200
    method: str = "post"
    get_statuses: tuple[int, ...] = (200,)  # what a GET filter may answer
    accepted: Callable = lambda response: response.status_code == 302
    fresh: Callable | None = None  # (world) -> URL kwargs from an object made per example
    note: str = ""


def _own(builder):
    return lambda world: builder(world, world.own)


def _fresh_invitation(world) -> dict:
    invitation = InvitationFactory(email=f"hostile{next(_sequence)}@example.com")
    return {"token": invitation.token}


def _sibling_erasure(world) -> dict:
    # The sibling's request: the recruit's own my-data form must find no request open.
    return am._erasure_request(world, world.sibling)


def _recruit_with_preceptor(world) -> dict:
    """A recruit with a preceptor assigned and no preceptorship yet (the start form shows)."""
    from employers.models import Membership
    from tests.factories import MembershipFactory
    from tests.security.conftest import assign_support

    def build():
        kwargs = am._recruit_without_preceptorship(world, world.own)
        preceptor = MembershipFactory(
            organisation=world.own.organisation, role=Membership.Role.MENTOR
        ).user
        candidate = world.own.candidate.__class__.objects.get(pk=kwargs["candidate_id"])
        assign_support(candidate=candidate, staff=preceptor, role="preceptor")
        return kwargs

    return world.once("hostile:preceptee", build)


_sequence = itertools.count()

FORMS: dict[str, FormCase] = {
    # --- accounts -----------------------------------------------------------------------------
    "accounts:invitation-accept": FormCase(
        fresh=_fresh_invitation,
        who="anonymous",
        valid={"full_name": "Amara Okafor", "password1": "a-long-unusual-pass"},
        writes=("accounts", "employers", "candidates", "sessions"),
    ),
    "account_login": FormCase(who="anonymous", writes=("accounts", "sessions")),
    # --- employers ----------------------------------------------------------------------------
    "employers:organisation-invite": FormCase(
        kwargs=_own(am._organisation),
        who="manager_same_org",
        form_page="employers:organisation-detail",
        valid={"email": "new.person@example.nhs.uk", "kind": "buddy"},
        writes=("accounts",),
    ),
    # --- candidates ---------------------------------------------------------------------------
    "candidates:profile-edit": FormCase(valid={"pathway": "international"}),
    "candidates:employment-edit": FormCase(kwargs=_own(am._candidate), who="manager_same_org"),
    "candidates:registration-details": FormCase(kwargs=_own(am._candidate)),
    "candidates:step-update": FormCase(kwargs=_own(am._step)),
    "candidates:english-add": FormCase(kwargs=_own(am._candidate), valid={"test_type": "ielts"}),
    "candidates:document-upload": FormCase(kwargs=_own(am._candidate)),
    "candidates:document-review": FormCase(
        kwargs=_own(am._document), who="manager_same_org", valid={"decision": "rejected"}
    ),
    "candidates:barrier-add": FormCase(
        kwargs=_own(am._candidate),
        valid={"theme": "hcpc_registration", "description": "A form got lost", "severity": "low"},
    ),
    "candidates:barrier-update": FormCase(kwargs=_own(am._barrier)),
    # --- pastoral -----------------------------------------------------------------------------
    "pastoral:pulse": FormCase(form_page="pastoral:my-support", form_kwargs=lambda world: {}),
    "pastoral:change-buddy": FormCase(),
    "pastoral:staff-profile": FormCase(who="buddy_assigned"),
    "pastoral:check-in-new": FormCase(kwargs=_own(am._assignment_pk), who="buddy_assigned"),
    "pastoral:assign": FormCase(kwargs=_own(am._candidate_pk), who="manager_same_org"),
    "pastoral:change-request-resolve": FormCase(
        kwargs=_own(am._change_request), who="manager_same_org"
    ),
    "pastoral:network-new": FormCase(who="manager_same_org"),
    "pastoral:network-edit": FormCase(kwargs=_own(am._network), who="manager_same_org"),
    "pastoral:self-assessment-rate": FormCase(kwargs=_own(am._criterion), who="manager_same_org"),
    # --- onboarding ---------------------------------------------------------------------------
    "onboarding:offer": FormCase(
        kwargs=_own(am._candidate),
        who="manager_same_org",
    ),
    "onboarding:checklist-apply": FormCase(
        kwargs=_own(am._candidate),
        who="manager_same_org",
        form_page="onboarding:journey",
        form_key="apply_form",
    ),
    "onboarding:task-add": FormCase(
        kwargs=_own(am._candidate),
        who="manager_same_org",
        form_page="onboarding:journey",
        form_key="task_form",
        valid={"title": "Collect your badge", "owner_role": "recruit"},
    ),
    "onboarding:task-comment": FormCase(
        kwargs=_own(am._task),
        form_page="onboarding:journey",
        form_kwargs=_own(am._candidate),
        form_key="comment_form",
    ),
    "onboarding:template-copy": FormCase(
        kwargs=_own(am._template),
        who="manager_same_org",
    ),
    "onboarding:template": FormCase(
        kwargs=_own(am._template),
        who="manager_same_org",
    ),
    "onboarding:template-item-add": FormCase(
        kwargs=_own(am._template),
        who="manager_same_org",
    ),
    "onboarding:template-item-edit": FormCase(
        kwargs=_own(am._template_item),
        who="manager_same_org",
    ),
    # --- learning -----------------------------------------------------------------------------
    "learning:guide-check": FormCase(
        kwargs=_own(am._guide),
        form_page="learning:guide",
        accepted=lambda response: response.status_code == 302 or bool(response.context["wrong"]),
        note="A wrong answer is accepted (the attempt is recorded) and the page says which.",
    ),
    "learning:guide-create": FormCase(who="manager_same_org"),
    "learning:guide-edit": FormCase(kwargs=_own(am._guide), who="manager_same_org"),
    "learning:cpd-add": FormCase(),
    "learning:cpd-edit": FormCase(kwargs=_own(am._cpd_activity)),
    "learning:cpd-activity": FormCase(kwargs=_own(am._cpd_activity)),
    "learning:preceptorship-start": FormCase(
        kwargs=_recruit_with_preceptor, who="manager_same_org"
    ),
    "learning:objective-add": FormCase(
        kwargs=_own(am._preceptorship),
        form_page="learning:preceptorship-detail",
        form_key="objective_form",
    ),
    "learning:protected-time-add": FormCase(
        kwargs=_own(am._preceptorship),
        form_page="learning:preceptorship-detail",
        form_key="time_form",
    ),
    "learning:review-sign-off": FormCase(kwargs=_own(am._review)),
    # --- reminders ----------------------------------------------------------------------------
    "reminders:preferences": FormCase(),
    # --- privacy ------------------------------------------------------------------------------
    "privacy:my-data": FormCase(valid={"reason": "Moving on", "confirm": "on"}),
    "privacy:erasure-decide": FormCase(
        kwargs=_sibling_erasure,
        who="manager_same_org",
        writes=("accounts", "candidates", "employers", "onboarding", "pastoral", "learning"),
    ),
    # --- insights: the dashboards' filter form, from the query string -------------------------
    **{
        f"insights:{slug}": FormCase(who="hee_analyst", method="get")
        for slug in ("pipeline", "time", "barriers", "support", "ethics")
    },
    "insights:csv": FormCase(
        kwargs=lambda world: {"slug": "pipeline", "table": "stages"},
        who="hee_analyst",
        method="get",
        form_page="insights:pipeline",
        get_statuses=(200, 404),
        note="The CSV answers 404 to filters that are not valid (there is no form to show).",
        form_kwargs=lambda world: {},
    ),
    "insights:organisation-view": FormCase(
        kwargs=_own(am._organisation_view), who="manager_same_org", method="get"
    ),
    "insights:organisation-csv": FormCase(
        kwargs=_own(am._organisation_csv),
        who="manager_same_org",
        method="get",
        form_page="insights:organisation-view",
        get_statuses=(200, 404),
        note="The CSV answers 404 to filters that are not valid (there is no form to show).",
        form_kwargs=_own(am._organisation_view),
    ),
}

# Views that take a POST but no typed input: a button that does one thing to an object whose
# access is tested in the access matrix. Nothing for hostile values to reach.
NO_INPUT: dict[str, str] = {
    "candidates:further-information-request": "Adds a 'further information' step; no fields.",
    "pastoral:network-introduced": "Records that the recruit was introduced; no fields.",
    "pastoral:assignment-end": "Ends a buddy assignment; confirmation button only.",
    "onboarding:task-complete": "Marks a task done; no fields.",
    "onboarding:task-reopen": "Reopens a task; no fields.",
    "onboarding:template-delete": "Deletes a template; confirmation button only.",
    "onboarding:template-item-delete": "Deletes a template item; confirmation button only.",
    "learning:guide-read": "Marks a guide read; no fields.",
    "reminders:notification-read": "Marks one notification read; no fields.",
    "reminders:notifications-read-all": "Marks all notifications read; no fields.",
    "reminders:unsubscribe": "One-click unsubscribe: the signed token in the URL is the input "
    "(a bad token is a 400 page, tested in tests/reminders); the POST has no fields.",
    "insights:dashboard": "The list of dashboards; no filter form.",
}


def _view_source(callback) -> str:
    """The view's source and that of the module's helpers it calls (transitively)."""
    func = inspect.unwrap(callback)
    module = sys.modules[func.__module__]
    seen, todo, sources = set(), [func], []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source = inspect.getsource(current)
        sources.append(source)
        for name in set(re.findall(r"\b(_?[a-z][a-z0-9_]*)\(", source)):
            helper = getattr(module, name, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                todo.append(helper)
    return "\n".join(sources)


def _reads_input(callback) -> bool:
    source = _view_source(callback)
    return "request.POST" in source or "request.GET, " in source or "request.GET)" in source


def test_every_form_view_is_registered():
    names = set(project_url_names())
    reading = {
        name
        for route, name, pattern in all_url_patterns()
        if name in names and _reads_input(pattern.callback)
    }
    posting = {
        name
        for route, name, pattern in all_url_patterns()
        if name in names and "POST" in _view_source(pattern.callback)
    }
    missing = sorted((reading | posting) - set(FORMS) - set(NO_INPUT))
    assert missing == [], f"Register these forms in FORMS (or justify them in NO_INPUT): {missing}"
    assert sorted((set(FORMS) | set(NO_INPUT)) - names - {"account_login"}) == []


def prepare_shared_world(world):
    """Make every object the forms' URLs need, once, inside the module's transaction."""
    from learning.models import Guide
    from tests.factories import OfferFactory, question_with_choices

    for case in FORMS.values():
        if case.kwargs is not None:
            case.kwargs(world)
    # Deeper forms: the checklist form shows once there's an offer; the self-check has a question.
    OfferFactory(candidate=world.own.candidate)
    question_with_choices(Guide.objects.get(**am._guide(world, world.own)))


# --- The run --------------------------------------------------------------------------------


def _models(case: FormCase, name: str):
    labels = {name.split(":")[0] if ":" in name else "accounts", *case.writes, "auditlog"}
    models = []
    for label in sorted(labels):
        if "." in label:
            models.append(apps.get_model(label))
        elif apps.is_installed(label) or label in {c.label for c in apps.get_app_configs()}:
            models.extend(apps.get_app_config(label).get_models())
    return models


def _snapshot(models) -> list:
    """Every stored row of `models`, as the database holds it (plain SQL: this runs for every
    example, and the ORM's query building was most of its cost)."""
    rows = []
    with connection.cursor() as cursor:
        for model in models:
            meta = model._meta
            columns = ", ".join(connection.ops.quote_name(f.column) for f in meta.concrete_fields)
            table = connection.ops.quote_name(meta.db_table)
            pk = connection.ops.quote_name(meta.pk.column)
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {pk}")
            rows.append(cursor.fetchall())
    return rows


def _form_for(case: FormCase, name: str, world, client, kwargs: dict):
    page = case.form_page or name
    page_kwargs = case.form_kwargs(world) if case.form_kwargs else kwargs
    response = client.get(reverse(page, kwargs=page_kwargs))
    assert response.status_code == 200, f"{page} did not show the form: {response.status_code}"
    form = response.context[case.form_key]
    assert isinstance(form, forms.BaseForm), f"{page} has no form {case.form_key!r}"
    return form


def _submission(case: FormCase, form: forms.BaseForm):
    """Each field hostile, or valid (its `valid` value or what the form shows)."""
    per_field = []
    for name, formfield in form.fields.items():
        key = form.add_prefix(name)
        hostile = field_strategy(key, formfield)
        if key in case.valid:
            per_field.append(st.one_of(hostile, st.just({key: case.valid[key]})))
        else:
            per_field.append(hostile)
    return st.tuples(*per_field).map(lambda parts: {k: v for p in parts for k, v in p.items()})


def _client(world, who: str) -> Client:
    return Client() if who == "anonymous" else world.clients[who]


def _assert_escaped(html: str, where: str, data) -> None:
    for raw in UNESCAPED:
        assert raw not in html, f"{where} renders submitted markup unescaped: {data!r}"


EXAMPLES_RUN = {"count": 0}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_input_is_refused_cleanly(name, shared_world, shared_media):
    world = shared_world
    case = FORMS[name]
    models = _models(case, name)
    kwargs = case.kwargs(world) if case.kwargs else case.fresh(world) if case.fresh else {}
    form = _form_for(case, name, world, _client(world, case.who), kwargs)
    # Every example starts from the same rows (each is rolled back), unless it makes its own.
    unchanged = None if case.fresh else _snapshot(models)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=_submission(case, form))
    def submit(data):
        EXAMPLES_RUN["count"] += 1
        cache.clear()  # allauth's rate limits
        with transaction.atomic():
            client = _client(world, case.who)
            url_kwargs = case.fresh(world) if case.fresh else kwargs
            url = reverse(name, kwargs=url_kwargs)
            before = unchanged if unchanged is not None else _snapshot(models)

            if case.method == "get":
                response = client.get(url, data)
            else:  # a browser always sends the CSRF token, so the POST is never empty
                response = client.post(url, {"csrfmiddlewaretoken": "x", **data})

            assert response.status_code != 500
            html = response.content.decode(errors="replace")
            _assert_escaped(html, name, data)
            if case.method == "get":
                assert response.status_code in case.get_statuses, (
                    f"{response.status_code}: {data!r}"
                )
            elif case.accepted(response):
                # Accepted: wherever it leads shows what was stored, escaped.
                shown = (
                    client.get(response["Location"]) if response.status_code == 302 else response
                )
                assert shown.status_code != 500
                _assert_escaped(
                    shown.content.decode(errors="replace"), response.get("Location", name), data
                )
            else:
                assert response.status_code == case.rejected_status, (
                    f"rejection must re-render the form ({response.status_code}): {data!r}"
                )
                assert "nhsuk-error-summary" in html, f"rejection without error summary: {data!r}"
                assert _snapshot(models) == before, f"a rejected submission changed data: {data!r}"
            transaction.set_rollback(True)

    submit()


@pytest.fixture(autouse=True, scope="module")
def _report_examples():
    """Prints how many examples ran (visible with -s)."""
    yield
    print(f"\nhostile input: {EXAMPLES_RUN['count']} examples over {len(FORMS)} forms")


def test_checklist_apply_without_an_offer_shows_why(candidate, manager, client_for):
    """Found by the hostile run: the refusal hid the form (and its error)."""
    from tests.factories import ChecklistTemplateFactory

    template = ChecklistTemplateFactory(organisation=candidate.organisation)
    url = reverse("onboarding:checklist-apply", args=[candidate.pk])

    response = client_for(manager).post(url, {"template": template.pk})

    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.text
    assert "Record the recruit&#x27;s offer first" in response.text
