"""`crispy_blank`: a blank form's crispy HTML kept once rendered, keyed by its choices."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

from onboarding.forms import ApplyChecklistForm, TaskAddForm
from onboarding.models import ChecklistTemplate
from onboarding.selectors import templates_applicable_to
from portal.templatetags import blank_forms
from portal.templatetags.blank_forms import crispy_blank
from tests.factories import ChecklistTemplateFactory

pytestmark = pytest.mark.django_db


def test_a_blank_form_renders_as_crispy_renders_it_and_is_kept():
    form = TaskAddForm()

    html = crispy_blank(form)

    assert html == as_crispy_form(TaskAddForm())
    assert crispy_blank(TaskAddForm()) is html


def test_a_form_with_choices_from_the_database_is_kept_per_set_of_choices(candidate):
    def apply_form():
        return ApplyChecklistForm(templates=templates_applicable_to(candidate))

    before = crispy_blank(apply_form())
    added = ChecklistTemplateFactory(organisation=candidate.organisation, name="Ward induction")
    after = crispy_blank(apply_form())

    assert "Ward induction" not in before and "Ward induction" in after
    assert after == as_crispy_form(apply_form())
    ChecklistTemplate.objects.filter(pk=added.pk).update(name="Theatre induction")
    renamed = crispy_blank(apply_form())
    assert "Theatre induction" in renamed and "Ward induction" not in renamed


def test_a_bound_form_is_rendered_afresh_with_its_errors(candidate):
    crispy_blank(TaskAddForm())

    html = crispy_blank(TaskAddForm(data={"title": ""}))

    assert 'id="id_title-error"' in html and 'id="id_title-error"' not in crispy_blank(
        TaskAddForm()
    )
    assert html == as_crispy_form(TaskAddForm(data={"title": ""}))


def test_kept_renderings_are_bounded(candidate, monkeypatch):
    monkeypatch.setattr(blank_forms, "KEPT_RENDERINGS", 3)
    monkeypatch.setattr(blank_forms, "_rendered", {})
    for n in range(5):
        ChecklistTemplateFactory(organisation=candidate.organisation, name=f"Induction {n}")
        crispy_blank(ApplyChecklistForm(templates=templates_applicable_to(candidate)))

    assert len(blank_forms._rendered) == 3
