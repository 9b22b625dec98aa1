"""Making a certificate's files: its PDF and its signed credential, each once, kept with it."""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction

from .models import Certificate
from .pdf import render_certificate


def certificate_files_make(*, certificate_id: int) -> Certificate:
    """Draw the PDF and sign the credential if either is missing; safe to run twice."""
    certificate = Certificate.objects.select_related("learner").get(pk=certificate_id)
    updates = []
    if not certificate.pdf:
        certificate.pdf.save(
            f"{certificate.serial}.pdf", ContentFile(render_certificate(certificate)), save=False
        )
        updates.append("pdf")
    if certificate.credential is None:
        from .portable import credential_for

        certificate.credential = credential_for(certificate)
        updates.append("credential")
    if updates:
        with transaction.atomic():
            # Another run may have finished first: keep the first files, discard ours.
            current = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if "pdf" in updates and current.pdf:
                certificate.pdf.delete(save=False)
                certificate.pdf = current.pdf
                updates.remove("pdf")
            if "credential" in updates and current.credential is not None:
                certificate.credential = current.credential
                updates.remove("credential")
            if updates:
                certificate.save(update_fields=updates)
    return certificate


def certificate_pdf_bytes(certificate: Certificate) -> bytes:
    """The stored PDF, made now if the background work has not reached it yet."""
    if not certificate.pdf:
        certificate = certificate_files_make(certificate_id=certificate.pk)
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def certificates_zip_bytes(certificates) -> bytes:
    """Several certificates' PDFs as one ZIP, each named by its serial."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            archive.writestr(f"certificate-{certificate.serial}.pdf", certificate_pdf_bytes(certificate))
    return buffer.getvalue()
