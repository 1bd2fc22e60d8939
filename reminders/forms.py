from django import forms

from reminders.models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One radio group per kind this person can receive."""

    def __init__(self, *args, kinds: list[str], locked_on: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Kind.choices)
        for kind in kinds:
            choices = list(Delivery.choices)
            help_text = ""
            if kind in locked_on:
                choices = [c for c in choices if c[0] != Delivery.OFF]
                help_text = "Managers always get these: a low score needs someone to act."
            self.fields[kind] = forms.ChoiceField(
                label=labels[kind], choices=choices, widget=forms.RadioSelect, help_text=help_text
            )
            self.fields[kind].error_messages["required"] = (
                f"Choose how you want “{labels[kind].lower()}” reminders"
            )
            self.fields[kind].error_messages["invalid_choice"] = (
                "Choose one of the options shown"
                if kind not in locked_on
                else "Managers can't turn low wellbeing alerts off"
            )
