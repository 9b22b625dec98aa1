"""manage.py load_demo: fill a development database with demonstration data and print the sign-ins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from academy.demo import load_demo
from cms.demo import load_site_demo
from cms.events.demo import FACILITATOR_EMAIL, load_events_demo
from lms.demo import load_learning_demo
from lms.demo_assessment import load_assessment_demo
from lms.demo_compliance import load_compliance_demo
from lms.programmes import load_programmes
from reporting.demo import load_reporting_demo


class Command(BaseCommand):
    help = "Load the demonstration providers, staff and one account per role. Refuses to run with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo loader only runs with DEBUG=1: its accounts share a published password "
                "and must never exist on a real site."
            )
        result = load_demo()
        site = load_site_demo()
        events = load_events_demo()
        # The real programmes first (as a deployment loads them), then the demo's learning history.
        programmes = load_programmes()
        learning = load_learning_demo()
        assessment = load_assessment_demo()
        load_compliance_demo()
        reporting = load_reporting_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {result['organisations']} organisations, {result['staff']} staff."
            )
        )
        self.stdout.write(
            f"Site content added: {site['resources']} resources, {site['roles']} career pathway roles, "
            f"{site['news']} news and stories, {site['pages']} other pages (none when already there)."
        )
        self.stdout.write(
            f"Events: {events['events']} events with {events['sessions']} sessions and their bookings."
        )
        self.stdout.write(
            f"Learning: {programmes['courses']} courses and {programmes['programmes']} programmes added, "
            f"{learning['enrolments']} enrolments in the demo history; the demo assessor has "
            f"{assessment['claims']} prior-learning claims and observations waiting."
        )
        self.stdout.write(
            f"Reporting: {reporting['qualifications']} qualifications, {reporting['feedback']} course "
            f"feedback and {reporting['snapshots']} monthly snapshots added (none when already there)."
        )
        self.stdout.write(f"Every demo account's password is: {result['password']}")
        for account in result["accounts"]:
            self.stdout.write(f"  {account.role:<17} {account.email:<36} {account.description}")
        self.stdout.write(f"  {'facilitator':<17} {FACILITATOR_EMAIL:<36} runs the events, takes registers")
