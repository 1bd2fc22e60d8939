"""Form pieces shared by every app: the NHS.UK date input and field."""

from datetime import date

from django import forms


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
    widget = NHSDateInput
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": "Enter a real date, for example 27 3 2025.",
    }

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
