from django import forms
from django.utils import timezone

from accounts.models import User
from candidates.models import BarrierTheme, Profession
from pastoral.models import (
    CheckInFormat,
    LocalNetwork,
    NetworkKind,
    SelfAssessmentRating,
    StaffProfile,
    SupportRole,
)
from portal.forms import NHSDateField, validate_visible_text, visible_text_formfield


class AssignmentForm(forms.Form):
    """Pick a member of the recruit's organisation's staff for one support role."""

    staff = forms.IntegerField(widget=forms.RadioSelect)
    over_capacity = forms.BooleanField(
        required=False,
        label="Assign anyway, even though they are at capacity",
    )
    over_capacity_reason = forms.CharField(
        required=False,
        label="Reason for going over capacity",
        help_text="Needed only when the person you choose is at capacity.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, candidate, role: str, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.role = role
        self.options = {option.user.pk: option for option in options}
        role_label = SupportRole(role).label.lower()
        self.role_label = role_label
        field = self.fields["staff"]
        field.label = f"Choose a {role_label}"
        field.widget.choices = [(option.user.pk, option.label) for option in options]
        field.error_messages = {
            "required": f"Choose who will be {candidate.user.get_full_name()}'s {role_label}.",
            "invalid": f"Choose a {role_label} from the list.",
        }

    def clean_staff(self) -> User:
        staff_id = self.cleaned_data["staff"]
        staff = User.objects.filter(pk=staff_id).first()
        if staff is None:
            raise forms.ValidationError(f"Choose a {self.role_label} from the list.")
        if staff.pk == self.candidate.user_id:
            raise forms.ValidationError(
                f"A recruit cannot be their own {self.role_label}. Choose a member of staff."
            )
        if staff.pk not in self.options:
            raise forms.ValidationError(
                f"{staff.get_full_name()} is not on {self.candidate.organisation}'s staff as a "
                f"possible {self.role_label}. Choose someone from the recruit's organisation."
            )
        return staff

    def clean(self):
        cleaned = super().clean()
        staff = cleaned.get("staff")
        if not staff:
            return cleaned
        option = self.options[staff.pk]
        if option.has_room:
            cleaned["over_capacity_reason"] = ""
            return cleaned
        name = staff.get_full_name()
        if not cleaned.get("over_capacity"):
            self.add_error(
                "over_capacity",
                f"{name} already supports {option.supporting_now} recruits (capacity "
                f"{option.capacity}). Tick the box and give a reason to assign them anyway, "
                "or choose someone with room.",
            )
        elif not cleaned.get("over_capacity_reason", "").strip():
            self.add_error(
                "over_capacity_reason",
                f"Give a reason for assigning {name} over their capacity.",
            )
        return cleaned


class CheckInForm(forms.Form):
    held_on = NHSDateField(
        label="Date of the check-in",
        help_text="For example, 27 3 2025",
        error_messages={"required": "Enter the date of the check-in."},
        past_only=True,
        what="The date of the check-in",
    )
    format = forms.ChoiceField(
        label="How did you meet?",
        choices=CheckInFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you met."},
    )
    topics = forms.MultipleChoiceField(
        label="What did you talk about?",
        choices=BarrierTheme.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose topics from the list."},
    )
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Seen only by you, the recruit and their managers.",
        max_length=5000,
    )

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        started_on = timezone.localdate(self.assignment.started_at)
        if held_on < started_on:
            raise forms.ValidationError(
                f"The date must be on or after {started_on.day} {started_on:%B %Y}, when you "
                "started supporting this recruit."
            )
        return held_on


SCORE_CHOICES = [
    (1, "1 – Not at all"),
    (2, "2 – A little"),
    (3, "3 – Somewhat"),
    (4, "4 – Mostly"),
    (5, "5 – Very much"),
]


def _score_field(label: str, what: str) -> forms.IntegerField:
    message = f"Choose a number from 1 to 5 for {what}."
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=5,
        widget=forms.RadioSelect(choices=SCORE_CHOICES),
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class PulseForm(forms.Form):
    belonging = _score_field("How much do you feel you belong here?", "belonging")
    wellbeing = _score_field("How is your wellbeing?", "your wellbeing")
    supported = _score_field("How supported do you feel?", "feeling supported")
    comment = forms.CharField(
        required=False,
        label="Anything you would like to tell us?",
        help_text="Only you, your buddy and your organisation's managers can read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why would you like a different buddy?",
        help_text="Only your organisation's managers see this. Your buddy does not.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Tell us why you would like a different buddy."},
    )


class ResolveChangeRequestForm(forms.Form):
    resolution = forms.CharField(
        label="What did you do?",
        help_text="For example: talked with the recruit and agreed to keep the buddy.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what you did about this request."},
    )


class NetworkForm(forms.ModelForm):
    share_with_region = forms.BooleanField(
        required=False,
        label="Show this network to recruits of every organisation in our region",
    )
    link = forms.URLField(
        required=False,
        label="Website",
        assume_scheme="https",
        error_messages={"invalid": "Enter a full web address, starting https://"},
        validators=[validate_visible_text],
    )

    class Meta:
        model = LocalNetwork
        formfield_callback = visible_text_formfield
        fields = ["name", "kind", "description", "contact", "link", "is_active"]
        labels = {"is_active": "Show this network to recruits"}
        widgets = {
            "kind": forms.RadioSelect(choices=NetworkKind.choices),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": "Enter the network's name."},
            "kind": {"required": "Choose what kind of network this is."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = NetworkKind.choices
        if self.instance.pk:
            self.fields["share_with_region"].initial = bool(self.instance.region)


class SelfAssessmentRatingForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label="How well is this in place?",
        choices=SelfAssessmentRating.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rating from 0 to 3.",
            "invalid_choice": "Choose a rating from 0 to 3.",
        },
    )
    evidence = forms.CharField(
        required=False,
        label="Evidence",
        help_text="What shows this is in place: documents, records, dates.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    class Meta:
        model = SelfAssessmentRating
        fields = ["rating", "evidence"]


class StaffProfileForm(forms.ModelForm):
    profession = forms.ModelChoiceField(
        queryset=Profession.objects.all(),
        required=False,
        label="Your profession",
        empty_label="Not an AHP, or prefer not to say",
        error_messages={"invalid_choice": "Choose a profession from the list."},
    )

    class Meta:
        model = StaffProfile
        fields = ["profession"]
