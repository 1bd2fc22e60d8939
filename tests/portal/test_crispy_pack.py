"""Our NHS.UK crispy-forms pack: labels, hints, inline errors, the error summary, kept values."""

import datetime

from django import forms
from django.template import Context, Template

from portal.forms import NHSDateField


class EverythingForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your passport.")
    email = forms.EmailField(label="Email address")
    hours = forms.IntegerField(label="Hours", min_value=0, max_value=24)
    story = forms.CharField(label="What happened", widget=forms.Textarea)
    band = forms.ChoiceField(label="Band", choices=[("5", "Band 5"), ("6", "Band 6")])
    pathway = forms.ChoiceField(
        label="Pathway",
        choices=[("overseas", "Overseas recruit"), ("refugee", "Refugee in the UK")],
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label="Themes",
        choices=[("language", "Language"), ("onboarding", "Onboarding")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree")
    test_date = NHSDateField(label="Test date")
    evidence = forms.FileField(label="Certificate", required=False)


def render(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_valid_unbound_form_renders_nhs_components_without_errors():
    html = render(EverythingForm())
    assert "nhsuk-error-summary" not in html
    assert '<label class="nhsuk-label" for="id_name">Full name</label>' in html
    assert '<div class="nhsuk-hint" id="id_name-hint">As on your passport.</div>' in html
    assert 'class="nhsuk-input"' in html
    assert 'class="nhsuk-textarea"' in html
    assert 'class="nhsuk-select"' in html
    assert 'class="nhsuk-radios__input"' in html
    assert 'class="nhsuk-checkboxes__input"' in html
    assert 'class="nhsuk-date-input"' in html
    assert 'name="test_date_day"' in html and 'name="test_date_year"' in html
    assert 'class="nhsuk-file-upload__input"' in html
    assert "Certificate (optional)" in html


def test_form_with_errors_renders_summary_linking_to_each_field_and_inline_messages():
    form = EverythingForm(
        data={
            "name": "",
            "email": "not-an-email",
            "hours": "30",
            "story": "It was hard",
            "band": "5",
            "test_date_day": "31",
            "test_date_month": "2",
            "test_date_year": "2025",
        }
    )
    assert not form.is_valid()
    html = render(form)
    assert '<h2 class="nhsuk-error-summary__heading">There is a problem</h2>' in html
    assert '<a href="#id_name">This field is required.</a>' in html
    assert '<a href="#id_email">Enter a valid email address.</a>' in html
    assert '<a href="#id_pathway_0">This field is required.</a>' in html
    assert '<a href="#id_test_date_0">Enter a real date, for example 27 3 2025.</a>' in html
    assert (
        '<span class="nhsuk-error-message" id="id_hours-error">'
        '<span class="nhsuk-u-visually-hidden">Error: </span>'
        "Ensure this value is less than or equal to 24.</span>"
    ) in html
    assert "nhsuk-form-group--error" in html
    assert 'class="nhsuk-input nhsuk-input--error"' in html
    assert 'aria-describedby="id_email-error"' in html


def test_submitted_values_are_kept_in_the_re_rendered_form():
    form = EverythingForm(
        data={
            "name": "Amal Haddad",
            "email": "amal@example",
            "hours": "7",
            "story": "Bus timetables <confusing>",
            "band": "6",
            "pathway": "refugee",
            "themes": ["language"],
            "test_date_day": "31",
            "test_date_month": "2",
            "test_date_year": "2025",
        }
    )
    assert not form.is_valid()
    html = render(form)
    assert 'value="Amal Haddad"' in html
    assert 'value="amal@example"' in html
    assert 'value="7"' in html
    assert "Bus timetables &lt;confusing&gt;</textarea>" in html
    assert '<option value="6" selected>Band 6</option>' in html
    assert 'value="refugee" checked' in html
    assert 'value="language" checked' in html
    assert 'name="test_date_day" type="text" inputmode="numeric" value="31"' in html
    assert 'name="test_date_month" type="text" inputmode="numeric" value="2"' in html


def test_date_field_accepts_day_month_year_and_explains_incomplete_dates():
    class DateForm(forms.Form):
        when = NHSDateField(label="When")

    good = DateForm(data={"when_day": "5", "when_month": "3", "when_year": "2025"})
    assert good.is_valid()
    assert good.cleaned_data["when"] == datetime.date(2025, 3, 5)
    partial = DateForm(data={"when_day": "5", "when_month": "", "when_year": "2025"})
    assert partial.errors["when"] == ["Enter a full date, with a day, month and year."]
    short_year = DateForm(data={"when_day": "5", "when_month": "3", "when_year": "25"})
    assert short_year.errors["when"] == ["Enter the year as four digits, for example 2025."]
