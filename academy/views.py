"""Pages for people and organisations. Each reads input, calls one service or selector, and renders."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from reporting.ascwds.report import may_export_any_organisation

from . import permissions, selectors, services, staff_csv
from .forms import AcceptInvitationForm, InviteStaffForm, StaffUploadForm
from .models import Invitation, OrganisationType

PAGE_SIZE = 25
_UPLOAD_SESSION_KEY = "academy_staff_upload"


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def account_home(request):
    return render(
        request,
        "academy/account_home.html",
        {
            "memberships": selectors.own_memberships(request.user),
            "invitations": selectors.pending_invitations_of(request.user),
        },
    )


@login_required
def organisation_list(request):
    user = request.user
    organisations = selectors.organisation_list_for(
        user,
        type=request.GET.get("type", ""),
        area=request.GET.get("area", ""),
        q=request.GET.get("q", "").strip(),
    )
    if not permissions.sees_all_organisations(user):
        own = list(organisations[:2])
        if len(own) == 1:
            return redirect("organisation_detail", pk=own[0].pk)
    return render(
        request,
        "academy/organisation_list.html",
        {
            "page": _page(request, organisations),
            "type_choices": OrganisationType.choices,
            "areas": selectors.organisation_areas(),
            "filters": {key: request.GET.get(key, "") for key in ("type", "area", "q")},
            "show_filters": permissions.sees_all_organisations(user),
        },
    )


@login_required
def organisation_detail(request, pk):
    organisation = permissions.get_organisation_for(request.user, pk)
    can_manage = permissions.can_manage_organisation(request.user, organisation)
    named = permissions.sees_named_staff(request.user, organisation)
    return render(
        request,
        "academy/organisation_detail.html",
        {
            "organisation": organisation,
            "named_staff": named,
            "page": _page(request, selectors.team_for(request.user, organisation=organisation))
            if named
            else None,
            "can_manage": can_manage,
            # The council's team exports any provider's ASC-WDS files without managing it.
            "may_export_ascwds": not can_manage and may_export_any_organisation(request.user),
            "headcount_by_role": (
                [] if named else selectors.organisation_headcount_by_role(organisation=organisation)
            ),
            "invitations": selectors.pending_invitations_for(organisation=organisation) if can_manage else [],
        },
    )


@login_required
def people_list(request):
    q = request.GET.get("q", "").strip()
    page = _page(request, selectors.people_list_for(request.user, q=q))
    return render(
        request,
        "academy/people_list.html",
        {
            "page": page,
            "q": q,
            "rows": selectors.people_with_memberships(request.user, people=list(page.object_list)),
        },
    )


@login_required
def person_detail(request, public_id):
    person = permissions.get_person_for(request.user, public_id)
    return render(
        request,
        "academy/person_detail.html",
        {
            "person": person,
            "memberships": permissions.memberships_visible_to(request.user, person=person).select_related(
                "organisation", "job_role"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_staff(request, pk):
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    form = InviteStaffForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation, invited_by=request.user, **form.cleaned_data
            )
        except services.InvitationError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("invitation_sent", pk=organisation.pk, invitation_id=invitation.pk)
    return render(request, "academy/invite_staff.html", {"organisation": organisation, "form": form})


@login_required
def invitation_sent(request, pk, invitation_id):
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    invitation = get_object_or_404(
        Invitation.objects.select_related("membership__person"),
        pk=invitation_id,
        membership__organisation=organisation,
    )
    return render(
        request, "academy/invitation_sent.html", {"organisation": organisation, "invitation": invitation}
    )


@login_required
def staff_csv_template(request, pk):
    permissions.get_organisation_for(request.user, pk, manage=True)
    response = HttpResponse(staff_csv.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="academy-staff-template.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def invite_upload(request, pk):
    """Step 1: upload. Every row is checked; errors are listed by row and nothing is imported."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    form = StaffUploadForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        checked = staff_csv.check_upload(organisation=organisation, uploaded_file=form.cleaned_data["file"])
        if checked.is_valid:
            key = secrets.token_urlsafe(16)
            request.session[_UPLOAD_SESSION_KEY] = {
                "key": key,
                "organisation": organisation.pk,
                "rows": checked.form_data(),
            }
            return redirect(
                reverse("invite_upload_confirm", kwargs={"pk": organisation.pk}) + f"?upload={key}"
            )
    return render(
        request,
        "academy/invite_upload.html",
        {
            "organisation": organisation,
            "form": form,
            "checked": checked,
            "columns": staff_csv.COLUMNS,
            "required_columns": staff_csv.REQUIRED_COLUMNS,
            "max_rows": settings.ACADEMY_INVITE_CSV_MAX_ROWS,
        },
    )


