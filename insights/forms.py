from django import forms
from django.utils.choices import BaseChoiceIterator

from candidates.models import Pathway, Profession
from employers.models import Organisation, Region
from portal.forms import NHSDateField


class _EmployerChoices(BaseChoiceIterator):
    """Every NHS employer as ids and names, not model instances, read at most once per form and
    only when the list is shown or a chosen employer is checked (a CSV export reads none)."""

    def __init__(self):
        self._choices = None

    def __iter__(self):
        if self._choices is None:
            self._choices = [
                ("", "All employers"),
                *Organisation.objects.order_by("name").values_list("pk", "name"),
            ]
        yield from self._choices


class DashboardFilterForm(forms.Form):
    """The filters every dashboard shares. Sent by GET, so a filtered page can be bookmarked and
    its CSV link carries the same filters."""

    start = NHSDateField(
        label="From",
        required=False,
        help_text="The first day of the period, for example 1 4 2025.",
        what="The start of the period",
    )
    end = NHSDateField(
        label="To",
        required=False,
        help_text="The last day of the period, for example 31 3 2026.",
        what="The end of the period",
    )
    region = forms.ChoiceField(
        required=False,
        choices=[("", "All regions"), *Region.choices],
        label="NHS region",
    )
    profession = forms.ModelChoiceField(
        queryset=Profession.objects.all(),
        required=False,
        empty_label="All professions",
        to_field_name="slug",
    )
    pathway = forms.ChoiceField(required=False, choices=[("", "All pathways"), *Pathway.choices])
    employer = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is not None:
            # A manager's own dashboard: the employer (and so its region) is fixed.
            del self.fields["employer"]
            del self.fields["region"]
        else:
            self.fields["employer"].choices = _EmployerChoices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be the same as or after the start.")
        return cleaned
