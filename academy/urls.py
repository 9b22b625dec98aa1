"""The academy's URL map: its own pages, allauth's accounts, Wagtail and the Django admin."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import health, views
from .api import api

# The Django admin signs people in through allauth, so MFA and throttling apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Social Care Academy administration"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    # Wagtail's own sign-in form would bypass MFA and throttling: send it to the academy's.
    path("admin/login/", views.admin_login, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("xapi/", include("lrs.urls")),
    path("", include("cms.urls")),
    path("", include("lms.urls")),
    path("", include("certificates.urls")),
    path("", include("reporting.urls")),
    path("api/v1/", api.urls),
    path("account/", views.account_home, name="account_home"),
    path("cookies/", views.cookies, name="cookies"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/invite/", views.invite_staff, name="invite_staff"),
    path("organisations/<int:pk>/invite/upload/", views.invite_upload, name="invite_upload"),
    path(
        "organisations/<int:pk>/invite/upload/confirm/",
        views.invite_upload_confirm,
        name="invite_upload_confirm",
    ),
    path("organisations/<int:pk>/invite/template.csv", views.staff_csv_template, name="staff_csv_template"),
    path(
        "organisations/<int:pk>/invitations/<uuid:invitation_id>/",
        views.invitation_sent,
        name="invitation_sent",
    ),
    path(
        "organisations/<int:pk>/invitations/<uuid:invitation_id>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
    path(
        "organisations/<int:pk>/invitations/<uuid:invitation_id>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("people/", views.people_list, name="people_list"),
    path("people/<str:public_id>/", views.person_detail, name="person_detail"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree.
urlpatterns.append(path("", include(wagtail_urls)))
