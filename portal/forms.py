"""Form pieces shared by every app: the NHS.UK date input and field with the one date-range
rule, and single-line text that refuses invisible format characters."""

import unicodedata
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

# The one range every typed date must fall in: nothing before 1950 (no career, test or
# qualification on the portal is older), nothing more than five years ahead (no offer, start or
# task is planned further out), and nothing after today for what has already happened.
EARLIEST_DATE = date(1950, 1, 1)
YEARS_AHEAD = 5


def latest_date(today: date) -> date:
    """`YEARS_AHEAD` years after `today` (28 February for a 29 February `today`)."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class NHSDateInput(forms.MultiWidget):
    """Day, month and year boxes, as the NHS.UK design system asks for memorable dates."""

    template_name = "nhsuk/widgets/date.html"
    PARTS = ("day", "month", "year")

    def __init__(self, attrs=None):
        widgets = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            for part in self.PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            year, _, rest = value.partition("-")
            month, _, day = rest.partition("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = ((data.get(f"{name}_{part}") or "").strip() for part in self.PARTS)
        if not (day or month or year):
            return None
        # Kept as typed so that an impossible date comes back to the person unchanged.
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{part}" not in data for part in self.PARTS)


class NHSDateField(forms.DateField):
    """A date typed in day, month and year boxes, held to the portal's date range.

    `past_only` for something that has already happened (today at the latest). `what` names the
    date in errors ("The date it happened") where the label is a question; by default the label.
    """

    widget = NHSDateInput
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": "Enter a real date, for example 27 3 2025.",
    }

    def __init__(self, *, past_only: bool = False, what: str = "", **kwargs):
        super().__init__(**kwargs)
        self.past_only = past_only
        self.what = what

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        today = timezone.localdate()
        what = self.what or self.label or "The date"
        if self.past_only and value > today:
            raise forms.ValidationError(f"{what} must be today or in the past.", code="future")
        latest = today if self.past_only else latest_date(today)
        if not EARLIEST_DATE <= value <= latest:
            until = "today" if self.past_only else _long_date(latest)
            raise forms.ValidationError(
                f"{what} must be between {_long_date(EARLIEST_DATE)} and {until}.",
                code="out_of_range",
            )

    def to_python(self, value):
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            if not (year and month and day):
                raise forms.ValidationError(
                    "Enter a full date, with a day, month and year.", code="incomplete"
                )
            if not (year.isdigit() and len(year) == 4):
                raise forms.ValidationError(
                    "Enter the year as four digits, for example 2025.", code="invalid"
                )
        return super().to_python(value)


# Characters that change how the text around them is shown without being seen themselves: the
# bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and every other
# invisible format character (zero-width space, word joiner, byte order mark...), control
# characters and line separators. In a name or a title they make one thing look like another in
# an email or a page. The zero-width non-joiner and joiner stay: Persian, Indic and other scripts
# need them to spell words.
HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Zl", "Zp"})
ALLOWED_FORMAT_CHARACTERS = frozenset("\u200c\u200d")


def validate_visible_text(value: str) -> None:
    """Refuse single-line text carrying characters that are not seen (HIDDEN_CATEGORIES)."""
    hidden = sorted(
        {
            character
            for character in value
            if unicodedata.category(character) in HIDDEN_CATEGORIES
            and character not in ALLOWED_FORMAT_CHARACTERS
        }
    )
    if hidden:
        codes = ", ".join(f"U+{ord(character):04X}" for character in hidden)
        raise ValidationError(
            f"Remove the hidden characters ({codes}) from this text. Type it again rather "
            "than pasting it.",
            code="hidden_characters",
        )


def is_single_line_text(field: forms.Field) -> bool:
    """A text box of one line: where names, titles and addresses are typed."""
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.Textarea | forms.PasswordInput | forms.HiddenInput
    )


class SingleLineTextField(forms.CharField):
    """A one-line text box that refuses hidden characters (validate_visible_text)."""

    default_validators = [validate_visible_text]


def visible_text_formfield(db_field, **kwargs):
    """For a ModelForm's `Meta.formfield_callback`: the model field's form field, and when it is
    a one-line text box, held to validate_visible_text like SingleLineTextField."""
    field = db_field.formfield(**kwargs)
    if field is not None and is_single_line_text(field):
        field.validators.append(validate_visible_text)
    return field
