from django.apps import apps

from candidates.models import CandidateProfile
from onboarding.models import JourneyProgress
from privacy.selectors import personal_rows_of

PROJECT_APPS = ["accounts", "employers", "candidates", "pastoral", "onboarding", "learning",
                "reminders", "privacy", "insights"]  # fmt: skip
# Worked out from rows the apps list, with nothing of the recruit's own in it.
DERIVED = {JourneyProgress}


def _reaches_a_recruit(model, depth: int = 3) -> bool:
    """Whether `model`'s rows belong to a recruit through its foreign keys (a row about a
    recruit, or about one of their rows)."""
    if model is CandidateProfile:
        return True
    if depth == 0:
        return False
    return any(
        _reaches_a_recruit(field.related_model, depth - 1)
        for field in model._meta.get_fields()
        if field.many_to_one or (field.one_to_one and field.concrete)
    )


def test_every_model_with_rows_about_a_recruit_is_in_an_app_s_personal_data(candidate):
    listed = [entry.rows.model for entry in personal_rows_of(candidate.user)]
    about_recruits = {
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if _reaches_a_recruit(model)
    }

    assert len(listed) == len(set(listed))
    assert about_recruits - DERIVED <= set(listed)
    assert CandidateProfile in listed
