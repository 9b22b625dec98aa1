"""Replace Wagtail's welcome page with the academy's home page, and let editors draft pages."""

from django.db import migrations

INTRODUCTION = (
    "Training, records and careers for everyone working in adult social care with our local providers: "
    "learn online and face to face, keep your certificates, and see what comes next."
)
BODY = (
    "<h2>For care workers</h2>"
    "<p>Find the training you need, see what is due, and keep your certificates in one place that "
    "stays with you when you change employer.</p>"
    "<h2>For registered managers</h2>"
    "<p>See your team's training at a glance, book staff onto sessions and invite new starters.</p>"
    "<h2>For the council</h2>"
    "<p>Follow the workforce picture across every provider.</p>"
)


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")

    # Wagtail's own first migration made a placeholder page at depth 2; the home page takes its place.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
    Site.objects.all().delete()

    homepage_ct, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
    locale = Locale.objects.order_by("pk").first()
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Social Care Academy",
        draft_title="Social Care Academy",
        slug="home",
        content_type=homepage_ct,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        introduction=INTRODUCTION,
        body=BODY,
        call_to_action_text="Sign in",
        call_to_action_url="/accounts/login/",
        live=True,
        has_unpublished_changes=False,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost", root_page_id=home.pk, is_default_site=True, site_name="Social Care Academy"
    )

    # Editors draft and submit; publishing goes through Wagtail's moderation workflow.
    editor = Group.objects.get(name="Editor")
    page_ct = ContentType.objects.get(app_label="wagtailcore", model="page")
    for codename in ("add_page", "change_page", "lock_page", "unlock_page"):
        permission = Permission.objects.filter(content_type=page_ct, codename=codename).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=editor, page_id=home.pk, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("academy", "0002_platform_roles_and_job_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
