"""manage.py load_programmes: load the academy's programmes, courses and default training requirements."""

from django.core.management.base import BaseCommand, CommandError

from lms.models import CourseCatalogPage
from lms.programmes import load_programmes


class Command(BaseCommand):
    help = (
        "Load the Care Certificate, Oliver McGowan Mandatory Training, the leadership programme, the "
        "mandatory topics and the default training requirements. Safe to run again: adds what is missing."
    )

    def handle(self, *args, **options):
        if not CourseCatalogPage.objects.exists():
            raise CommandError("There is no course catalogue page: run `manage.py migrate` first.")
        result = load_programmes()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {result['courses']} courses, {result['programmes']} programmes and "
                f"{result['requirements']} default training requirements."
            )
        )
        self.stdout.write(
            "Live sessions are linked to the events with the slugs oliver-mcgowan-tier-1, "
            "oliver-mcgowan-tier-2 and leading-teams where they exist; run this again after adding them, "
            "or link them in the admin."
        )
