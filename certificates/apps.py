"""App configuration: certificates: issuing, PDFs, public verification and portable credentials."""

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms import completion

        from . import handlers, status
        from .credentials.resolver import register_local_source

        completion.register(handlers.on_completion)
        register_local_source(status.local_status_list)
