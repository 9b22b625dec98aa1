"""Training passport pages: the learner's own passport and its share links, the shared view anyone with
the link may open (HTML and JSON), and the import a manager or assessor at a new employer makes.

Each view reads input, calls one service or selector, and renders. Someone else's share link, and the
import for anyone who assesses nobody, answer 404.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from . import passport, passport_import
from .forms_passport import ImportRecordForm, ImportStartForm, ShareCreateForm
from .passport import PassportError
from .passport_import import PassportImportError
from .pdf import render_passport
from .views import _too_many


def _limited(request, group: str, key: str = "ip") -> bool:
    """Shared links are public: a person opens a few, a script guessing tokens many. Counted per minute."""
    return is_ratelimited(
        request, group=group, key=key, rate=settings.CERTIFICATE_VERIFY_RATE, increment=True
    )


# --- The learner's own passport --------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def passport_page(request):
    return render(
        request,
        "certificates/passport/passport.html",
        {"passport": passport.passport_of(person=request.user)},
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def passport_pdf(request):
    """The whole passport as one PDF, for printing or attaching to an application."""
    mine = passport.passport_of(person=request.user)
    pdf = render_passport(
        person_name=mine.person_name,
        certificates=mine.certificates,
        prior_learning=mine.prior_learning,
        generated_on=mine.today,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="training-passport.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def share_new(request):
    form = ShareCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            share = passport.passport_share_create(
                person=request.user, label=form.cleaned_data["label"], days=form.cleaned_data["days"]
            )
        except PassportError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Share link created. Copy it and send it to whoever needs to see it.")
            return redirect("passport_share", pk=share.pk)
    return render(request, "certificates/passport/share_new.html", {"form": form})


def _own_share(request, pk):
    share = passport.share_of(person=request.user, pk=pk)
    if share is None:
        raise Http404("No such link.")
    return share


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def share_detail(request, pk):
    return render(request, "certificates/passport/share_detail.html", {"share": _own_share(request, pk)})


@login_required
@require_http_methods(["GET", "POST"])
def share_revoke(request, pk):
    share = _own_share(request, pk)
    if not share.is_active:
        words = "been withdrawn" if share.revoked_at else "expired"
        messages.info(request, f"That link has {words} already.")
        return redirect("passport")
    if request.method == "POST":
        try:
            passport.passport_share_revoke(share=share, by=request.user)
        except PassportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Link withdrawn. Anyone opening it now is told it no longer works.")
        return redirect("passport")
    return render(request, "certificates/passport/share_revoke.html", {"share": share})


# --- What anyone with the link sees ----------------------------------------------------------


def _private(response):
    # The token is the key: keep the page out of caches, search engines and other sites' logs.
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _shared(request, token, *, json_format: bool):
    if _limited(request, "passport-shared"):
        return _too_many(request, json=json_format)
    share = passport.share_by_token(token)
    state = passport.share_state(share)
    if state != "active":
        status = 404 if state == "unknown" else 410
        if json_format:
            errors = {
                "unknown": "No passport is shared at this address.",
                "expired": "This passport link has expired. Ask its owner for a new one.",
                "revoked": "This passport link has been withdrawn by its owner.",
            }
            return _private(JsonResponse({"error": errors[state], "state": state}, status=status))
        return _private(
            render(request, "certificates/passport/shared_gone.html", {"state": state}, status=status)
        )
    # The owner looking at their own link is not someone using it: only others' openings are counted.
    if request.method == "GET" and request.user.pk != share.person_id:
        passport.passport_share_opened(share=share)
    facts = passport.shared_passport_facts(share, with_credentials=json_format)
    if json_format:
        response = JsonResponse(facts, json_dumps_params={"indent": 2})
        response["Access-Control-Allow-Origin"] = "*"
        return _private(response)
    return _private(
        render(
            request,
            "certificates/passport/shared.html",
            {"facts": facts, "checked_at": timezone.localtime(), "json_url": share.json_url},
        )
    )


@require_http_methods(["GET", "HEAD"])
def shared(request, token):
    return _shared(request, token, json_format=False)


@require_http_methods(["GET", "HEAD"])
def shared_json(request, token):
    return _shared(request, token, json_format=True)


# --- Import at a new employer ----------------------------------------------------------------


def _importer(request):
    if not passport_import.may_import(request.user):
        raise Http404("No such page.")


def _confirm(request, *, preview, link="", document=None, data=None):
    importer = request.user
    type_email = preview.person is None and not passport_import.lists_people(importer=importer)
    form = ImportRecordForm(
        data,
        preview=preview,
        people=passport_import.import_candidates(importer=importer),
        type_email=type_email,
        initial={"link": link, "document": json.dumps(document) if document is not None else ""},
    )
    return form


def _render_confirm(request, form, *, status=200):
    return render(
        request,
        "certificates/passport/import_confirm.html",
        {"form": form, "preview": form.preview},
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def import_start(request):
    """Paste a link or upload a credential; then see what it holds, verified, before recording it."""
    _importer(request)
    form = ImportStartForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and _limited(request, "passport-import", key="user"):
        return _too_many(request, json=False)
    if form.is_valid():
        link, document = form.cleaned_data["link"].strip(), form.cleaned_data["credential_file"]
        try:
            preview = passport_import.import_read(importer=request.user, link=link, document=document)
        except PassportImportError as error:
            form.add_service_error(error)
        else:
            return _render_confirm(request, _confirm(request, preview=preview, link=link, document=document))
    return render(request, "certificates/passport/import_start.html", {"form": form})


@login_required
@require_POST
def import_record(request):
    """Read and verify again what the confirmation page showed, then record the chosen items at once."""
    _importer(request)
    if _limited(request, "passport-import", key="user"):
        return _too_many(request, json=False)
    link = request.POST.get("link", "").strip()[:2000]
    document = None
    try:
        if request.POST.get("document"):
            document = passport_import.parse_upload(request.POST["document"].encode("utf-8"))
        preview = passport_import.import_read(importer=request.user, link=link, document=document)
    except PassportImportError as error:
        # The link stopped working between the two pages (expired, withdrawn): start again.
        start = ImportStartForm({"link": link})
        start.is_valid()  # bound, so the page keeps the link; only the reason it failed is shown
        start.errors.clear()
        start.add_service_error(error)
        return render(request, "certificates/passport/import_start.html", {"form": start})
    form = _confirm(request, preview=preview, link=link, document=document, data=request.POST)
    if form.is_valid():
        try:
            person = passport_import.person_for_import(
                importer=request.user,
                preview=preview,
                chosen=form.cleaned_data.get("person"),
                email=form.cleaned_data.get("person_email", ""),
            )
            claims = passport_import.import_record(
                importer=request.user, preview=preview, person=person, courses=form.cleaned_data["chosen"]
            )
        except PassportImportError as error:
            form.add_service_error(error)
        else:
            query = "&".join(f"claim={claim.pk}" for claim in claims)
            return redirect(f"{reverse('passport_import_recorded')}?{query}")
    return _render_confirm(request, form)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def import_recorded(request):
    _importer(request)
    claims = passport_import.recorded_claims(importer=request.user, ids=request.GET.getlist("claim")[:200])
    if not claims:
        raise Http404("Nothing was recorded.")
    return render(
        request,
        "certificates/passport/import_recorded.html",
        {"claims": claims, "person": claims[0].person},
    )
