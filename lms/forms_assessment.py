"""Forms for signing off observations, withdrawing sign-offs, and sending and deciding prior learning.

They check what a person typed; the rules across records (who, when, twice) are the services'.
"""

from __future__ import annotations

from django import forms

from . import files
from .selectors_assessment import courses_to_count_as

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATE_HINT = "For example, 27/03/2026"


def _date_field(label: str, *, what: str, required: bool = True, help_text: str = DATE_HINT):
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": f"Enter the date {what}",
            "invalid": f"Enter the date {what} as day/month/year, like 27/03/2026",
        },
    )


class EvidenceField(forms.FileField):
    """A PDF, PNG or JPEG of up to 5MB, checked by its content, not only its name."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                files.check_upload(upload)
            except files.UploadError as error:
                raise forms.ValidationError(str(error)) from None
        return upload


def _evidence_field(label: str, *, required: bool, help_text: str, missing: str = "Select a file"):
    return EvidenceField(
        label=label,
        required=required,
        help_text=help_text,
        allow_empty_file=True,  # so an empty file gets our message, not Django's
        error_messages={"required": missing, "invalid": files.WRONG_TYPE, "missing": missing},
    )


class AssessmentForm(forms.Form):
    """Puts a service's refusal next to the field it is about, or at the top."""

    def add_service_error(self, error) -> None:
        field = getattr(error, "field", None)
        self.add_error(field if field in self.fields else None, str(error))


class SignOffForm(AssessmentForm):
    observed_on = _date_field("Date you observed them", what="you observed them")
    notes = forms.CharField(
        label="What you observed",
        help_text="What they did, and how it met the standard. The learner can read this.",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={
            "required": "Enter what you observed",
            "max_length": "What you observed must be 4,000 characters or fewer",
        },
    )
    evidence = _evidence_field(
        "Evidence (optional)",
        required=False,
        help_text="A photo of a signed record, or a document: PDF, PNG or JPG, "
        f"up to {files.MAX_UPLOAD_LABEL}.",
    )


class WithdrawForm(AssessmentForm):
    reason = forms.CharField(
        label="Why are you withdrawing the sign-off?",
        help_text="The learner sees this reason.",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={
            "required": "Enter why you are withdrawing the sign-off",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class PriorLearningForm(AssessmentForm):
    title = forms.CharField(
        label="Name of the training",
        help_text="As it appears on the certificate.",
        max_length=200,
        error_messages={
            "required": "Enter the name of the training",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    provider_name = forms.CharField(
        label="Who delivered it",
        help_text="The training provider, college or employer.",
        max_length=200,
        error_messages={
            "required": "Enter who delivered the training",
            "max_length": "Who delivered it must be 200 characters or fewer",
        },
    )
    completed_on = _date_field("Date completed", what="you completed it")
    course = forms.ModelChoiceField(
        label="Which academy course does it match? (optional)",
        help_text="If you are not sure, leave this and the assessor will choose.",
        queryset=courses_to_count_as(),
        required=False,
        empty_label="Not sure",
        error_messages={"invalid_choice": "Choose a course from the list"},
    )
    certificate = _evidence_field(
        "Certificate",
        required=True,
        help_text=f"A PDF, or a photo or scan (PNG or JPG), up to {files.MAX_UPLOAD_LABEL}.",
        missing="Select the certificate",
    )


class Decision:
    ACCEPT = "accept"
    REJECT = "reject"
    CHOICES = [(ACCEPT, "Accept it"), (REJECT, "Do not accept it")]


class DecisionForm(AssessmentForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to accept the training",
            "invalid_choice": "Choose whether to accept the training",
        },
    )
    course = forms.ModelChoiceField(
        label="Which course does it count as?",
        queryset=courses_to_count_as(),
        required=False,
        empty_label="Choose a course",
        error_messages={"invalid_choice": "Choose a course from the list"},
    )
    expires_on = _date_field(
        "Expiry date (optional)",
        what="it expires",
        required=False,
        help_text="Only if the certificate gives one. Otherwise it expires after the course's refresher "
        "interval, counted from the date completed. For example, 27/03/2029",
    )
    reason = forms.CharField(
        label="Why is it not accepted?",
        help_text="The learner sees this reason, so say what they can do next.",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == Decision.ACCEPT and not cleaned.get("course") and "course" not in self.errors:
            self.add_error("course", "Choose the course it counts as")
        if (
            decision == Decision.REJECT
            and not (cleaned.get("reason") or "").strip()
            and "reason" not in self.errors
        ):
            self.add_error("reason", "Enter why the training is not accepted")
        return cleaned