def _stored_upload(request, organisation, key):
    stored = request.session.get(_UPLOAD_SESSION_KEY)
    if not stored or stored.get("organisation") != organisation.pk or stored.get("key") != key:
        return None
    return stored["rows"]


@login_required
@require_http_methods(["GET", "POST"])
def invite_upload_confirm(request, pk):
    """Step 2: the manager sees who will be invited and confirms. The rows are checked again."""
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    key = request.POST.get("upload") or request.GET.get("upload", "")
    rows = _stored_upload(request, organisation, key)
    if rows is None:
        messages.error(request, "That upload has expired or was already used. Upload the file again.")
        return redirect("invite_upload", pk=organisation.pk)
    checked = staff_csv.check_rows(organisation=organisation, rows=rows)
    if request.method == "POST" and checked.is_valid:
        try:
            invitations = services.invitations_create_from_rows(
                organisation=organisation, invited_by=request.user, rows=rows
            )
        except services.InvitationError as exc:
            messages.error(request, f"Nobody was invited. {exc} Upload the file again.")
            return redirect("invite_upload", pk=organisation.pk)
        del request.session[_UPLOAD_SESSION_KEY]
        messages.success(request, f"{len(invitations)} invitations sent.")
        return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request,
        "academy/invite_upload_confirm.html",
        {"organisation": organisation, "checked": checked, "upload_key": key},
    )


@login_required
@require_POST
def invitation_cancel(request, pk, invitation_id):
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    invitation = get_object_or_404(Invitation, pk=invitation_id, membership__organisation=organisation)
    email = invitation.membership.person.email
    try:
        services.invitation_cancel(invitation=invitation, by=request.user)
    except services.InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The invitation to {email} has been withdrawn.")
    return redirect("organisation_detail", pk=organisation.pk)


@login_required
@require_POST
def invitation_resend(request, pk, invitation_id):
    organisation = permissions.get_organisation_for(request.user, pk, manage=True)
    invitation = get_object_or_404(Invitation, pk=invitation_id, membership__organisation=organisation)
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except services.InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"The invitation has been sent again to {invitation.membership.person.email}."
        )
    return redirect("organisation_detail", pk=organisation.pk)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "academy/invitation_invalid.html", status=404)
    membership = invitation.membership
    person = membership.person
    context = {"invitation": invitation, "organisation": membership.organisation, "person": person}
    if membership.accepted_at is not None:
        return render(request, "academy/invitation_accepted.html", context)

    if not person.has_usable_password():
        # A new person: the signed link proves the email is theirs, so they set a password here.
        form = AcceptInvitationForm(person, request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.invitation_accept(
                invitation=invitation,
                person=person,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["new_password1"],
            )
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, f"Welcome to the Social Care Academy. You are now part of {membership.organisation}."
            )
            return redirect("account_home")
        return render(request, "academy/invitation_new_account.html", {**context, "form": form})

    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if request.user.pk != person.pk:
        return render(request, "academy/invitation_wrong_person.html", context, status=403)
    if request.method == "POST":
        services.invitation_accept(invitation=invitation, person=request.user)
        messages.success(request, f"You are now part of {membership.organisation}.")
        return redirect("account_home")
    return render(request, "academy/invitation_confirm.html", context)


def admin_login(request):
    next_url = request.GET.get("next") or reverse("wagtailadmin_home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def cookies(request):
    return render(request, "academy/cookies.html")


def accessibility(request):
    return render(request, "academy/accessibility.html")
