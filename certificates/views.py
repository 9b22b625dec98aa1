"""Certificate pages: public verification (HTML and JSON), a certificate's own page and files for
those allowed, revocation, the revocation status list, and a cohort's certificates issued at once.

Each view reads input, calls one service or selector, and renders. A certificate the viewer may not
open answers 404 on its private pages; its public verification page shows only what anyone may know.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from academy import permissions
from lms.models import Cohort

from . import selectors
from .forms import RevokeForm, VerifyForm
from .models import Certificate, CertificateRun
from .rendering import certificate_pdf_bytes, certificates_zip_bytes
from .services import CertificateError, certificate_revoke, cohort_run_start
from .status import status_list_document


def _limited(request) -> bool:
    """Verification is public: a person checks a few, a scraper many. Count per address, per minute."""
    return is_ratelimited(
        request, group="certificate-verify", key="ip", rate=settings.CERTIFICATE_VERIFY_RATE, increment=True
    )


def _too_many(request, *, json: bool):
    message = "Too many checks from your address. Wait a minute and try again."
    if json:
        response = JsonResponse({"error": message}, status=429)
    else:
        response = render(request, "certificates/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = "60"
    return response


@require_http_methods(["GET", "HEAD"])
def verify_start(request):
    """Type a certificate number (or paste its address) to check it."""
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("certificate_verify", reference=form.cleaned_data["reference"])
    return render(request, "certificates/verify_start.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def verify(request, reference):
    if _limited(request):
        return _too_many(request, json=False)
    certificate = selectors.certificate_by_reference(reference)
    if certificate is None:
        malformed = selectors.parse_reference(reference) is None
        return render(
            request,
            "certificates/verify_unknown.html",
            {"reference": reference, "malformed": malformed, "form": VerifyForm()},
            status=404,
        )
    facts = selectors.verification_facts(certificate)
    context = {
        "facts": facts,
        "certificate": certificate,
        "may_open": permissions.can_open_certificate(request.user, certificate),
    }
    return render(request, "certificates/verify.html", context)


@require_http_methods(["GET", "HEAD"])
def verify_json(request, reference):
    if _limited(request):
        return _too_many(request, json=True)
    certificate = selectors.certificate_by_reference(reference)
    if certificate is None:
        if selectors.parse_reference(reference) is None:
            error = "That is not a certificate number or id: check it and try again."
        else:
            error = "The academy has issued no certificate with that number or id."
        return JsonResponse({"error": error}, status=404)
    response = JsonResponse(selectors.verification_facts(certificate), json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _own_certificate(request, uuid) -> Certificate:
    certificate = get_object_or_404(Certificate.objects.select_related("learner"), uuid=uuid)
    if not permissions.can_open_certificate(request.user, certificate):
        raise Http404("No such certificate.")
    return certificate


@login_required
@never_cache
def certificate_detail(request, uuid):
    certificate = _own_certificate(request, uuid)
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "facts": selectors.verification_facts(certificate),
            "is_learner": certificate.learner_id == request.user.pk,
            "may_revoke": permissions.can_revoke_certificates(request.user)
            and certificate.revoked_at is None,
        },
    )


@login_required
@never_cache
def certificate_pdf(request, uuid):
    certificate = _own_certificate(request, uuid)
    response = HttpResponse(certificate_pdf_bytes(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.serial}.pdf"'
    return response


@login_required
@never_cache
def certificate_credential(request, uuid):
    """The signed Open Badges 3.0 credential, for the learner to keep or give to a new employer."""
    certificate = _own_certificate(request, uuid)
    if certificate.credential is None:
        from .rendering import certificate_files_make

        certificate = certificate_files_make(certificate_id=certificate.pk)
    response = JsonResponse(certificate.credential, json_dumps_params={"indent": 2})
    response["Content-Type"] = "application/vc+ld+json"
    response["Content-Disposition"] = f'attachment; filename="credential-{certificate.serial}.json"'
    return response


@login_required
@never_cache
def certificates_zip(request):
    """Every certificate of the signed-in learner as one ZIP of PDFs."""
    certificates = list(selectors.certificates_of(learner=request.user))
    if not certificates:
        messages.info(request, "You have no certificates to download yet.")
        return redirect("passport")
    response = HttpResponse(certificates_zip_bytes(certificates), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="certificates.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke_view(request, uuid):
    certificate = _own_certificate(request, uuid)
    if not permissions.can_revoke_certificates(request.user):
        raise Http404("No such page.")
    if certificate.revoked_at is not None:
        messages.info(request, f"Certificate {certificate.serial} is already revoked.")
        return redirect("certificate_detail", uuid=certificate.uuid)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            certificate_revoke(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        except CertificateError as error:
            form.add_error("reason" if error.field == "reason" else None, str(error))
        else:
            messages.success(
                request, f"Certificate {certificate.serial} is revoked. Anyone checking it is told so."
            )
            return redirect("certificate_detail", uuid=certificate.uuid)
    return render(request, "certificates/revoke.html", {"certificate": certificate, "form": form})


@require_GET
def status_list(request, number: int):
    """The signed revocation status list: a verifier checks a bit, never asking us about one person."""
    if number < 1:
        raise Http404("No such status list.")
    response = JsonResponse(status_list_document(number), json_dumps_params={"indent": 2})
    response["Content-Type"] = "application/vc+ld+json"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- A cohort's certificates at once ------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def cohort_certificates_start(request, cohort_pk):
    if not permissions.can_keep_cohorts(request.user):
        raise Http404("No such page.")
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=cohort_pk)
    try:
        run = cohort_run_start(cohort=cohort, by=request.user)
    except CertificateError as error:
        messages.error(request, str(error))
        return redirect("cohort_detail", cohort_pk=cohort.pk)
    return redirect("certificate_run", uuid=run.uuid)


@login_required
@never_cache
def certificate_run(request, uuid):
    run = get_object_or_404(CertificateRun.objects.select_related("cohort__programme"), uuid=uuid)
    if run.started_by_id != request.user.pk and not permissions.can_keep_cohorts(request.user):
        raise Http404("No such page.")
    context = {"run": run, "cohort_url": reverse("cohort_detail", kwargs={"cohort_pk": run.cohort_id})}
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "total": run.total,
                "done": run.done,
                "issued": run.issued,
                "percent": run.percent,
                "finished": run.finished,
                "failure": run.failure,
            }
        )
    context["now"] = timezone.now()
    return render(request, "certificates/run.html", context)
