"""The journey audit trail: who, when, before and after; readable per recruit; never editable."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone

from candidates.models import CandidateProfile, Pathway
from pastoral.models import SupportAssignment
from portal.audit import (
    JOURNEY_MODELS,
    audit_entries_for_candidate,
    audit_trail_rows,
    newest_audit_entries_for_candidate,
)
from tests.security.conftest import assign_support
from tests.signin import sign_in


def test_journey_models_all_resolve_and_are_audited():
    missing = [entry.label for entry in JOURNEY_MODELS if not _resolves(entry.label)]
    assert missing == [], f"portal.audit.JOURNEY_MODELS names models that don't exist: {missing}"
    for entry in JOURNEY_MODELS:
        assert auditlog.contains(apps.get_model(entry.label)), entry.label


def _resolves(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def test_change_records_actor_timestamp_before_and_after(candidate, manager):
    before = timezone.now()
    with set_actor(manager):
        candidate.pathway = Pathway.REFUGEE_IN_UK
        candidate.save()

    entry = LogEntry.objects.get_for_object(candidate).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == manager
    assert before <= entry.timestamp <= timezone.now()
    assert entry.changes_dict == {"pathway": ["overseas", "refugee_uk"]}


def _change_pathway_view(request, pk):
    profile = CandidateProfile.objects.get(pk=pk)
    profile.pathway = Pathway.UK_RESIDENT
    profile.save()
    return HttpResponse("saved")


urlpatterns = [path("audit-probe/<int:pk>/", _change_pathway_view, name="audit-probe")]


@pytest.mark.urls("tests.security.test_audit")
def test_change_made_in_a_request_records_the_signed_in_person(candidate, manager, client_for):
    response = client_for(manager).get(reverse("audit-probe", args=[candidate.pk]))

    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(candidate).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == manager
    assert entry.remote_addr == "127.0.0.1"
    assert entry.changes_dict == {"pathway": ["overseas", "uk_resident"]}


def test_audit_entries_for_candidate_are_theirs_only(candidate, other_candidate, buddy, manager):
    with set_actor(manager):
        assignment = assign_support(candidate=candidate, staff=buddy)
        assign_support(candidate=other_candidate, staff=buddy)
        candidate.phone = "07700 900123"
        candidate.save()
        other_candidate.phone = "07700 900456"
        other_candidate.save()

    entries = list(audit_entries_for_candidate(candidate))

    assert [(e.content_type.model, e.object_id, e.action) for e in entries] == [
        ("candidateprofile", candidate.pk, LogEntry.Action.UPDATE),
        ("supportassignment", assignment.pk, LogEntry.Action.CREATE),
        ("candidateprofile", candidate.pk, LogEntry.Action.CREATE),
    ]
    assert [e.actor for e in entries] == [manager, manager, None]


def test_newest_audit_entries_are_the_first_of_the_recruits_trail(
    candidate, other_candidate, buddy, manager
):
    with set_actor(manager):
        assign_support(candidate=candidate, staff=buddy)
        assign_support(candidate=other_candidate, staff=buddy)
        for phone in ["07700 900123", "07700 900124"]:
            candidate.phone = other_candidate.phone = phone
            candidate.save()
            other_candidate.save()
    trail = list(audit_entries_for_candidate(candidate))

    for count in [2, 50]:
        newest = newest_audit_entries_for_candidate(candidate, count)

        assert [(e.pk, e.actor, e.content_type) for e in newest] == [
            (e.pk, e.actor, e.content_type) for e in trail[:count]
        ]
    assert len(trail) == 4
    assert newest_audit_entries_for_candidate(other_candidate, 50) == list(
        audit_entries_for_candidate(other_candidate)
    )


@pytest.mark.parametrize("changes", [1, 4])
def test_audit_entries_for_candidate_query_count_is_constant(
    changes, candidate, manager, django_assert_num_queries
):
    with set_actor(manager):
        for number in range(changes):
            candidate.phone = f"07700 90000{number}"
            candidate.save()
    ContentType.objects.clear_cache()
    list(audit_entries_for_candidate(candidate))  # warm the content-type cache

    with django_assert_num_queries(1):
        entries = list(audit_entries_for_candidate(candidate))

    assert len(entries) == changes + 1  # and the profile's creation


def test_audit_trail_include_renders_who_when_and_escaped_values(candidate, manager):
    with set_actor(manager):
        candidate.phone = "<script>alert(1)</script>"
        candidate.save()

    html = render_to_string(
        "includes/audit_trail.html",
        {"audit_rows": audit_trail_rows(audit_entries_for_candidate(candidate))},
    )

    assert "nhsuk-table" in html
    assert manager.get_full_name() in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_audit_trail_include_without_entries_says_so():
    html = render_to_string("includes/audit_trail.html", {"audit_rows": []})

    assert "No changes have been recorded yet." in html


@pytest.fixture
def audit_entry(candidate, manager):
    with set_actor(manager):
        candidate.phone = "07700 900999"
        candidate.save()
    return LogEntry.objects.get_for_object(candidate).get(action=LogEntry.Action.UPDATE)


@pytest.fixture
def admin_client_mfa(client, db):
    from accounts.models import User
    from tests.factories import UserFactory

    admin = UserFactory(role=User.Role.ADMIN, is_staff=True, is_superuser=True, mfa=True)
    return sign_in(client, admin)


def test_admin_cannot_change_an_audit_entry(admin_client_mfa, audit_entry):
    url = reverse("admin:auditlog_logentry_change", args=[audit_entry.pk])

    response = admin_client_mfa.post(url, {"changes_text": "rewritten", "action": 2})

    assert response.status_code == 403
    audit_entry.refresh_from_db()
    assert audit_entry.changes_dict == {"phone": ["", "07700 900999"]}


def test_admin_cannot_delete_or_add_audit_entries(admin_client_mfa, audit_entry):
    delete = admin_client_mfa.post(
        reverse("admin:auditlog_logentry_delete", args=[audit_entry.pk]), {"post": "yes"}
    )
    add = admin_client_mfa.post(reverse("admin:auditlog_logentry_add"), {})

    assert delete.status_code == 403
    assert add.status_code == 403
    assert LogEntry.objects.filter(pk=audit_entry.pk).exists()


def test_admin_can_read_and_search_audit_entries(admin_client_mfa, audit_entry, manager):
    changelist = reverse("admin:auditlog_logentry_changelist")

    listing = admin_client_mfa.get(changelist)
    search = admin_client_mfa.get(changelist, {"q": manager.email})
    detail = admin_client_mfa.get(reverse("admin:auditlog_logentry_change", args=[audit_entry.pk]))

    assert listing.status_code == 200
    assert search.status_code == 200
    assert search.context["cl"].result_count == 1
    assert detail.status_code == 200


def test_journey_models_reach_their_candidate():
    from portal.audit import audited_models

    assert sorted(entry.label for _, entry in audited_models()) == sorted(
        entry.label for entry in JOURNEY_MODELS
    )


# --- On the journey page --------------------------------------------------------------------


def _step_to_in_progress(client, step):
    response = client.post(
        reverse("candidates:step-update", args=[step.pk]),
        {
            "status": "in_progress",
            "started_on_day": "2",
            "started_on_month": "3",
            "started_on_year": "2025",
            "notes": "",
        },
    )
    assert response.status_code == 302


def test_journey_page_shows_the_manager_a_step_status_change(candidate, manager, client_for):
    from tests.factories import RegistrationStepFactory

    step = RegistrationStepFactory(candidate=candidate)
    client = client_for(manager)
    _step_to_in_progress(client, step)

    html = client.get(reverse("onboarding:journey", args=[candidate.pk])).content.decode()

    assert 'id="audit-trail"' in html
    trail = html.split('id="audit-trail"', 1)[1]
    assert manager.get_full_name() in trail
    assert "Not started" in trail
    assert "In progress" in trail


def test_journey_page_hides_the_audit_trail_from_the_recruit_and_buddy(
    candidate, recruit, buddy, manager, client_for
):
    from tests.factories import RegistrationStepFactory

    _step_to_in_progress(client_for(manager), RegistrationStepFactory(candidate=candidate))
    assign_support(candidate=candidate, staff=buddy)

    for person in (recruit, buddy):
        client = client_for(person)
        response = client.get(reverse("onboarding:journey", args=[candidate.pk]))
        assert response.status_code == 200
        assert 'id="audit-trail"' not in response.content.decode()
        client.logout()


def _foreign_key_changes(candidate, manager, changes: int) -> None:
    """`changes` audit entries that each change a foreign key: the recruit's profession and
    the staff member of their buddy assignment, each to someone or something else every time."""
    from tests.factories import StaffUserFactory, SupportAssignmentFactory, profession

    professions = [profession("radiographer"), profession("physiotherapist")]
    with set_actor(manager):
        assignment = SupportAssignment.objects.filter(
            candidate=candidate
        ).first() or SupportAssignmentFactory(candidate=candidate, staff=StaffUserFactory())
        for number in range(changes // 2):
            candidate.profession = professions[number % 2]
            candidate.save()
            assignment.staff = StaffUserFactory()
            assignment.save()


@pytest.mark.parametrize("changes", [2, 20])
def test_audit_trail_rows_query_count_is_constant(
    changes, candidate, manager, django_assert_num_queries
):
    _foreign_key_changes(candidate, manager, changes)
    entries = list(audit_entries_for_candidate(candidate)[:50])

    # One query per related model named: User, CandidateProfile, Organisation, Profession.
    with django_assert_num_queries(4):
        rows = audit_trail_rows(entries)

    assert len(rows) == changes + 2  # and the profile's and the assignment's creation
    newest_staff, newest_profession = rows[0].changes, rows[1].changes
    assignment = SupportAssignment.objects.select_related("staff").get(candidate=candidate)
    assert [(change.field, change.after) for change in newest_staff] == [
        ("staff", str(assignment.staff))
    ]
    assert [(change.field, change.after) for change in newest_profession] == [
        ("profession", "Radiographer" if changes // 2 % 2 else "Physiotherapist")
    ]


def test_journey_page_query_count_does_not_grow_with_audit_entries(candidate, manager, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)
    url = reverse("onboarding:journey", args=[candidate.pk])
    counts = []
    for changes in (2, 18):  # 2, then 20 in all
        _foreign_key_changes(candidate, manager, changes)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    trail = response.content.decode().split('id="audit-trail"', 1)[1]
    assert "Physiotherapist" in trail
    assert "Radiographer" in trail
