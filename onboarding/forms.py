from django import forms
from django_countries.fields import CountryField

from candidates.models import BarrierTheme, Profession
from onboarding.models import (
    MAX_DUE_OFFSET_DAYS,
    ChecklistTemplate,
    ChecklistTemplateItem,
    DueAnchor,
    Offer,
    OwnerRole,
    RecruitmentRoute,
)
from onboarding.services import OfferDetails
from portal.forms import NHSDateField, SingleLineTextField, visible_text_formfield


class OfferForm(forms.ModelForm):
    title = SingleLineTextField(label="Job title", max_length=150)
    profession = forms.ModelChoiceField(
        queryset=Profession.objects.all(), empty_label="Choose a profession"
    )
    band = forms.IntegerField(
        label="Agenda for Change band",
        help_text="From 2 to 9. Newly registered AHPs usually start at band 5.",
        min_value=2,
        max_value=9,
        error_messages={
            "min_value": "Enter a band from 2 to 9.",
            "max_value": "Enter a band from 2 to 9.",
            "invalid": "Enter the band as a number from 2 to 9.",
            "required": "Enter the Agenda for Change band.",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    role_expectations = forms.CharField(
        label="What the role expects",
        help_text="In plain words: duties, hours, supervision, who they work with.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    offer_date = NHSDateField(
        label="Date of the offer", help_text="For example, 27 3 2026.", what="The date of the offer"
    )
    start_date = NHSDateField(
        label="Planned start date",
        help_text="For example, 1 9 2026.",
        what="The planned start date",
    )
    recruitment_route = forms.ChoiceField(
        label="How were they recruited?",
        choices=RecruitmentRoute.choices,
        widget=forms.RadioSelect,
        help_text="Active recruitment includes advertising abroad, referral bonuses and agencies "
        "referring candidates for a fee.",
    )
    recruited_from = CountryField(blank_label="Choose a country").formfield(
        label="Country they were recruited from",
        help_text="Where they lived when they were recruited.",
    )
    agreement_confirmed = forms.BooleanField(
        label="This recruitment follows the government-to-government agreement",
        required=False,
        help_text="Only needed for amber-list countries.",
    )
    agreement_text = forms.CharField(
        label="Which agreement, and how the recruitment follows it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    application_account = forms.CharField(
        label="How did they apply?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="An earlier recruitment of this person was refused under the Code of Practice. "
        "For a direct application, say that they applied on their own initiative, to which "
        "advert, and when. This is kept on their journey and counted in HEE's ethics figures.",
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "profession",
            "band",
            "role_expectations",
            "offer_date",
            "start_date",
            "recruitment_route",
            "recruited_from",
        ]

    def __init__(self, *args, after_refusal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked only when the recruit has a refusal a direct application has not yet answered.
        if not after_refusal:
            del self.fields["application_account"]

    def clean(self):
        cleaned = super().clean()
        offer_date, start_date = cleaned.get("offer_date"), cleaned.get("start_date")
        if offer_date and start_date and start_date < offer_date:
            self.add_error("start_date", "The start date can't be before the date of the offer.")
        if cleaned.get("agreement_confirmed") and not cleaned.get("agreement_text", "").strip():
            self.add_error("agreement_text", "Say which agreement the recruitment follows.")
        return cleaned

    def details(self) -> OfferDetails:
        data = self.cleaned_data
        return OfferDetails(
            title=data["title"],
            profession=data["profession"],
            band=data["band"],
            role_expectations=data["role_expectations"],
            offer_date=data["offer_date"],
            start_date=data["start_date"],
            recruitment_route=data["recruitment_route"],
            recruited_from=data["recruited_from"],
            agreement_confirmed=data["agreement_confirmed"],
            agreement_text=data["agreement_text"],
            application_account=data.get("application_account", ""),
        )


class ApplyChecklistForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Checklist template",
        queryset=ChecklistTemplate.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates


class TaskAddForm(forms.Form):
    title = SingleLineTextField(max_length=200)
    guidance = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner_role = forms.ChoiceField(
        label="Who does it",
        choices=OwnerRole.choices,
        initial=OwnerRole.RECRUIT,
        widget=forms.RadioSelect,
    )
    due_on = NHSDateField(
        label="Due date", help_text="For example, 14 9 2026.", what="The due date"
    )
    required = forms.BooleanField(label="Required", required=False, initial=True)
    barrier_theme = forms.ChoiceField(
        label="Barrier it helps with",
        choices=[("", "None"), *BarrierTheme.choices],
        required=False,
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TemplateCopyForm(forms.Form):
    name = SingleLineTextField(label="Name of the copy", max_length=150)
    organisation = forms.ModelChoiceField(
        label="For which organisation", queryset=None, empty_label=None
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations.first().pk


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "description"]
        formfield_callback = visible_text_formfield
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TemplateItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistTemplateItem
        formfield_callback = visible_text_formfield
        fields = [
            "section",
            "title",
            "guidance",
            "owner_role",
            "due_anchor",
            "due_offset_days",
            "required",
            "barrier_theme",
            "guide_slug",
            "not_for_refugees_in_uk",
        ]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 3}),
            "owner_role": forms.RadioSelect,
            "due_anchor": forms.RadioSelect,
            "due_offset_days": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "due_offset_days": {
                "invalid": "Enter the number of days as a whole number.",
                "min_value": f"Enter a number of days from -{MAX_DUE_OFFSET_DAYS} to "
                f"{MAX_DUE_OFFSET_DAYS} (five years either side).",
                "max_value": f"Enter a number of days from -{MAX_DUE_OFFSET_DAYS} to "
                f"{MAX_DUE_OFFSET_DAYS} (five years either side).",
            }
        }

    def clean(self):
        cleaned = super().clean()
        offset = cleaned.get("due_offset_days")
        if cleaned.get("due_anchor") == DueAnchor.OFFER and offset is not None and offset < 0:
            self.add_error(
                "due_offset_days",
                "An item can't be due before the offer is made. Enter 0 or more days, or count "
                "from the start date instead.",
            )
        return cleaned

    def validate_constraints(self, exclude=None):
        # The model's check constraint says the same as clean() above, with a kinder message.
        return None
