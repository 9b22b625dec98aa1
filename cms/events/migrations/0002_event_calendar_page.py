"""Give a new site its event calendar at /events/, under the home page, and let editors draft events.

Publishing stays with Wagtail's review workflow: editors submit, moderators approve."""

from django.db import migrations

TITLE = "Events"
INTRODUCTION = (
    "Workshops, webinars, coaching and live training for everyone working in adult social care locally. "
    "Book a place for yourself, or book your staff."
)
STEP_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _next_child_path(Page, parent):
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    number = int(last.path[-4:], 36) + 1 if last else 1
    step = ""
    for _ in range(4):
        number, remainder = divmod(number, 36)
        step = STEP_DIGITS[remainder] + step
    return parent.path + step


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    EventIndexPage = apps.get_model("events", "EventIndexPage")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")

    home = Page.objects.filter(depth=2, content_type__app_label="cms", content_type__model="homepage").first()
    if home is None or EventIndexPage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="events", model="eventindexpage")
    slug = "events"
    if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=slug).exists():
        slug = "event-calendar"
    calendar = EventIndexPage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug=slug,
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        introduction=INTRODUCTION,
        live=True,
        has_unpublished_changes=False,
    )
    home.numchild = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
    home.save(update_fields=["numchild"])

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
