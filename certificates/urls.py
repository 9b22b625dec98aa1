"""URLs of certificates: public verification, credentials, the issuer's DID and the training passport."""

from django.urls import path

from . import views, views_did, views_passport

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
    path("passport/", views_passport.passport_page, name="passport"),
    path("passport/passport.pdf", views_passport.passport_pdf, name="passport_pdf"),
    path("passport/shares/new/", views_passport.share_new, name="passport_share_new"),
    path("passport/shares/<int:pk>/", views_passport.share_detail, name="passport_share"),
    path("passport/shares/<int:pk>/withdraw/", views_passport.share_revoke, name="passport_share_revoke"),
    path("passport/shared/<slug:token>.json", views_passport.shared_json, name="passport_shared_json"),
    path("passport/shared/<slug:token>/", views_passport.shared, name="passport_shared"),
    path("passport/import/", views_passport.import_start, name="passport_import"),
    path("passport/import/record/", views_passport.import_record, name="passport_import_record"),
    path("passport/import/recorded/", views_passport.import_recorded, name="passport_import_recorded"),
]
