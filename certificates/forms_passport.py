"""Forms of the training passport: a share link made or withdrawn, and training imported at a new employer.

They check what a person typed or chose; the rules (how many links, who may be recorded) are the services'.
"""

from __future__ import annotations

from django import forms

from lms.selectors_assessment import courses_to_count_as

from .models.passport import LABEL_MAX
from .passport import SHARE_DAYS
from .passport_import import UPLOAD_MAX_BYTES, UPLOAD_MAX_LABEL, PassportImportError, parse_upload


class ServiceErrorsMixin:
    """Puts a service's refusal next to the field it is about, or at the top."""

    def add_service_error(self, error) -> None:
        name = getattr(error, "field", None)
        self.add_error(name if name in self.fields else None, str(error))


class ShareCreateForm(ServiceErrorsMixin, forms.Form):
    label = forms.CharField(
        label="Label (optional)",
        help_text="To tell your links apart, like “For my interview at Oak House”. Only you see it.",
        required=False,
        max_length=LABEL_MAX,
        error_messages={"max_length": f"The label must be {LABEL_MAX} characters or fewer"},
    )
    days = forms.TypedChoiceField(
        label="How long should the link work?",
        help_text="After that, anyone opening it is told it has expired. You can withdraw it sooner.",
        choices=[(days, f"{days} days") for days in SHARE_DAYS],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how long the link works for",
            "invalid_choice": "Choose how long the link works for",
        },
    )


class ImportStartForm(ServiceErrorsMixin, forms.Form):
    """A pasted link, or an uploaded credential file: one of the two."""

    link = forms.CharField(
        label="Passport share link or certificate address",
        help_text="Paste the link the person gave you, like https://academy.example.org/passport/shared/…, "
        "or the address of one certificate, like …/certificates/verify/…",
        required=False,
        max_length=2000,
        error_messages={"max_length": "The address must be 2,000 characters or fewer"},
    )
    credential_file = forms.FileField(
        label="Or upload a credential file",
        help_text="A digital credential (Open Badges 3.0) the person downloaded: a .json file, "
        f"up to {UPLOAD_MAX_LABEL}.",
        required=False,
        allow_empty_file=True,  # so an empty file gets our message, not Django's
    )

    def clean_credential_file(self):
        upload = self.cleaned_data.get("credential_file")
        if not upload:
            return None
        if upload.size > UPLOAD_MAX_BYTES:
            # Not read at all: a file this large is not a credential.
            raise forms.ValidationError(f"The file must be smaller than {UPLOAD_MAX_LABEL}")
        try:
            return parse_upload(upload.read())
        except PassportImportError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        link, document = data.get("link", "").strip(), data.get("credential_file")
        if not self.errors:
            if link and document is not None:
                raise forms.ValidationError("Paste a link or upload a file, not both")
            if not link and document is None:
                self.add_error(
                    "link", "Paste a passport share link or a certificate's address, or upload a file"
                )
        return data


class ImportRecordForm(ServiceErrorsMixin, forms.Form):
    """The confirmation: whom it is for, and for each verified item whether to record it and as what.

    What was read comes back with the form (the link, or the uploaded credential) and is read and
    verified again before anything is recorded, so nothing in these hidden fields is trusted.
    """

    link = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    document = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, preview, people=None, type_email: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        if preview.person is None:
            if type_email:
                self.fields["person_email"] = forms.EmailField(
                    label="Email address of the member of staff it is for",
                    help_text="As they sign in to the academy.",
                    error_messages={
                        "required": "Enter the email address of the person it is for",
                        "invalid": "Enter an email address, like name@example.org",
                    },
                )
            else:
                self.fields["person"] = forms.ModelChoiceField(
                    label="Which member of your staff is it for?",
                    help_text="Chosen for you when the credential names their email address.",
                    queryset=people,
                    empty_label="Choose a person",
                    initial=preview.suggested_person.pk if preview.suggested_person else None,
                    error_messages={
                        "required": "Choose the member of staff it is for",
                        "invalid_choice": "Choose the member of staff it is for",
                    },
                )
                self.fields["person"].label_from_instance = lambda person: (
                    f"{person.get_full_name() or person.email} ({person.email})"
                )
        courses = courses_to_count_as()
        for item in preview.recordable:
            self.fields[f"record-{item.key}"] = forms.BooleanField(
                label=f"Record {item.title} as accepted prior learning", required=False, initial=True
            )
            self.fields[f"course-{item.key}"] = forms.ModelChoiceField(
                label=f"Which academy course does {item.title} count as?",
                queryset=courses,
                required=False,
                empty_label="Choose a course",
                initial=item.course.pk if item.course else None,
            )

    def rows(self) -> list[tuple]:
        """Each item with its checkbox and course select (None, None for an item that cannot be recorded)."""
        rows = []
        for item in self.preview.items:
            if item.recordable:
                rows.append((item, self[f"record-{item.key}"], self[f"course-{item.key}"]))
            else:
                rows.append((item, None, None))
        return rows

    def clean(self):
        data = super().clean()
        chosen = {}
        for item in self.preview.items:
            asked = self.data.get(f"record-{item.key}") in ("on", "true", "True", "1")
            if item.recordable:
                if data.get(f"record-{item.key}"):
                    course = data.get(f"course-{item.key}")
                    if course is None:
                        self.add_error(f"course-{item.key}", f"Choose which course {item.title} counts as")
                    chosen[item.key] = course
            elif asked:
                # Chosen on the last page, but it no longer verifies (revoked since, or changed).
                reason = " ".join(item.problems) or "it can no longer be recorded."
                raise forms.ValidationError(f"{item.title} cannot be recorded: {reason}")
        if not chosen and not self.errors:
            raise forms.ValidationError("Choose at least one training to record")
        data["chosen"] = chosen
        return data
