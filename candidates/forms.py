from decimal import Decimal

from django import forms
from django_countries import countries

from candidates.models import (
    ELEMENTS,
    HCPC_REFERENCE_VALIDATOR,
    SCORE_RANGES,
    Band,
    BarrierReport,
    BarrierTheme,
    CandidateProfile,
    DecisionOutcome,
    EnglishTestType,
    EnglishThreshold,
    EvidenceDocument,
    Pathway,
    Profession,
    RegistrationStep,
    Severity,
)
from portal.forms import NHSDateField, SingleLineTextField
from portal.uploads import validate_evidence_file


def _country_field(label: str, required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=lambda: [("", "Choose a country"), *countries],
        required=required,
    )


class ProfileForm(forms.ModelForm):
    """What a recruit tells us about themselves."""

    profession = forms.ModelChoiceField(
        queryset=Profession.objects.all(),
        empty_label="Choose your profession",
        error_messages={"required": "Choose your profession."},
    )
    pathway = forms.ChoiceField(
        label="How are you coming to work in the NHS?",
        choices=Pathway.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you are coming to work in the NHS."},
    )
    country_of_training = _country_field("Country where you trained", required=True)
    nationality = _country_field("Nationality")
    phone = SingleLineTextField(label="Phone number", max_length=30, required=False)

    class Meta:
        model = CandidateProfile
        fields = ["profession", "pathway", "country_of_training", "nationality", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country_of_training"].error_messages["required"] = (
            "Choose the country where you trained."
        )


