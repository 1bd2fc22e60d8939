from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

# Transactional with serialized rollback: it starts from the migration-seeded data even when
# another transactional test ran before it on the same worker.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROJECT_APPS = {
    "accounts",
    "employers",
    "candidates",
    "pastoral",
    "onboarding",
    "learning",
    "reminders",
    "insights",
}


def model_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


# One test, because seeding the whole demo world is the slow part of the suite.
def test_seed_demo_twice_yields_the_same_counts_and_its_logins_work(client):
    output = StringIO()
    call_command("seed_demo", stdout=output)
    first = model_counts()
    call_command("seed_demo", stdout=StringIO())
    assert model_counts() == first
    assert first["employers.Organisation"] == 3
    assert first["candidates.CandidateProfile"] >= 7

    text = output.getvalue()
    assert "Every demo account's password: demo-journeys-2026" in text
    assert "analyst@hee.example" in text
    assert text.count("MFA: recovery code ") == 7

    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if "manager@riverside.example" in line)
    code = lines[index + 1].split("recovery code ")[1].split(",")[0]
    response = client.post(
        "/accounts/login/", {"login": "manager@riverside.example", "password": "demo-journeys-2026"}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/onboarding/recruits/").status_code == 200

    recruit = client.__class__()
    response = recruit.post(
        "/accounts/login/", {"login": "anjali@example.com", "password": "demo-journeys-2026"}
    )
    assert response["Location"] == "/"
    assert recruit.get("/journey/").status_code == 200
