"""URLs of certificates: public verification, credentials, the issuer's DID and the training passport."""

from django.urls import path

from . import views, views_did

urlpatterns = [
    path("certificates/verify/", views.verify_start, name="certificate_verify_start"),
    path("certificates/verify/<str:reference>.json", views.verify_json, name="certificate_verify_json"),
    path("certificates/verify/<str:reference>/", views.verify, name="certificate_verify"),
    path("certificates/status/<int:number>.json", views.status_list, name="certificate_status_list"),
    path("certificates/download.zip", views.certificates_zip, name="certificates_zip"),
    path("certificates/runs/<uuid:uuid>/", views.certificate_run, name="certificate_run"),
    path(
        "certificates/cohorts/<int:cohort_pk>/issue/",
        views.cohort_certificates_start,
        name="cohort_certificates",
    ),
    path("certificates/<uuid:uuid>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<uuid:uuid>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<uuid:uuid>/credential.json",
        views.certificate_credential,
        name="certificate_credential",
    ),
    path("certificates/<uuid:uuid>/revoke/", views.certificate_revoke_view, name="certificate_revoke"),
    path(".well-known/did.json", views_did.did_json, name="issuer_did_document"),
]