class EmploymentForm(forms.ModelForm):
    """What the employer's manager records about the job."""

    organisation = forms.ModelChoiceField(
        queryset=None,
        label="Employer",
        empty_label=None,
        error_messages={"required": "Choose the employer the recruit is joining."},
    )
    job_title = SingleLineTextField(max_length=120, required=False)
    band = forms.ChoiceField(
        label="Agenda for Change band", choices=[("", "Not set"), *Band.choices], required=False
    )
    expected_start_on = NHSDateField(
        label="Expected start date", required=False, what="The expected start date"
    )

    class Meta:
        model = CandidateProfile
        fields = ["organisation", "job_title", "band", "expected_start_on"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class RegistrationDetailsForm(forms.ModelForm):
    hcpc_reference = SingleLineTextField(
        label="HCPC application reference",
        max_length=20,
        required=False,
        help_text="Two letters and six digits, for example AA123456.",
    )
    decision_outcome = forms.ChoiceField(
        label="HCPC's decision",
        choices=[("", "No decision yet"), *DecisionOutcome.choices],
        required=False,
    )
    registration_number = SingleLineTextField(
        label="HCPC registration number",
        max_length=20,
        required=False,
        help_text="Given after a successful decision, for example PH123456.",
    )

    class Meta:
        model = CandidateProfile
        fields = ["hcpc_reference", "decision_outcome", "registration_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.profession = profession = self.instance.profession
        field = self.fields["registration_number"]
        if profession is not None and profession.regulator == Profession.Regulator.GOSC:
            field.label = "GOsC registration number"
            field.help_text = (
                f"The General Osteopathic Council registers {profession.name.lower()}s: its "
                "registration number, in digits."
            )
        elif profession is not None and profession.registration_prefix:
            example = f"{profession.registration_prefix}123456"
            field.help_text = f"Given after a successful decision: {example}, for example."

    def clean_hcpc_reference(self) -> str:
        value = self.cleaned_data["hcpc_reference"].replace(" ", "").upper()
        if value:
            HCPC_REFERENCE_VALIDATOR(value)
        return value

    def clean_registration_number(self) -> str:
        value = self.cleaned_data["registration_number"].replace(" ", "").upper()
        if value and self.profession is not None:
            error = self.profession.registration_number_error(value)
            if error:
                raise forms.ValidationError(error, code="bad_registration_number")
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("registration_number")
            and "decision_outcome" in cleaned
            and cleaned["decision_outcome"] != DecisionOutcome.SUCCESSFUL
        ):
            self.add_error(
                "registration_number",
                forms.ValidationError(
                    "A registration number is given after a successful decision. Choose "
                    "'Successful' as the decision, or leave the number empty.",
                    code="no_decision",
                ),
            )
        return cleaned


class StepForm(forms.ModelForm):
    status = forms.ChoiceField(choices=RegistrationStep.Status.choices, widget=forms.RadioSelect)
    started_on = NHSDateField(
        label="Date started", required=False, past_only=True, what="The date started"
    )
    finished_on = NHSDateField(
        label="Date finished", required=False, past_only=True, what="The date finished"
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )

    class Meta:
        model = RegistrationStep
        fields = ["status", "started_on", "finished_on", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = RegistrationStep.Status.choices
        if not self.instance.template.optional:
            choices = [c for c in choices if c[0] != RegistrationStep.Status.NOT_NEEDED]
        self.fields["status"].choices = choices

    def clean(self):
        cleaned = super().clean()
        started, finished = cleaned.get("started_on"), cleaned.get("finished_on")
        status = cleaned.get("status")
        if started and finished and finished < started:
            self.add_error(
                "finished_on",
                forms.ValidationError(
                    "The date finished must be the same as or after the date started.",
                    code="before_start",
                ),
            )
        if started and status == RegistrationStep.Status.NOT_STARTED:
            self.add_error(
                "started_on",
                forms.ValidationError(
                    "Leave the date started empty for a step that has not started, or choose "
                    "where it stands now.",
                    code="not_started",
                ),
            )
        if finished and status and status not in RegistrationStep.CLOSED:
            self.add_error(
                "finished_on",
                forms.ValidationError(
                    "Only give a date finished when the step is done.", code="not_done"
                ),
            )
        return cleaned


def _place_matters(test_type: str) -> bool:
    """Whether HCPC refuses this test when taken in the UK, for any profession."""
    return EnglishThreshold.objects.filter(
        test_type=test_type, accepted_if_taken_in_uk=False
    ).exists()


def _score_field(name: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=f"{name.capitalize()} score",
        required=False,
        error_messages={"invalid": f"Enter the {name} score as a number, like 7.5."},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class EnglishEvidenceForm(forms.Form):
    test_type = forms.ChoiceField(
        label="Type of evidence",
        choices=EnglishTestType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of evidence."},
    )
    test_date = NHSDateField(
        label="Test date (or date of qualification)",
        error_messages={"required": "Enter the test date."},
        past_only=True,
        what="The test date",
    )
    # The scale and steps of each test are checked in clean(), with the test's own words.
    overall = _score_field(
        "overall",
        help_text="For OET, leave this empty: the total of the four papers is added up for you.",
    )
    listening = _score_field("listening")
    reading = _score_field("reading")
    writing = _score_field("writing")
    speaking = _score_field("speaking")
    taken_in_uk = forms.TypedChoiceField(
        label="Where was the test taken?",
        choices=[("no", "Outside the UK"), ("yes", "In the UK")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="HCPC does not accept a TOEFL iBT taken in the UK.",
    )
    qualification_country = _country_field("Country of the qualification (for a qualification)")

    def clean(self):
        cleaned = super().clean()
        test_type = cleaned.get("test_type")
        if not test_type:
            return cleaned
        if test_type == EnglishTestType.QUALIFICATION:
            if not cleaned.get("qualification_country"):
                self.add_error("qualification_country", "Choose the country where you qualified.")
            for name in ("overall", *ELEMENTS):
                cleaned[name] = None
            cleaned["taken_in_uk"] = None
            return cleaned
        cleaned["qualification_country"] = ""
        if cleaned.get("taken_in_uk") is None and _place_matters(test_type):
            self.add_error(
                "taken_in_uk",
                f"Say whether the test was taken in the UK: HCPC does not accept a "
                f"{EnglishTestType(test_type).label} taken there.",
            )
        scale = SCORE_RANGES[test_type]
        label = EnglishTestType(test_type).label
        names = ELEMENTS if scale.get("overall_is_total") else ("overall", *ELEMENTS)
        for name in names:
            low, high = scale["overall"] if name == "overall" else scale["element"]
            value: Decimal | None = cleaned.get(name)
            if value is None:
                if name not in self.errors:
                    self.add_error(name, f"Enter the {name} score.")
            elif not (low <= value <= high):
                self.add_error(name, f"{label} {name} scores are between {low} and {high}.")
            elif value % scale["step"]:
                self.add_error(name, scale["step_message"])
        if scale.get("overall_is_total"):
            self._store_total(cleaned, label)
        return cleaned

    def _store_total(self, cleaned: dict, label: str) -> None:
        """OET reports four papers and no overall score; HCPC judges their total."""
        if any(name in self.errors or cleaned.get(name) is None for name in ELEMENTS):
            return
        total = sum(cleaned[name] for name in ELEMENTS)
        typed = cleaned.get("overall")
        if typed is not None and typed != total:
            self.add_error(
                "overall",
                f"The {label} total is the four papers added up: {total:,.0f}. Leave it empty, "
                "and it is added up for you.",
            )
        cleaned["overall"] = total


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is this document?",
        choices=EvidenceDocument.Kind.choices,
        error_messages={"required": "Choose what the document is."},
    )
    step = forms.ModelChoiceField(
        queryset=None,
        label="Registration step it is for",
        required=False,
        empty_label="Not for a particular step",
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, JPEG or PNG, smaller than 10 MB.",
        error_messages={"required": "Select a file to upload."},
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = steps

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_evidence_file(upload)
        return upload


class DocumentReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept this document"), ("replace", "Ask for a new one")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept the document."},
    )
    reason = forms.CharField(
        label="Why a new one is needed (the recruit will see this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "replace" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why a new copy is needed.")
        return cleaned


class BarrierForm(forms.ModelForm):
    theme = forms.ChoiceField(
        choices=BarrierTheme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the theme that fits the barrier best."},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        error_messages={"required": "Describe the barrier in a sentence or two."},
    )
    severity = forms.ChoiceField(choices=Severity.choices, widget=forms.RadioSelect)
    occurred_on = NHSDateField(
        label="When did it happen?",
        error_messages={"required": "Enter when it happened."},
        past_only=True,
        what="The date it happened",
    )
    resolved_on = NHSDateField(
        label="When was it resolved?",
        required=False,
        past_only=True,
        what="The date it was resolved",
    )
    resolution = forms.CharField(
        label="How was it resolved?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    class Meta:
        model = BarrierReport
        fields = ["theme", "description", "severity", "occurred_on", "resolved_on", "resolution"]

    def clean(self):
        cleaned = super().clean()
        occurred, resolved = cleaned.get("occurred_on"), cleaned.get("resolved_on")
        if occurred and resolved and resolved < occurred:
            self.add_error(
                "resolved_on", "The date it was resolved must be on or after the date it happened."
            )
        if (
            cleaned.get("resolution", "").strip()
            and not resolved
            and "resolved_on" not in self.errors
        ):
            self.add_error("resolved_on", "Enter when it was resolved.")
        return cleaned
