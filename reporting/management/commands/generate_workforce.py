"""manage.py generate_workforce: build a synthetic locality or region: providers, staff and their learning."""

import datetime
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reporting.generator import STATEMENT_LEVELS, GeneratorError, Options, generate_workforce


def _whole_number(text: str) -> int:
    import argparse

    value = text.strip()
    if not (value.isascii() and value.lstrip("-").isdigit()) or len(value) > 12:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    return int(value)


def _day(text: str) -> datetime.date:
    import argparse

    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-31") from None


class Command(BaseCommand):
    help = (
        "Build a synthetic workforce for reporting at scale: providers across districts, staff with "
        "turnover, their training (completions, expiries, the Care Certificate, Oliver McGowan, leadership "
        "cohorts, prior learning), event bookings and attendance, and the xAPI statements of it all. "
        "Deterministic for a --seed. Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--providers", type=_whole_number, required=True, help="How many providers.")
        parser.add_argument(
            "--workers",
            type=_whole_number,
            required=True,
            help="Staff in post on the last day (leavers and people who moved come on top).",
        )
        parser.add_argument("--years", type=_whole_number, required=True, help="Years of history, 1 to 10.")
        parser.add_argument(
            "--seed", type=_whole_number, default=1, help="The same seed builds the same data."
        )
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            metavar="NAME",
            help="A district to put providers in (repeat for several). Default: the eight of a county.",
        )
        parser.add_argument(
            "--as-of", type=_day, help="The report date: the history ends as it begins (default: today)."
        )
        parser.add_argument(
            "--statements",
            choices=STATEMENT_LEVELS,
            default="completions",
            help="completions (default): completions of courses and programmes, and attendance; all: also "
            "every registration, step and knowledge-check attempt, as the services record them (about four "
            "times as many); none.",
        )
        parser.add_argument(
            "--bulk-load",
            action="store_true",
            help="PostgreSQL superusers, on a database nobody else is using (a region's worth, say): skip "
            "the foreign-key checks and build the largest tables' indexes once at the end. Those tables are "
            "locked until it finishes.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a real academy)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "generate_workforce fills the database with invented people and their training. It runs only "
                "with DEBUG=1, or with --force on a database made for testing or benchmarks: never on a real "
                "academy."
            )
        # Wagtail logs a line for each page it creates and publishes (programmes, events): noise here.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        wagtail_log.setLevel(logging.WARNING)
        try:
            summary = generate_workforce(
                Options(
                    providers=options["providers"],
                    workers=options["workers"],
                    years=options["years"],
                    seed=options["seed"],
                    areas=tuple(a.strip() for a in options["area"]),
                    as_of=options["as_of"],
                    statements=options["statements"],
                    bulk_load=options["bulk_load"],
                ),
                log=lambda message: self.stdout.write(message) if options["verbosity"] > 1 else None,
            )
        except GeneratorError as error:
            raise CommandError(str(error)) from None
        finally:
            wagtail_log.setLevel(level)
        if options["verbosity"] < 1:
            return
        rows = summary.rows
        shares = summary.care_certificate
        in_post = sum(shares.values()) or 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.providers:,} providers and {summary.people:,} people in "
                f"{summary.seconds:.0f} s: {summary.headcount:,} in post, {summary.leavers:,} leavers, "
                f"{summary.movers:,} moved provider."
            )
        )
        self.stdout.write(
            f"{rows.get('lms.Enrolment', 0):,} enrolments, "
            f"{rows.get('lms.PriorLearning', 0):,} prior learning claims, {summary.cohorts:,} leadership "
            f"cohorts, {summary.sessions:,} event sessions with "
            f"{rows.get('events.Booking', 0):,} bookings, {summary.statements:,} xAPI statements."
        )
        self.stdout.write(
            "Care Certificate of staff in post: "
            + ", ".join(
                f"{label} {100 * shares[key] / in_post:.0f}%"
                for key, label in (
                    ("completed", "completed"),
                    ("in_progress", "in progress"),
                    ("not_started", "not started"),
                )
            )
        )
