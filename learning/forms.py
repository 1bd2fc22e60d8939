from decimal import Decimal

from django import forms
from django.utils.text import slugify

from candidates.models import BarrierTheme, Profession
from learning.models import MAX_HOURS_PER_DAY, CpdActivity, Guide, format_hours
from portal.forms import NHSDateField, SingleLineTextField, visible_text_formfield
from portal.uploads import validate_evidence_file

HOURS_MESSAGES = {
    "required": "Enter the number of hours, for example 1.5.",
    "invalid": "Enter the number of hours as a number, for example 1.5.",
    "min_value": "Enter a number of hours greater than 0.",
    "max_value": "There are only 24 hours in a day: enter 24 or fewer.",
    "max_decimal_places": "Enter hours to one decimal place at most, for example 1.5.",
    "max_digits": "There are only 24 hours in a day: enter 24 or fewer.",
    "max_whole_digits": "There are only 24 hours in a day: enter 24 or fewer.",
}


def hours_field(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=Decimal("0.1"),
        max_value=MAX_HOURS_PER_DAY,
        max_digits=4,
        decimal_places=1,
        error_messages=HOURS_MESSAGES,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
    )


class EvidenceField(forms.FileField):
    """A private evidence file, checked by its content; `cleaned_data` holds (upload, mime)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        return upload, validate_evidence_file(upload)


# --- Guides -------------------------------------------------------------------------------------


class GuideForm(forms.ModelForm):
    barrier_themes = forms.MultipleChoiceField(
        choices=BarrierTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Barrier themes",
    )
    professions = forms.ModelMultipleChoiceField(
        queryset=Profession.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked if the guide suits every profession.",
    )

    class Meta:
        model = Guide
        fields = ["title", "slug", "summary", "body", "barrier_themes", "professions", "published"]
        formfield_callback = visible_text_formfield
        labels = {"slug": "Web address name", "published": "Publish this guide to recruits"}
        help_texts = {"slug": "Lower-case words joined by hyphens, for example raising-concerns."}
        error_messages = {
            "title": {"required": "Enter a title."},
            "summary": {"required": "Enter a short summary."},
            "body": {"required": "Enter the guide's text."},
            "slug": {
                "required": "Enter a web address name, for example raising-concerns.",
                "invalid": "Use only lower-case letters, numbers and hyphens.",
                "unique": "Another guide already uses this web address name. Choose another.",
            },
        }

    def clean_slug(self):
        return slugify(self.cleaned_data["slug"])


class SelfCheckForm(forms.Form):
    """One radio question per GuideQuestion; a question left unanswered is simply wrong."""

    def __init__(self, *args, guide: Guide, **kwargs):
        super().__init__(*args, **kwargs)
        for question in guide.questions.all():
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose an answer."},
            )

    def answers(self) -> dict[int, int]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


# --- CPD ----------------------------------------------------------------------------------------


class CpdActivityForm(forms.ModelForm):
    date = NHSDateField(
        label="Date of the activity",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the activity."},
        past_only=True,
        what="The date of the activity",
    )
    hours = hours_field("Hours spent", "For example 1.5. No more than 24 in one day.")
    evidence = EvidenceField(
        required=False,
        label="Evidence file",
        help_text="A PDF, JPEG or PNG, such as a certificate or reflective note.",
    )

    class Meta:
        model = CpdActivity
        formfield_callback = visible_text_formfield
        fields = [
            "activity_type",
            "date",
            "hours",
            "title",
            "learned",
            "practice_change",
            "shared_with_preceptor",
            "shared_with_manager",
        ]
        widgets = {"activity_type": forms.RadioSelect}
        labels = {
            "title": "Title of the activity",
            "learned": "What did you learn?",
            "practice_change": "How did it change your practice, and how did it benefit "
            "service users?",
            "shared_with_preceptor": "Share this entry with my preceptor",
            "shared_with_manager": "Share this entry with my manager",
        }
        error_messages = {
            "activity_type": {"required": "Choose the type of activity."},
            "title": {"required": "Enter a title for the activity."},
            "learned": {"required": "Describe what you learned."},
            "practice_change": {
                "required": "Describe how it changed your practice and helped service users."
            },
        }

    def __init__(self, *args, candidate, hours_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self._hours_on = hours_on
        self.fields["activity_type"].choices = CpdActivity.Type.choices
        if self.instance.pk:
            del self.fields["evidence"]

    def clean(self):
        cleaned = super().clean()
        day, hours = cleaned.get("date"), cleaned.get("hours")
        if day and hours:
            already = self._hours_on(self.candidate, day, exclude_id=self.instance.pk)
            if already + hours > MAX_HOURS_PER_DAY:
                self.add_error(
                    "hours",
                    f"You have already logged {format_hours(already)} hours of CPD on "
                    f"{day:%-d %B %Y}. With {format_hours(hours)} more that day would have "
                    "over 24 hours.",
                )
        return cleaned


class CpdEvidenceForm(forms.Form):
    evidence = EvidenceField(
        label="Evidence file",
        help_text="A PDF, JPEG or PNG.",
        error_messages={"required": "Choose a file to upload."},
    )


# --- Preceptorship ------------------------------------------------------------------------------


class PreceptorshipStartForm(forms.Form):
    start_date = NHSDateField(
        label="Start date",
        error_messages={"required": "Enter the start date."},
        what="The start date",
    )
    planned_protected_hours = forms.DecimalField(
        label="Planned protected time over the preceptorship, in hours",
        min_value=Decimal("0.5"),
        max_value=Decimal("2000"),
        max_digits=5,
        decimal_places=1,
        error_messages={
            "required": "Enter the planned protected time in hours.",
            "invalid": "Enter the hours as a number, for example 60.",
            "min_value": "Plan at least half an hour of protected time.",
            "max_value": "Enter 2000 hours or fewer.",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
    )
    objectives = forms.CharField(
        label="Objectives agreed at the start",
        help_text="One objective a line.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least one objective, one a line."},
    )

    def clean_objectives(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["objectives"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError("Enter at least one objective, one a line.")
        if any(len(line) > 500 for line in lines):
            raise forms.ValidationError("Keep each objective to 500 characters or fewer.")
        return lines


class ObjectiveForm(forms.Form):
    text = SingleLineTextField(
        label="Objective",
        max_length=500,
        error_messages={
            "required": "Enter the objective.",
            "max_length": "Keep the objective to 500 characters or fewer.",
        },
    )
    agreed_on = NHSDateField(
        label="Date agreed",
        error_messages={"required": "Enter the date it was agreed."},
        past_only=True,
        what="The date it was agreed",
    )


class ProtectedTimeForm(forms.Form):
    date = NHSDateField(
        label="Date",
        error_messages={"required": "Enter the date."},
        past_only=True,
        what="The date of the protected time",
    )
    hours = hours_field("Hours of protected time")
    activity = SingleLineTextField(
        label="What was the time used for?",
        max_length=300,
        error_messages={
            "required": "Say what the time was used for.",
            "max_length": "Keep this to 300 characters or fewer.",
        },
    )


class ReviewSignOffForm(forms.Form):
    comments = forms.CharField(
        label="Your comments on progress",
        help_text="What has gone well, what support would help next. This is not a pass or fail.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write a few words about progress before signing off."},
    )
    confirm = forms.BooleanField(
        label="I have discussed this review and sign it off",
        error_messages={"required": "Tick the box to confirm you sign off this review."},
    )
