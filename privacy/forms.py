from django import forms


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why do you want your data erased? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I understand my account will be closed and my documents deleted",
        error_messages={"required": "Confirm that you understand what erasure means"},
    )


class ErasureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve and erase"), ("reject", "Do not approve")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the request"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
