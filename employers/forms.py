from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from employers.models import Organisation
from employers.services import INVITE_KINDS
from portal.forms import SingleLineTextField


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We'll send the invitation link here. It works once.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = SingleLineTextField(label="Full name", max_length=150, required=False)
    kind = forms.ChoiceField(
        label="Invite them as",
        choices=[(value, label) for value, label, _role, _duty in INVITE_KINDS],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Someone already has an account with this email address. Ask an administrator "
                "to add them to your organisation instead."
            )
        if self.organisation.invitations.filter(
            email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).exists():
            raise forms.ValidationError(
                "This person already has an invitation waiting. It stays valid until it expires."
            )
        return email
