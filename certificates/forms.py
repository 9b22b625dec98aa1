"""Forms of the certificate pages: checking a certificate, revoking one."""

from __future__ import annotations

from django import forms

from .selectors import parse_reference
from .services import REASON_MAX


class VerifyForm(forms.Form):
    reference = forms.CharField(
        label="Certificate number",
        help_text=(
            "It is on the certificate, like SCA-4F7K-9QXM. You can also paste the certificate's web address."
        ),
        max_length=300,
        error_messages={"required": "Enter the certificate number"},
    )

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().rstrip("/")
        # A pasted address: the reference is its last part (…/certificates/verify/<id>/).
        if "/" in value:
            value = value.rsplit("/", 1)[-1].removesuffix(".json")
        parsed = parse_reference(value)
        if parsed is None:
            raise forms.ValidationError("Enter the certificate number as it is printed, like SCA-4F7K-9QXM")
        return parsed[1]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why is this certificate being revoked?",
        help_text=(
            "The learner sees this. Anyone checking the certificate is told only that it was revoked, "
            "and when."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX,
        error_messages={
            "required": "Enter why the certificate is being revoked",
            "max_length": f"The reason must be {REASON_MAX} characters or fewer",
        },
    )
