"""Give a new site its event calendar at /events/, under the home page, and let editors draft events.

Publishing stays with Wagtail's review workflow: editors submit, moderators approve."""

from django.db import migrations

from cms.section_pages import create_section_page

TITLE = "Events"
INTRODUCTION = (
    "Workshops, webinars, coaching and live training for everyone working in adult social care locally. "
    "Book a place for yourself, or book your staff."
)


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")

    calendar = create_section_page(
        apps, app_label="events", model="EventIndexPage", title=TITLE, slug="events", introduction=INTRODUCTION
    )
    if calendar is None:
        return

    # The same as the home page gives them (and so inherited here already): draft and submit, never publish.
    editor = Group.objects.filter(name="Editor").first()
    page_ct = ContentType.objects.get(app_label="wagtailcore", model="page")
    if editor is not None:
        for codename in ("add_page", "change_page", "lock_page", "unlock_page"):
            permission = Permission.objects.filter(content_type=page_ct, codename=codename).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(group=editor, page_id=calendar.pk, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("cms", "0002_home_page"),
        ("academy", "0002_platform_roles_and_job_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
